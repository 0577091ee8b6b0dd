package io.dashinsights.analysis;

import java.util.List;

/** Result of anomaly detection over one series: per-point scores in [0,1] and the regions above threshold. */
public record AnomalyReport(String metric, double[] scores, double threshold, List<AnomalyRegion> regions,
                            Severity severity) {
}
