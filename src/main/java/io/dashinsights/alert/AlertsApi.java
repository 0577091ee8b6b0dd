package io.dashinsights.alert;

import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.AlertStateRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Read-only view of what the webhook decided: each alert occurrence with its measured rate, status,
 * panels and annotation ids (or why nothing was annotated), and the recorded groups' processing state.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsApi {

    private final AlertStateRepository states;
    private final AlertGroupRepository groups;

    AlertsApi(AlertStateRepository states, AlertGroupRepository groups) {
        this.states = states;
        this.groups = groups;
    }

    @GET
    public List<AlertStateRepository.State> alerts(@QueryParam("limit") @DefaultValue("100") int limit) {
        return states.recent(Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("/groups")
    public List<AlertGroupRepository.Row> recordedGroups(@QueryParam("limit") @DefaultValue("100") int limit) {
        return groups.recent(Math.max(1, Math.min(limit, 1000)));
    }
}
