package io.dashinsights.alert;

import io.dashinsights.domain.DashboardStatus;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Functions;
import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.dashboard.DashboardHandler;
import io.dashinsights.metrics.PrometheusClient;
import io.dashinsights.schedule.Backoff;
import io.dashinsights.store.AlertState;
import io.dashinsights.store.AlertStateRepository;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pull path for people without alert rules: a dashboard of type {@code error_rate} is checked on each
 * scheduled run inside trigger-on-schedule. Crossing the threshold records a synthetic firing alert that
 * the worker explains and annotates exactly like a webhook's; falling back closes the same region.
 * The dashboard's first query is the error-ratio PromQL; its Grafana target is the panel.
 */
@ApplicationScoped
public class ErrorRateCheck implements DashboardHandler {

    private static final Logger LOG = Logger.getLogger(ErrorRateCheck.class);

    private final PrometheusClient prometheus;
    private final AlertIntake intake;
    private final AlertWorker worker;
    private final AlertStateRepository states;
    private final DashboardRepository dashboards;
    private final InsightsConfig config;
    private final Clock clock;

    ErrorRateCheck(PrometheusClient prometheus, AlertIntake intake, AlertWorker worker, AlertStateRepository states,
                   DashboardRepository dashboards, InsightsConfig config, Clock clock) {
        this.prometheus = prometheus;
        this.intake = intake;
        this.worker = worker;
        this.states = states;
        this.dashboards = dashboards;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public DashboardType type() {
        return DashboardType.ERROR_RATE;
    }

    @Override
    public boolean update(DashboardState state, String runId, String envelopeId, String source) {
        return check(state, runId);
    }

    /** Measures the error ratio once and opens or closes the dashboard's region; settles its schedule. */
    public boolean check(DashboardState state, String runId) {
        DashboardConfig dashboard = state.config();
        try {
            if (config.prometheus().url().isEmpty()) {
                throw new IllegalStateException("an error_rate dashboard needs insights.prometheus.url");
            }
            Instant now = clock.instant();
            String query = dashboard.queryFor(dashboard.metrics().get(0));
            Optional<Double> rate = prometheus.instantValue(query, now).filter(Double::isFinite)
                    .filter(AlertContext::isRatio);
            String fingerprint = "pull-" + dashboard.id();
            Optional<AlertState> open = states.findOpen(fingerprint);
            Map<String, String> labels = Map.of("alertname", "ErrorRate", "dashboard", dashboard.id());
            boolean above = rate.isPresent() && rate.get() > config.alerts().threshold();
            AlertItem alert = null;
            if (above && open.isEmpty()) {
                alert = new AlertItem(AlertItem.FIRING, fingerprint, labels, Map.of(), now, null, null, null, rate.get(),
                        "prometheus", dashboard.grafana());
            } else if (!above && open.isPresent()) {
                alert = new AlertItem(AlertItem.RESOLVED, fingerprint, labels, Map.of(),
                        Instant.ofEpochMilli(open.get().startsAt()), now, null, null, null, null, dashboard.grafana());
            }
            if (alert != null) {
                AlertGroup group = new AlertGroup(AlertGroup.PULL, Functions.TRIGGER, alert.status(), runId, labels,
                        labels, 0, List.of(alert));
                long id = intake.record(group).groupId();
                if (!worker.runNow(id)) {
                    throw new IllegalStateException("alert group " + id + " for " + dashboard.id()
                            + " did not complete; it is retried by the worker");
                }
            }
            dashboards.markUpdated(dashboard.id(), clock.millis());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("error_rate check of %s failed: %s", dashboard.id(), e.getMessage());
            dashboards.markFailed(dashboard.id(), DashboardStatus.FAILED, e.getMessage(),
                    clock.millis() + Backoff.delayMillis(config.schedule(), state.failures(), null));
            return false;
        }
    }

}
