package io.dashinsights.alert;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.AlertState;
import io.dashinsights.store.AlertStateRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of what the webhook decided: each alert occurrence with its measured rate, status,
 * panels and annotation ids (or why nothing was annotated), and the recorded groups' processing state.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsApi {

    /**
     * One alert's decision, with what its delivery said about why it was sent (Alertmanager ≥ 0.32
     * {@code notification_reason}, ≥ 0.34 {@code routeLabels}; null/empty for other senders).
     */
    public record Decision(@JsonUnwrapped AlertState state, String notificationReason,
                           Map<String, String> routeLabels) {
    }

    private final AlertStateRepository states;
    private final AlertGroupRepository groups;
    private final ObjectMapper mapper;

    AlertsApi(AlertStateRepository states, AlertGroupRepository groups, ObjectMapper mapper) {
        this.states = states;
        this.groups = groups;
        this.mapper = mapper;
    }

    @GET
    public List<Decision> alerts(@QueryParam("limit") @DefaultValue("100") int limit) {
        Map<Long, Optional<AlertGroup>> delivered = new HashMap<>();
        return states.recent(Math.max(1, Math.min(limit, 1000))).stream().map(s -> {
            Optional<AlertGroup> group = s.groupId() == null ? Optional.empty()
                    : delivered.computeIfAbsent(s.groupId(), this::group);
            return new Decision(s, group.map(AlertGroup::notificationReason).orElse(null),
                    group.map(AlertGroup::routeLabels).orElse(Map.of()));
        }).toList();
    }

    @GET
    @Path("/groups")
    public List<AlertGroupRepository.Row> recordedGroups(@QueryParam("limit") @DefaultValue("100") int limit) {
        return groups.recent(Math.max(1, Math.min(limit, 1000)));
    }

    private Optional<AlertGroup> group(long id) {
        return groups.find(id).flatMap(row -> {
            try {
                return Optional.of(mapper.readValue(row.payload(), AlertGroup.class));
            } catch (Exception unreadable) {
                return Optional.empty();
            }
        });
    }
}
