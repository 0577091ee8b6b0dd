package io.dashinsights.dashboard;

import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.Point;
import io.dashinsights.domain.PushReceipt;
import io.dashinsights.domain.SeriesSample;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.analysis.Series;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Invoker;
import io.dashinsights.contract.StageResult;
import io.dashinsights.contract.StageRunner;
import io.dashinsights.domain.PushRequest;
import io.dashinsights.domain.MetricsSource;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared shape of prepare-anomaly, prepare-trend and prepare-forecast: validate the envelope, fetch
 * the dashboard's series, run its analysis, and hand the result to push-grafana.
 */
@ApplicationScoped
public class PrepareService {

    private static final int DISPLAY_POINTS = 500;

    private final StageRunner runner;
    private final DashboardRepository dashboards;
    private final MetricsSource metrics;
    private final Invoker invoker;
    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Clock clock;

    PrepareService(StageRunner runner, DashboardRepository dashboards, @Named("active") MetricsSource metrics,
                   Invoker invoker, ObjectMapper mapper, InsightsConfig config, Clock clock) {
        this.runner = runner;
        this.dashboards = dashboards;
        this.metrics = metrics;
        this.invoker = invoker;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    public StageResult prepare(Preparation preparation, Envelope envelope) {
        String function = preparation.type().function();
        StageRunner.validate(function, envelope);
        String dashboardId = StageRunner.requiredText(envelope, "dashboardId");
        DashboardState state = dashboards.find(dashboardId).orElseThrow(() -> BadInputException.notFound(
                "data.dashboardId", "no dashboard with id '" + dashboardId + "'"));
        DashboardConfig dashboard = state.config();
        if (dashboard.type() != preparation.type()) {
            throw BadInputException.badRequest("data.dashboardId", "dashboard '" + dashboardId + "' is of type "
                    + dashboard.type().configName() + "; send it to " + dashboard.type().function());
        }
        long now = now(envelope);
        String runId = envelope.runid() != null ? envelope.runid() : envelope.id();
        return runner.run(function, envelope, dashboardId, () -> {
            List<Series> series = fetch(dashboard, preparation.history(dashboard), now);
            Preparation.Prepared prepared = preparation.prepare(dashboard, series, now);
            ObjectNode data = mapper.valueToTree(new PushRequest(dashboardId, dashboard.grafana(),
                    prepared.annotations(), prepared.panelText()));
            Envelope push = Envelope.create(Functions.PUSH_GRAFANA, envelope.id() + ":push", "/" + function, dashboardId,
                    runId, data);
            StageResult pushed = invoker.invoke(Functions.PUSH_GRAFANA, push);
            DashboardFindings result = prepared.findings().toBuilder().source(metrics.kind())
                    .series(seriesForDisplay(series, now - dashboard.timeRange().toMillis())).push(new DashboardFindings.Push(pushed.status(), pushed.message(),
                            receipt(pushed))).build();
            // A push the platform will deliver later (broker, queue) is handed on, not failed.
            boolean handedOn = pushed.succeeded() || pushed.sent();
            return new StageRunner.Outcome(handedOn, pushed.succeeded() ? "prepared and pushed"
                    : pushed.sent() ? "prepared; push " + pushed.message() : "prepared; push failed: " + pushed.message(),
                    mapper.valueToTree(result));
        });
    }

    private List<Series> fetch(DashboardConfig dashboard, Duration history, long now) {
        Instant end = Instant.ofEpochMilli(now);
        Instant start = end.minus(history);
        Duration step = Duration.ofSeconds(Math.max(15,
                history.toSeconds() / config.prometheus().targetPoints()));
        List<Series> series = new ArrayList<>();
        for (String metric : dashboard.metrics()) {
            series.add(metrics.rangeQuery(metric, dashboard.queryFor(metric), start, end, step));
        }
        return series;
    }

    /**
     * The analysed series, averaged into at most {@value #DISPLAY_POINTS} buckets, kept with the stage result
     * so people (and the console) can see what the findings were computed from. Only the dashboard's own window
     * is kept: warm-up history before it (anomaly detection reads three extra days) would squeeze the window's
     * incidents into a sliver of the chart.
     */
    private static List<SeriesSample> seriesForDisplay(List<Series> series, long from) {
        List<SeriesSample> all = new ArrayList<>();
        for (Series s : series) {
            List<Point> points = new ArrayList<>();
            int n = s.size();
            int first = 0;
            while (first < n && s.timestamps()[first] < from) {
                first++;
            }
            int bucket = Math.max(1, (n - first + DISPLAY_POINTS - 1) / DISPLAY_POINTS);
            for (int i = first; i < n; i += bucket) {
                double sum = 0;
                int count = 0;
                for (int j = i; j < Math.min(n, i + bucket); j++) {
                    if (Double.isFinite(s.values()[j])) {
                        sum += s.values()[j];
                        count++;
                    }
                }
                points.add(new Point(s.timestamps()[i], count > 0 ? sum / count : null));
            }
            all.add(new SeriesSample(s.name(), points));
        }
        return all;
    }

    /** The push stage's receipt; absent when it failed before it could write one (e.g. bad input). */
    private PushReceipt receipt(StageResult pushed) {
        if (pushed.result() == null || !pushed.result().isObject()) {
            return null;
        }
        try {
            return mapper.treeToValue(pushed.result(), PushReceipt.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** The envelope may pin "now" (to re-run a past period by hand); otherwise the clock. */
    private long now(Envelope envelope) {
        var now = envelope.data().get("now");
        if (now == null || now.isNull()) {
            return clock.millis();
        }
        try {
            return Instant.parse(now.asText()).toEpochMilli();
        } catch (RuntimeException e) {
            throw BadInputException.badRequest("data.now", "field 'data.now' must be an RFC 3339 time like "
                    + "2026-01-31T12:00:00Z");
        }
    }
}
