package io.dashinsights.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnomalyIncidentsTest {

    private static AnomalyIncidents.MetricSpan span(String metric, long start, long end, double peak, Severity s,
                                                    boolean open) {
        return new AnomalyIncidents.MetricSpan(metric, new AnomalySpan(start, end, start + 1, peak, 1, 0.8, s, open));
    }

    @Test
    void overlappingSpansOnDifferentMetricsAreOneIncidentWithTheHighestSeverity() {
        List<AnomalyIncidents.Group> groups = AnomalyIncidents.group(List.of(
                span("orders", 120, 400, 5, Severity.MEDIUM, false),
                span("revenue", 100, 300, 9, Severity.HIGH, false),
                span("latency", 1000, 1100, 3, Severity.LOW, true)));

        assertThat(groups).hasSize(2);
        AnomalyIncidents.Group first = groups.get(0);
        assertThat(first.startMs()).isEqualTo(100);
        assertThat(first.endMs()).isEqualTo(400);
        assertThat(first.severity()).isEqualTo(Severity.HIGH);
        assertThat(first.lead().metric()).isEqualTo("revenue");
        assertThat(first.metrics()).extracting(AnomalyIncidents.MetricSpan::metric).containsExactly("revenue", "orders");
        assertThat(first.open()).isFalse();
        assertThat(groups.get(1).open()).isTrue();
    }

    @Test
    void twoSpansOfOneMetricInsideOneIncidentAreThatMetricsOneEntryWithTheLargerPeak() {
        List<AnomalyIncidents.Group> groups = AnomalyIncidents.group(List.of(
                span("revenue", 100, 500, 9, Severity.HIGH, false),
                span("orders", 110, 200, 4, Severity.MEDIUM, false),
                span("orders", 300, 450, 7, Severity.HIGH, false)));

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.metrics()).hasSize(2);
            AnomalySpan orders = g.metrics().stream().filter(m -> m.metric().equals("orders")).findFirst()
                    .orElseThrow().span();
            assertThat(orders.startMs()).isEqualTo(110);
            assertThat(orders.endMs()).isEqualTo(450);
            assertThat(orders.peakValue()).isEqualTo(7);
            assertThat(orders.severity()).isEqualTo(Severity.HIGH);
        });
    }
}
