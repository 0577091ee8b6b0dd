package io.dashinsights.analysis;

import io.dashinsights.metrics.DemoMetricsSource;
import io.dashinsights.support.CapturedSeries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.dashinsights.support.CapturedSeries.INCIDENT_FROM;
import static io.dashinsights.support.CapturedSeries.INCIDENT_TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnomalyExtentTest {

    private static final long MINUTE = 60_000;

    /** The span that overlaps [from, to), or fails. */
    private static AnomalySpan overlapping(List<AnomalySpan> spans, long from, long to) {
        return spans.stream().filter(s -> s.startMs() < to && s.endMs() > from).findFirst()
                .orElseThrow(() -> new AssertionError("no span overlaps " + Instant.ofEpochMilli(from) + " in " + spans));
    }

    private static double coverage(AnomalySpan span, long from, long to) {
        return (Math.min(span.endMs(), to) - Math.max(span.startMs(), from)) / (double) (to - from);
    }

    private static double max(Series s, long from, long to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.size(); i++) {
            if (s.timestamps()[i] >= from && s.timestamps()[i] <= to) {
                max = Math.max(max, s.values()[i]);
            }
        }
        return max;
    }

    @Test
    void backfilledTwentyMinuteIncidentIsCoveredWithItsTruePeak() {
        Series ratio = CapturedSeries.series("error_ratio");
        AnomalyReport report = AnomalyDetector.analyze(ratio);

        AnomalySpan span = overlapping(AnomalyExtent.measure(ratio, report), INCIDENT_FROM, INCIDENT_TO);

        assertThat(coverage(span, INCIDENT_FROM, INCIDENT_TO)).isGreaterThanOrEqualTo(0.6);
        // rate()[5m] trails the counters by up to 5 minutes; the span may end then, not later.
        assertThat(span.endMs()).isLessThanOrEqualTo(INCIDENT_TO + 10 * MINUTE);
        double truePeak = max(ratio, INCIDENT_FROM, INCIDENT_TO + 5 * MINUTE);
        assertThat(span.peakValue()).isCloseTo(truePeak, within(truePeak * 0.1)).isCloseTo(0.067, within(0.0067));
        assertThat(span.expected()).isCloseTo(0.01, within(0.002));
        assertThat(span.open()).isFalse();
        assertThat(span.severity()).isNotEqualTo(Severity.LOW);
    }

    @Test
    void detectorAloneEndsTheBackfilledIncidentEarlyAndUnderstatesItsPeak() {
        // Why this class exists: the detector's own region is a sliver at the start with the first elevated value.
        Series ratio = CapturedSeries.series("error_ratio");
        AnomalyRegion region = AnomalyDetector.analyze(ratio).regions().stream()
                .filter(r -> r.startMs() < INCIDENT_TO && r.endMs() >= INCIDENT_FROM).findFirst().orElseThrow();
        assertThat((region.endMs() - region.startMs()) / (double) (INCIDENT_TO - INCIDENT_FROM)).isLessThan(0.6);
    }

    @Test
    void incidentStillOutsideItsBandAtTheWindowsEndIsOpen() {
        long cut = INCIDENT_FROM + 12 * MINUTE;
        Series ratio = CapturedSeries.series("error_ratio", cut);

        AnomalySpan span = overlapping(AnomalyExtent.measure(ratio, AnomalyDetector.analyze(ratio)), INCIDENT_FROM, cut);

        assertThat(span.open()).isTrue();
        assertThat(span.endMs()).isEqualTo(ratio.timestamps()[ratio.size() - 1]);
        assertThat(span.durationMs()).isGreaterThan(0);
    }

    @Test
    void demoIncidentsSpanTheirFortyMinutesWithTheirTruePeakAndNoSecondRegionForTheReturn() {
        DemoMetricsSource demo = new DemoMetricsSource();
        Instant end = Instant.parse("2026-12-01T18:00:00Z");
        long from = Instant.parse("2026-12-01T13:00:00Z").toEpochMilli();
        long to = from + 40 * MINUTE;
        for (String[] metric : new String[][]{{"revenue", "sum(rate(shop_revenue_total[5m]))"},
                {"conversion_rate", "sum(rate(shop_orders_total[5m])) / sum(rate(shop_sessions_total[5m]))"}}) {
            Series s = demo.rangeQuery(metric[0], metric[1], end.minus(Duration.ofHours(96)), end, Duration.ofMinutes(4));
            List<AnomalySpan> spans = AnomalyExtent.measure(s, AnomalyDetector.analyze(s));

            AnomalySpan span = overlapping(spans, from, to);
            assertThat(coverage(span, from, to)).as(metric[0]).isGreaterThanOrEqualTo(0.9);
            double farthest = 0;
            for (int i = 0; i < s.size(); i++) {
                if (s.timestamps()[i] >= from && s.timestamps()[i] < to) {
                    farthest = Math.max(farthest, Math.abs(s.values()[i] - span.expected()));
                }
            }
            assertThat(Math.abs(span.peakValue() - span.expected())).as(metric[0])
                    .isCloseTo(farthest, within(farthest * 0.1));
            // Coming back to normal is a jump the detector flags too; it is the end of this incident, not another.
            assertThat(spans).as(metric[0]).noneMatch(x -> x.startMs() >= to && x.startMs() <= to + 8 * MINUTE);
        }
    }
}
