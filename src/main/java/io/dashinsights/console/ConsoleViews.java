package io.dashinsights.console;

import io.dashinsights.domain.AlertStatus;
import io.dashinsights.domain.DashboardStatus;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.console.ChartBuilder.Mark;
import io.dashinsights.console.Findings.MetricFindings;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.insight.AiMetrics;
import io.dashinsights.insight.AiModels;
import io.dashinsights.store.AnnotationLinkRepository;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import io.dashinsights.store.GrafanaUpdate;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.store.StageRun;
import io.dashinsights.store.StageRunRepository;
import io.dashinsights.store.UpdateLogRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads the store into what each console page shows. All text stays raw here; the templates escape it. */
@ApplicationScoped
public class ConsoleViews {

    static final int PUSHES_SHOWN = 20;
    static final int RUNS_SHOWN = 10;
    static final int ALERTS_SHOWN = 100;
    private static final int MARKS_SHOWN = 200;

    /**
     * One dashboard's line on the overview. {@code result}: ok, failed, pending retry, running, never run,
     * updated before import.
     */
    public record DashboardRow(String id, String title, String type, String schedule, String lastUpdate,
                               String lastUpdateAgo, String nextDue, String nextDueIn, String result,
                               String resultClass, String error, int outbox, String token) {
    }

    /**
     * @param ai      the publish rate of model explanations per kind since start; empty without a model
     * @param aiModel who writes explanations: the model and the answer format asked of it, or "template"
     */
    public record OverviewPage(List<DashboardRow> dashboards, boolean runNow, String now, List<AiMetrics.PublishRate> ai,
                               String aiModel) {
    }

    /** One update-log line: an attempt to change Grafana. */
    public record PushRow(String time, String kind, String status, boolean ok, Long annotationId, String error,
                          String text, String runId) {
    }

    /** One stage run of this dashboard. */
    public record RunRow(String id, String function, String status, String started, String took, String error) {
    }

    /**
     * @param analysis the run whose findings are drawn; null before the first run with a result
     * @param ran the run just started with "run now" (from the redirect), or null
     */
    public record DashboardPage(DashboardRow dashboard, String target, String grafanaLink, RunRow analysis,
                                String source, String explanation, List<Chart> charts, List<Findings.Note> notes,
                                List<PushRow> pushes, List<RunRow> runs, RunRow ran, boolean runNow, String now) {
    }

    public record AlertRow(String received, String sender, String status, String labels, String errorRate,
                           String threshold, String decision, boolean annotated, String reason, String target,
                           String annotation, String annotationState, InvestigationView investigation) {
    }

    public record AlertsPage(List<AlertRow> alerts, String now) {
    }

    private final DashboardRepository dashboards;
    private final StageRunRepository stageRuns;
    private final UpdateLogRepository updates;
    private final OutboxRepository outbox;
    private final AnnotationLinkRepository annotations;
    private final FindingsReader reader;
    private final FormTokens tokens;
    private final AlertFeed alerts;
    private final InsightsConfig config;
    private final Clock clock;
    private final AiModels models;
    private final AiMetrics aiMetrics;

    ConsoleViews(DashboardRepository dashboards, StageRunRepository stageRuns, UpdateLogRepository updates,
                 OutboxRepository outbox, AnnotationLinkRepository annotations, FindingsReader reader,
                 FormTokens tokens, AlertFeed alerts, InsightsConfig config, Clock clock, AiModels models,
                 AiMetrics aiMetrics) {
        this.models = models;
        this.aiMetrics = aiMetrics;
        this.dashboards = dashboards;
        this.stageRuns = stageRuns;
        this.updates = updates;
        this.outbox = outbox;
        this.annotations = annotations;
        this.reader = reader;
        this.tokens = tokens;
        this.alerts = alerts;
        this.config = config;
        this.clock = clock;
    }

    public boolean runNowEnabled() {
        return !config.console().readOnly();
    }

