package io.dashinsights.investigation;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dashinsights.domain.Investigation;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.analysis.Series;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.grafana.GrafanaClient;
import io.dashinsights.domain.Investigation.Change;
import io.dashinsights.domain.Investigation.Check;
import io.dashinsights.domain.Investigation.CheckResult;
import io.dashinsights.domain.Investigation.CoMoving;
import io.dashinsights.domain.Investigation.Evidence;
import io.dashinsights.domain.Investigation.LabelShare;
import io.dashinsights.domain.Investigation.Outcome;
import io.dashinsights.domain.MetricsSource;
import io.dashinsights.metrics.PromQl;
import io.dashinsights.metrics.PrometheusClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The four checks of an investigation and how their evidence is scored. Every number is computed here from what
 * Prometheus and Grafana answered; names, label values and annotation texts are kept as data.
 */
final class Checks {

    /** Most label values reported per label. */
    private static final int MAX_PER_LABEL = 3;
    /** Change markers kept in all (Grafana and Prometheus together), the nearest to the start first. */
    private static final int MAX_CHANGES = 10;
    /** A label with more values than this is an id (request, trace), not something that carries a deviation. */
    private static final int MAX_LABEL_VALUES = 200;
    private static final int MAX_TEXT = 300;
    /** Shares below this are noise in the texts. */
    private static final double MIN_SHARE = 0.1;

    private final InsightsConfig.Investigation settings;
    private final PrometheusClient prometheus;
    private final MetricsSource metrics;
    private final GrafanaClient grafana;
    private final Clock clock;
    /** Change signals already looked up or being looked up, by what was asked (insights.investigation.change-cache). */
    private final AsyncCache<ChangeLookup, Object> changeCache;

    /** One change-signal look-up: the same one gets the same answer while it is cached. */
    private record ChangeLookup(String source, String query, String dashboardUid, List<String> tags, long from, long to,
                                long step, int limit) {
    }

    /**
     * @param prometheus null when metrics do not come from Prometheus (no labels, no change signals)
     * @param grafana    null when no Grafana is configured (no change annotations)
     */
    Checks(InsightsConfig.Investigation settings, PrometheusClient prometheus, MetricsSource metrics,
           GrafanaClient grafana, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.prometheus = prometheus;
        this.metrics = metrics;
        this.grafana = grafana;
        this.changeCache = settings.changeCache().isPositive()
                ? Caffeine.newBuilder().expireAfterWrite(settings.changeCache()).maximumSize(10_000).buildAsync()
                : null;
    }

    /** One check's run: the shared query budget, the queries it sent and its clock. */
    static final class Probe {
        private final Check check;
        private final AtomicInteger budget;
        private final List<String> queries = new ArrayList<>();
        private final long started = System.nanoTime();

        Probe(Check check, AtomicInteger budget) {
            this.check = check;
            this.budget = budget;
        }

        <T> T query(String what, Supplier<T> call) {
            if (budget.getAndDecrement() <= 0) {
                throw new BudgetSpent();
            }
            synchronized (queries) {
                queries.add(what);
            }
            return call.get();
        }

        CheckResult result(Outcome outcome, String detail, List<Evidence> evidence) {
            List<String> sent;
            synchronized (queries) {
                sent = List.copyOf(queries);
            }
            return new CheckResult(check, outcome, sent, detail, Duration.ofNanos(System.nanoTime() - started), evidence);
        }
    }

