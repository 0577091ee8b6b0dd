package io.dashinsights.insight;

import io.dashinsights.domain.Investigation;

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
 * @param investigation what the checks before the explanation found (breakdown, changes, co-moving metrics)
 */
public record ErrorSpikeFacts(String alertName, Map<String, String> labels, Map<String, String> annotations,
                              double errorRate, double threshold, String rateSource, Instant startsAt,
                              List<double[]> seriesAround, Investigation investigation) {
}
