package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the checks found before an incident is explained: every check with its queries and outcome (the console
 * shows them all), and the candidate causes ranked by how strongly their evidence points at them. Every number
 * here is computed by us; label values and annotation texts come from outside and stay untrusted data.
 */
// Stored with explanations and findings, read back by later versions: unknown fields are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record Investigation(List<CheckResult> checks, List<Cause> causes, Duration took) {

    public static final Investigation NONE = new Investigation(List.of(), List.of(), Duration.ZERO);

    public Investigation {
        checks = List.copyOf(checks);
        causes = List.copyOf(causes);
    }

    /** The {@code n} strongest candidate causes. */
    @JsonIgnore
    public List<Cause> top(int n) {
        return causes.size() <= n ? causes : causes.subList(0, n);
    }

    /** The checks, in the order they were run. */
    public enum Check {
        BREAKDOWN, CHANGES, CO_MOVING, SATURATION;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** How a check ended: it found evidence, found nothing, failed (source down), ran out of time, or did not apply. */
    public enum Outcome {
        FOUND, NOTHING, FAILED, TIMED_OUT, SKIPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One check: what it asked (PromQL, or the Grafana request), what came back, how long it took. */
    public record CheckResult(Check check, Outcome outcome, List<String> queries, String detail, Duration took,
                              List<Evidence> evidence) {
        public CheckResult {
            queries = List.copyOf(queries);
            evidence = List.copyOf(evidence);
        }
    }

    /** A candidate cause and its score in [0, 1] (higher = more likely). */
    public record Cause(double score, Evidence evidence) {
    }

    /** One piece of evidence, as computed numbers plus untrusted names; stored as JSON with its kind. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(value = LabelShare.class, name = "label-share"),
            @JsonSubTypes.Type(value = Change.class, name = "change"),
            @JsonSubTypes.Type(value = CoMoving.class, name = "co-moving")})
    public sealed interface Evidence permits LabelShare, Change, CoMoving {
    }

    /**
     * A label value that carries the deviation: {@code share} of the whole change of {@code of} (e.g. 0.87 of the
     * extra errors/s) between the baseline and the incident.
     *
     * @param of what the breakdown measured ("the increase of …" / "the drop of …" of this query part)
     */
    public record LabelShare(String label, String value, double share, double baseline, double incident,
                             String of) implements Evidence {
    }

    /**
     * A change marker before the incident: a Grafana annotation of the dashboard with a change tag, or a
     * Prometheus change signal (a new build, a restart, a new deployment generation).
     *
     * @param lead how long before the incident start it happened (negative: just after the start)
     */
    public record Change(Source source, Instant time, Duration lead, String text, List<String> tags,
                         Map<String, String> labels) implements Evidence {
        public enum Source { GRAFANA, PROMETHEUS }
    }

    /**
     * Another query that moved in the same window: its baseline and incident means and how unusual the move
     * was against the baseline's own spread (robust z-score).
     */
    public record CoMoving(String metric, double baseline, double incident, double z, boolean saturation)
            implements Evidence {
        /** Relative change, NaN when the baseline is zero. */
        @JsonIgnore
        public double relativeChange() {
            return baseline == 0 ? Double.NaN : (incident - baseline) / Math.abs(baseline);
        }
    }
}
