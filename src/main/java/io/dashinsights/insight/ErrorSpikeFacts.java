package io.dashinsights.insight;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What we know about an error-rate alert, all computed or received, never guessed. Labels, annotations
 * and change texts come from outside (alert senders, Grafana users) and are untrusted: they go into any
 * prompt as quoted, length-limited data.
 *
 * @param errorRate     the measured error ratio (0.072 = 7.2 %)
 * @param rateSource    where {@code errorRate} came from: "payload" or "prometheus"
 * @param seriesAround  error ratio samples around {@code startsAt} (epoch ms, ratio), possibly empty
 * @param topBreakdown  the largest error contributors (labels such as route/status → errors per second)
 * @param recentChanges deploy/change annotations shortly before {@code startsAt}
 */
public record ErrorSpikeFacts(String alertName, Map<String, String> labels, Map<String, String> annotations,
                              double errorRate, double threshold, String rateSource, Instant startsAt,
                              List<double[]> seriesAround, List<Contributor> topBreakdown, List<Change> recentChanges) {

    /** One error contributor: its labels and its share. */
    public record Contributor(Map<String, String> labels, double errorsPerSecond, double shareOfErrors) {
    }

    /** A deploy or change marker from Grafana. */
    public record Change(Instant time, String text, List<String> tags) {
    }
}
