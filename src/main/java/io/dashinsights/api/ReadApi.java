package io.dashinsights.api;

import io.dashinsights.domain.DashboardStatus;
import io.dashinsights.console.FindingsReader;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.store.StageRunRepository;
import io.dashinsights.contract.BadInputException;
import jakarta.ws.rs.PathParam;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import io.dashinsights.store.GrafanaUpdate;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.store.UpdateLogRepository;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** Read-only views of what the function set did, for people and tests. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ReadApi {

    /** A dashboard as listed. Times are RFC 3339. */
    public record DashboardView(String id, String type, String title, int refreshMinutes, String lastUpdate,
                                String nextDue, DashboardStatus lastStatus, String lastError, int failures,
                                int pendingPushes, String grafanaTarget) {
    }

    /** One update-log row. */
    public record UpdateView(long id, String dashboardId, String runId, String target, String kind, Integer statusCode,
                             String error, String text, Long annotationId, String time) {
    }

    private final DashboardRepository dashboards;
    private final UpdateLogRepository updates;
    private final OutboxRepository outbox;
    private final StageRunRepository stageRuns;
    private final FindingsReader findings;

    ReadApi(DashboardRepository dashboards, UpdateLogRepository updates, OutboxRepository outbox,
            StageRunRepository stageRuns, FindingsReader findings) {
        this.dashboards = dashboards;
        this.updates = updates;
        this.outbox = outbox;
        this.stageRuns = stageRuns;
        this.findings = findings;
    }

    /**
     * What the dashboard's newest prepare run found, as typed findings (the same records the console draws);
     * 404 naming the dashboard when it is unknown or has not been analysed yet.
     */
    @GET
    @Path("/dashboards/{id}/findings")
    public DashboardFindings findings(@PathParam("id") String id) {
        if (dashboards.find(id).isEmpty()) {
            throw BadInputException.notFound("id", "no dashboard with id '" + id + "'");
        }
        return stageRuns.latestAnalysis(id).flatMap(run -> findings.parse(run.result()))
                .orElseThrow(() -> BadInputException.notFound("id", "dashboard '" + id + "' has no findings yet"));
    }

    @GET
    @Path("/dashboards")
    public List<DashboardView> dashboards() {
        return dashboards.findAll().stream().map(this::view).toList();
    }

    @GET
    @Path("/updates")
    public List<UpdateView> updates(@QueryParam("dashboard") String dashboard,
                                    @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("query parameter 'limit' must be from 1 to 1000");
        }
        return updates.recent(dashboard, limit).stream().map(ReadApi::view).toList();
    }

    private DashboardView view(DashboardState d) {
        return new DashboardView(d.id(), d.config().type().configName(), d.config().title(),
                d.config().refreshMinutes(), time(d.lastUpdate()), time(d.nextDue()), d.lastStatus(), d.lastError(),
                d.failures(), outbox.pendingCount(d.id()), d.config().grafana().describe());
    }

    private static UpdateView view(GrafanaUpdate u) {
        return new UpdateView(u.id(), u.dashboardId(), u.runId(), u.target(), u.kind(), u.statusCode(), u.error(),
                u.text(), u.annotationId(), time(u.createdAt()));
    }

    private static String time(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
    }
}