    public OverviewPage overview(String session) {
        long now = clock.millis();
        return new OverviewPage(dashboards.findAll().stream().map(d -> row(d, session, now)).toList(),
                runNowEnabled(), Times.format(now), models.enabled() ? aiMetrics.publishRates() : List.of(),
                models.enabled() ? models.author() + " (" + models.provider().name().toLowerCase(Locale.ROOT)
                        + ", answers asked as " + models.answerFormat().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ') + ")" : "template only (insights.ai.provider=none)");
    }

    public Optional<DashboardPage> dashboard(String id, String session, String ranId) {
        return dashboards.find(id).map(d -> dashboard(d, session, ranId));
    }

    public AlertsPage alerts() {
        List<AlertRow> rows = alerts.recent(ALERTS_SHOWN).stream().map(ConsoleViews::row).toList();
        return new AlertsPage(rows, Times.format(clock.millis()));
    }

    private DashboardPage dashboard(DashboardState d, String session, String ranId) {
        long now = clock.millis();
        List<StageRun> runs = stageRuns.recent(d.id(), RUNS_SHOWN);
        Optional<StageRun> analysed = stageRuns.latestAnalysis(d.id());
        Findings findings = analysed.map(r -> reader.read(r.result())).orElse(Findings.NONE);
        List<AnnotationLinkRepository.Link> links = annotations.forDashboard(d.id(), MARKS_SHOWN);
        List<Chart> charts = findings.metrics().stream().map(m -> ChartBuilder.draw(m, marks(d.id(), m, links))).toList();
        RunRow ran = ranId == null ? null : stageRuns.find(ranId).filter(r -> d.id().equals(r.dashboardId()))
                .map(ConsoleViews::row).orElse(null);
        return new DashboardPage(row(d, session, now), d.config().grafana().describe(), grafanaLink(d.config().grafana()),
                analysed.map(ConsoleViews::row).orElse(null), findings.source(), findings.explanation(), charts, findings.notes(),
                updates.recent(d.id(), PUSHES_SHOWN).stream().map(ConsoleViews::row).toList(),
                runs.stream().map(ConsoleViews::row).toList(), ran, runNowEnabled(),
                Times.format(now));
    }

    private static List<Mark> marks(String dashboardId, MetricFindings m, List<AnnotationLinkRepository.Link> links) {
        return links.stream().filter(l -> onChart(l.scope(), dashboardId, m.metric()))
                .map(l -> new Mark(l.time(), "Grafana annotation #" + l.annotationId() + " (" + l.scope() + ")"
                        + (l.timeEnd() == null ? "" : " until " + Times.format(l.timeEnd())))).toList();
    }

    /**
     * Findings' annotation scopes are {@code <dashboard>:<anomaly|trend|forecast>:<metric>} (metric names may
     * hold colons, so the prefix is matched, not split); an annotation about no single metric goes on every chart.
     */
    static boolean onChart(String scope, String dashboardId, String metric) {
        for (String kind : List.of("anomaly", "trend", "forecast")) {
            String prefix = dashboardId + ":" + kind + ":";
            if (scope.startsWith(prefix)) {
                return scope.substring(prefix.length()).equals(metric);
            }
        }
        return true;
    }

    private String grafanaLink(GrafanaTarget target) {
        return config.grafana().url().map(base -> base.replaceAll("/+$", "") + "/d/"
                + URLEncoder.encode(target.dashboardUid(), StandardCharsets.UTF_8)
                + (target.panelId() == null ? "" : "?viewPanel=" + target.panelId())).orElse(null);
    }

    private DashboardRow row(DashboardState d, String session, long now) {
        String result;
        String css;
        boolean leased = d.leaseUntil() != null && d.leaseUntil() > now;
        if (leased) {
            result = "running";
            css = "running";
        } else if (d.lastStatus() == null) {
            // Only a last_update carried over from an imported config file: updated, but not by us.
            result = d.lastUpdate() == null ? "never run" : "updated before import";
            css = d.lastUpdate() == null ? "pending" : "ok";
        } else {
            switch (d.lastStatus()) {
                case OK -> {
                    result = "ok";
                    css = "ok";
                }
                case PENDING_RETRY -> {
                    result = "pending retry";
                    css = "pending";
                }
                default -> {
                    result = d.lastStatus().code();
                    css = "failed";
                }
            }
        }
        var c = d.config();
        return new DashboardRow(d.id(), c.title(), c.type().configName(), "every " + minutes(c.refreshMinutes())
                + ", window " + Times.span(c.timeRange()),
                Times.format(d.lastUpdate()), Times.relative(d.lastUpdate(), now), Times.format(d.nextDue()),
                Times.relative(d.nextDue(), now), result, css, d.lastStatus() == DashboardStatus.OK ? null : d.lastError(),
                outbox.pendingCount(d.id()), tokens.token(session, d.id()));
    }

    private static String minutes(int m) {
        return m % 60 == 0 ? m / 60 + " h" : m + " min";
    }

    private static PushRow row(GrafanaUpdate u) {
        boolean ok = u.statusCode() != null && u.statusCode() >= 200 && u.statusCode() < 300;
        return new PushRow(Times.format(u.createdAt()), u.kind(), u.statusCode() == null ? "no answer"
                : String.valueOf(u.statusCode()), ok, u.annotationId(), u.error(), shorten(u.text(), 240), u.runId());
    }

    private static RunRow row(StageRun r) {
        String took = r.finishedAt() == null ? "" : (r.finishedAt() - r.startedAt()) + " ms";
        return new RunRow(r.id(), r.function(), r.status().code(), Times.format(r.startedAt()), took, r.error());
    }

    private static AlertRow row(AlertView a) {
        String labels = a.labels() == null ? "" : a.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return new AlertRow(Times.format(a.receivedAt()), a.sender(), a.status(), labels, percent(a.errorRate()),
                percent(a.threshold()), a.decision(), AlertStatus.ANNOTATED.code().equals(a.decision()), a.reason(),
                a.target(),
                a.annotationId() == null ? null : "#" + a.annotationId(), a.annotationState(),
                InvestigationView.of(a.investigation()));
    }

    private static String percent(Double fraction) {
        return fraction == null ? "" : Times.number(fraction * 100) + " %";
    }

    private static String shorten(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