    /** The shared query budget ran out: the check reports what it had. */
    static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super("query budget spent (insights.investigation.max-queries)", null, false, false);
        }
    }

    // ---- breakdown -------------------------------------------------------------------------------------------

    CheckResult breakdown(InvestigationRequest r, Probe p) {
        if (prometheus == null) {
            return p.result(Outcome.SKIPPED, "metrics do not come from Prometheus: no labels to break down", List.of());
        }
        if (r.query() == null || r.query().isBlank()) {
            return p.result(Outcome.SKIPPED, "no PromQL for " + r.metric(), List.of());
        }
        String part = PromQlRewrite.numerator(r.query());
        List<String> selectors = PromQlRewrite.selectors(part);
        if (selectors.isEmpty()) {
            return p.result(Outcome.SKIPPED, "no series selector in " + part, List.of());
        }
        Instant baselineStart = baselineStart(r);
        List<Map<String, String>> series;
        try {
            series = p.query("series " + String.join(" ", selectors),
                    () -> prometheus.seriesLabels(selectors, baselineStart, end(r)));
        } catch (RuntimeException e) {
            return p.result(Outcome.FAILED, "series API: " + message(e), List.of());
        }
        List<String> labels = candidateLabels(series, selectors);
        if (labels.isEmpty()) {
            return p.result(Outcome.NOTHING, "the " + series.size() + " series of " + part
                    + " differ in no label worth breaking down", List.of());
        }
        Duration step = step(r);
        // The incident may be seconds old (a live alert): its own, finer resolution.
        long incidentSeconds = Math.max(1, Duration.between(r.incidentStart(), end(r)).toSeconds());
        long incidentStep = Math.max(1, incidentSeconds / 20);
        long baselineSeconds = Duration.between(baselineStart, r.incidentStart()).toSeconds();
        List<Evidence> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String label : labels) {
            String grouped = PromQlRewrite.groupBy(part, label);
            String incidentQuery = "avg_over_time((" + grouped + ")[" + incidentSeconds + "s:" + incidentStep + "s])";
            String baselineQuery = "avg_over_time((" + grouped + ")[" + baselineSeconds + "s:" + step.toSeconds() + "s])";
            Map<String, double[]> levels = new LinkedHashMap<>();
            try {
                p.query(baselineQuery, () -> prometheus.instantVectorOnce(baselineQuery, r.incidentStart()))
                        .forEach(row -> levels.computeIfAbsent(row.getKey().getOrDefault(label, ""),
                                k -> new double[2])[0] += finite(row.getValue()));
                p.query(incidentQuery, () -> prometheus.instantVectorOnce(incidentQuery, end(r)))
                        .forEach(row -> levels.computeIfAbsent(row.getKey().getOrDefault(label, ""),
                                k -> new double[2])[1] += finite(row.getValue()));
            } catch (BudgetSpent e) {
                notes.add(e.getMessage());
                break;
            } catch (RuntimeException e) {
                notes.add(label + ": " + message(e));
                continue;
            }
            if (levels.size() < 2) {
                continue;
            }
            Deviation.shares(levels, r.upward()).stream().filter(s -> s.share() >= MIN_SHARE).limit(MAX_PER_LABEL)
                    .forEach(s -> found.add(new LabelShare(label, s.value(), s.share(), s.baseline(), s.incident(),
                            r.upward() ? "increase" : "drop")));
        }
        String detail = "broke " + part + " down by " + String.join(", ", labels)
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        if (found.isEmpty() && !notes.isEmpty() && notes.size() >= labels.size()) {
            return p.result(Outcome.FAILED, detail, found);
        }
        return p.result(found.isEmpty() ? Outcome.NOTHING : Outcome.FOUND, detail, found);
    }

    /**
     * Labels whose values differ between the series, in the configured order when an include list is set, else
     * locating labels before describing ones (status codes) and fewer values first.
     */
    List<String> candidateLabels(List<Map<String, String>> series, List<String> selectors) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (Map<String, String> s : series) {
            s.forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
        }
        Set<String> pinned = new LinkedHashSet<>();
        selectors.forEach(sel -> pinned.addAll(PromQlRewrite.equalityMatchers(sel).keySet()));
        List<String> include = settings.breakdownInclude().orElse(List.of());
        List<String> out = new ArrayList<>();
        values.forEach((label, vs) -> {
            boolean wanted = include.isEmpty() || include.contains(label);
            if (wanted && !label.equals("__name__") && !settings.breakdownExclude().contains(label)
                    && !pinned.contains(label) && vs.size() >= 2 && vs.size() <= MAX_LABEL_VALUES) {
                out.add(label);
            }
        });
        Comparator<String> order = include.isEmpty()
                ? Comparator.<String>comparingInt(l -> settings.breakdownDescriptive().contains(l) ? 1 : 0)
                        .thenComparingInt(l -> values.get(l).size()).thenComparing(l -> l)
                : Comparator.comparingInt(include::indexOf);
        return out.stream().sorted(order).limit(settings.breakdownLabels()).toList();
    }

    // ---- changes ---------------------------------------------------------------------------------------------

    CheckResult changes(InvestigationRequest r, Probe p) {
        if (grafana == null && prometheus == null) {
            return p.result(Outcome.SKIPPED, "neither Grafana nor Prometheus is configured", List.of());
        }
        Instant from = r.incidentStart().minus(settings.changeLookback());
        Instant to = r.incidentStart().plus(step(r));
        List<Evidence> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (grafana != null) {
            try {
                found.addAll(grafanaChanges(r, p, from, to));
            } catch (RuntimeException e) {
                notes.add("Grafana: " + message(e));
            }
        }
        if (prometheus != null) {
            settings.changeQueries().forEach((name, promql) -> {
                try {
                    found.addAll(prometheusChanges(r, p, name, promql, from, to));
                } catch (RuntimeException e) {
                    notes.add(name + ": " + message(e));
                }
            });
        }
        List<Evidence> nearest = found.stream().map(Change.class::cast)
                .sorted(Comparator.comparing(Change::lead)).limit(MAX_CHANGES).map(Evidence.class::cast).toList();
        String detail = "changes from " + from + " to " + to + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        if (nearest.isEmpty() && !notes.isEmpty()) {
            return p.result(Outcome.FAILED, detail, nearest);
        }
        return p.result(nearest.isEmpty() ? Outcome.NOTHING : Outcome.FOUND, detail, nearest);
    }

    /**
     * The dashboard's annotations with a change tag (org-wide ones by tag when the incident has no dashboard),
     * never one this app wrote: our own explanations must not become the evidence of the next one.
     */
    private List<Evidence> grafanaChanges(InvestigationRequest r, Probe p, Instant from, Instant to) {
        List<JsonNode> annotations = new ArrayList<>();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        if (r.dashboardUid() != null && !r.dashboardUid().isBlank()) {
            p.query("GET /api/annotations?dashboardUID=" + r.dashboardUid(), () -> shared(
                    new ChangeLookup("grafana", null, r.dashboardUid(), List.of(), fromMs, toMs, 0, 100),
                    () -> grafana.findAnnotations(fromMs, toMs, r.dashboardUid(), List.of(),
                            GrafanaClient.TagMatch.ALL, 100))).forEach(annotations::add);
        } else {
            for (String tag : settings.changeTags()) {
                p.query("GET /api/annotations?tags=" + tag, () -> shared(
                        new ChangeLookup("grafana", null, null, List.of(tag), fromMs, toMs, 0, 50),
                        () -> grafana.findAnnotations(fromMs, toMs, null, List.of(tag),
                                GrafanaClient.TagMatch.ALL, 50))).forEach(annotations::add);
            }
        }
        Set<String> changeTags = lower(settings.changeTags());
        Set<String> ours = lower(r.excludeTags());
        Map<Long, Evidence> byId = new LinkedHashMap<>();
        for (JsonNode a : annotations) {
            List<String> tags = new ArrayList<>();
            a.path("tags").forEach(t -> tags.add(t.asText()));
            Set<String> lowered = lower(tags);
            boolean mine = lowered.stream().anyMatch(t -> ours.contains(t) || t.startsWith("ai:"));
            boolean change = lowered.stream().anyMatch(changeTags::contains);
            long time = a.path("time").asLong(0);
            if (mine || !change || time < fromMs || time > toMs) {
                continue;
            }
            String text = a.path("text").asText("");
            Instant at = Instant.ofEpochMilli(time);
            byId.putIfAbsent(a.path("id").asLong(time), new Change(Change.Source.GRAFANA, at,
                    Duration.between(at, r.incidentStart()), cut(text), tags, Map.of()));
        }
        return List.copyOf(byId.values());
    }

    /** The latest change before {@code to} of each series of a change signal that belongs to the incident's service. */
    private List<Evidence> prometheusChanges(InvestigationRequest r, Probe p, String name, String promql,
                                             Instant from, Instant to) {
        Duration step = Duration.ofSeconds(Math.max(15, settings.changeLookback().toSeconds() / 240));
        List<PrometheusClient.LabeledSeries> all = p.query(promql, () -> shared(
                new ChangeLookup("prometheus", promql, null, List.of(), from.toEpochMilli(), to.toEpochMilli(),
                        step.toMillis(), 0),
                () -> prometheus.rangeMatrix(promql, from, to, step)));
        List<Evidence> out = new ArrayList<>();
        for (PrometheusClient.LabeledSeries s : all) {
            if (!inScope(s.labels(), r.scope())) {
                continue;
            }
            Instant changed = lastChange(s.series());
            if (changed != null && !changed.isAfter(to)) {
                Map<String, String> labels = new LinkedHashMap<>(s.labels());
                labels.remove("__name__");
                out.add(new Change(Change.Source.PROMETHEUS, changed, Duration.between(changed, r.incidentStart()),
                        name, List.of(), labels));
            }
        }
        return out;
    }

    /**
     * The answer to {@code lookup}: the cached one, the one another investigation is fetching right now (waited
     * for), or fetched here on the calling thread (its query budget, limits and cancellation apply). Answers are
     * only read, never changed, so they can be shared.
     */
    @SuppressWarnings("unchecked")
    private <T> T shared(ChangeLookup lookup, Supplier<T> fetch) {
        if (changeCache == null) {
            return fetch.get();
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> known = changeCache.asMap().putIfAbsent(lookup, mine);
        if (known == null) {
            try {
                T answer = fetch.get();
                mine.complete(answer);
                return answer;
            } finally {
                // A failed (or cancelled) look-up is dropped from the cache by Caffeine; those waiting see its error.
                mine.completeExceptionally(new IllegalStateException("change look-up did not finish"));
            }
        }
        try {
            return (T) known.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the same look-up of another incident", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /**
     * A series that appears after the window's start, or whose value changes, changed then (the last time). A series
     * that changes at more than a fifth of its samples is a moving metric, not a change marker: it marks nothing.
     */
    static Instant lastChange(Series s) {
        double[] v = s.values();
        long[] t = s.timestamps();
        Instant last = null;
        int first = -1;
        int changes = 0;
        int samples = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                continue;
            }
            samples++;
            if (first < 0) {
                first = i;
                if (i > 0) {
                    last = Instant.ofEpochMilli(t[i]);
                }
                continue;
            }
            int prev = i - 1;
            while (prev >= first && !Double.isFinite(v[prev])) {
                prev--;
            }
            if (v[prev] != v[i]) {
                last = Instant.ofEpochMilli(t[i]);
                changes++;
            }
        }
        return samples >= 10 && changes > samples / 5 ? null : last;
    }

    /**
     * Whether a change signal belongs to the incident's service: it does when it carries none of the scope labels
     * (nothing tells), or when one of its scope-label values is one of the incident's (a {@code job="checkout"} build
     * belongs to a {@code service="checkout"} alert); it names another service otherwise.
     */
    private boolean inScope(Map<String, String> labels, Map<String, String> scope) {
        if (scope.isEmpty()) {
            return true;
        }
        boolean tells = false;
        for (String key : settings.scopeLabels()) {
            String have = labels.get(key);
            if (have != null) {
                tells = true;
                if (scope.containsValue(have)) {
                    return true;
                }
            }
        }
        return !tells;
    }

    // ---- co-moving metrics and saturation ---------------------------------------------------------------------

    CheckResult coMoving(InvestigationRequest r, Probe p) {
        Map<String, String> queries = new LinkedHashMap<>();
        r.others().forEach((name, q) -> {
            if (!name.equals(r.metric()) && q != null && !q.isBlank()) {
                queries.put(name, q);
            }
        });
        settings.related().forEach((name, q) -> queries.putIfAbsent(name, render(q, r.scope())));
        if (queries.isEmpty()) {
            return p.result(Outcome.SKIPPED, "the dashboard has no other queries and none are configured "
                    + "(insights.investigation.related.<name>)", List.of());
        }
        return movement(r, p, queries, false);
    }

    CheckResult saturation(InvestigationRequest r, Probe p) {
        if (settings.saturation().isEmpty()) {
            return p.result(Outcome.SKIPPED, "no saturation queries configured (insights.investigation.saturation.<name>)",
                    List.of());
        }
        Map<String, String> queries = new LinkedHashMap<>();
        settings.saturation().forEach((name, q) -> queries.put(name, render(q, r.scope())));
        return movement(r, p, queries, true);
    }

    /**
     * Each query over the baseline and the incident, and how far the incident's mean lies from the baseline. Other
     * metrics count only when they moved ({@code co-moving-z}); saturation queries are all reported, scored only
     * when they moved.
     */
    private CheckResult movement(InvestigationRequest r, Probe p, Map<String, String> queries, boolean saturation) {
        Instant baselineStart = baselineStart(r);
        Duration step = step(r);
        List<Evidence> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Series s;
            try {
                s = p.query(q.getValue(), () -> metrics.rangeQuery(q.getKey(), q.getValue(), baselineStart, end(r), step));
            } catch (BudgetSpent e) {
                notes.add(e.getMessage());
                break;
            } catch (RuntimeException e) {
                notes.add(q.getKey() + ": " + message(e));
                continue;
            }
            double[][] parts = split(s, r.incidentStart());
            double z = Deviation.robustZ(parts[0], parts[1]);
            if (!Double.isFinite(z)) {
                notes.add(q.getKey() + ": too few samples");
                continue;
            }
            if (saturation || Math.abs(z) >= settings.coMovingZ()) {
                found.add(new CoMoving(q.getKey(), Deviation.median(sorted(parts[0])), Deviation.mean(parts[1]), z,
                        saturation));
            }
        }
        String detail = "compared " + queries.size() + " quer" + (queries.size() == 1 ? "y" : "ies")
                + " with the baseline from " + baselineStart + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        if (found.isEmpty() && notes.size() >= queries.size()) {
            return p.result(Outcome.FAILED, detail, found);
        }
        boolean moved = found.stream().anyMatch(e -> score(e) > 0);
        return p.result(moved ? Outcome.FOUND : Outcome.NOTHING, detail, found);
    }

    // ---- scoring ----------------------------------------------------------------------------------------------

    /**
     * How strongly one piece of evidence points at a cause, in [0, 1]. A label value's share is its score (a
     * describing label such as the status code counts half: it says what failed, not where); a change scores by how
     * close before the start it happened; another metric by how unusual its move was.
     */
    double score(Evidence e) {
        if (e instanceof LabelShare s) {
            return s.share() < 0.4 ? 0 : s.share() * (settings.breakdownDescriptive().contains(s.label()) ? 0.5 : 1);
        }
        if (e instanceof Change c) {
            // After the start it cannot be the cause; within a step it may be the same moment seen coarsely.
            if (c.lead().isNegative()) {
                return c.lead().abs().toMinutes() > 2 ? 0 : 0.2;
            }
            double hours = c.lead().toMillis() / 3_600_000.0;
            return (c.source() == Change.Source.GRAFANA ? 0.9 : 0.8) / (1 + 2 * hours);
        }
        CoMoving m = (CoMoving) e;
        return Math.abs(m.z()) < settings.coMovingZ() ? 0 : Math.min(0.85, Math.abs(m.z()) / 20);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Instant baselineStart(InvestigationRequest r) {
        return r.incidentStart().minus(settings.baseline());
    }

    /**
     * The end of the window compared with the baseline: the incident's end, but never after now (an alert that just
     * fired has seconds of incident, and a query evaluated in the future finds no samples) nor more than a baseline
     * after the start (what matters is how it started; an alert firing for days would make every query span days).
     */
    private Instant end(InvestigationRequest r) {
        Instant end = r.incidentEnd();
        Instant now = clock.instant();
        Instant max = r.incidentStart().plus(settings.baseline());
        end = end.isAfter(now) ? now : end;
        end = end.isAfter(max) ? max : end;
        return end.isAfter(r.incidentStart()) ? end : r.incidentStart().plusSeconds(1);
    }

    /** About 60 points over baseline + incident, at least 15 s (a common scrape interval). */
    private Duration step(InvestigationRequest r) {
        long seconds = Duration.between(baselineStart(r), end(r)).toSeconds() / 60;
        return Duration.ofSeconds(Math.max(15, seconds));
    }

    private static double[][] split(Series s, Instant start) {
        List<Double> before = new ArrayList<>();
        List<Double> during = new ArrayList<>();
        long cut = start.toEpochMilli();
        for (int i = 0; i < s.size(); i++) {
            (s.timestamps()[i] < cut ? before : during).add(s.values()[i]);
        }
        return new double[][] {before.stream().mapToDouble(Double::doubleValue).toArray(),
                during.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    private static double[] sorted(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
    }

    private static String render(String template, Map<String, String> scope) {
        return PromQl.render(template, scope, List.copyOf(scope.keySet()), List.of());
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static Set<String> lower(List<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        tags.forEach(t -> out.add(t.strip().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }

    static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
