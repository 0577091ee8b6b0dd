package io.dashinsights.console;

import io.dashinsights.analysis.Severity;
import io.dashinsights.domain.AnomalyIncident;
import io.dashinsights.domain.AnomalyIncident.MetricDeviation;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.Point;
import io.dashinsights.domain.SeriesSample;
import io.dashinsights.domain.Unit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentGroupingViewTest {

    private static final Instant T = Instant.parse("2026-11-30T05:56:00Z");

    @Test
    void consoleShadesOneIncidentOnEveryMetricItMovedAndNamesThemAllAsTheAnnotationDoes() {
        MetricDeviation ratio = new MetricDeviation("error_ratio", Unit.RATIO, T, T.plusSeconds(1440),
                T.plusSeconds(480), 0.069, 0.0101, 1.0, Severity.HIGH, false);
        MetricDeviation errors = new MetricDeviation("errors_per_second", Unit.PER_SECOND, T, T.plusSeconds(1440),
                T.plusSeconds(480), 3.5, 0.46, 1.0, Severity.HIGH, false);
        AnomalyIncident incident = new AnomalyIncident("error_ratio", T, T.plusSeconds(1440), T.plusSeconds(480), 0.069,
                0.0101, 1.0, Severity.HIGH, "They rose together.", "template", false, List.of(ratio, errors));
        List<Point> points = List.of(new Point(T.toEpochMilli(), 1.0), new Point(T.toEpochMilli() + 60_000, 2.0));
        DashboardFindings found = DashboardFindings.builder().anomalies(List.of(incident))
                .series(List.of(new SeriesSample("error_ratio", points), new SeriesSample("errors_per_second", points),
                        new SeriesSample("requests", points)))
                .build();

        Findings view = FindingsReader.view(found);

        assertThat(view.metrics().get(0).anomalies()).singleElement().satisfies(a -> {
            assertThat(a.start()).isEqualTo(T.toEpochMilli());
            assertThat(a.end()).isEqualTo(T.plusSeconds(1440).toEpochMilli());
            assertThat(a.title()).contains("error_ratio peak 0.069", "errors_per_second peak 3.5");
        });
        assertThat(view.metrics().get(1).anomalies()).singleElement()
                .satisfies(a -> assertThat(a.title()).isEqualTo(view.metrics().get(0).anomalies().get(0).title()));
        assertThat(view.metrics().get(2).anomalies()).isEmpty();
        assertThat(view.notes()).singleElement().satisfies(n -> assertThat(n.metric()).isEqualTo("error_ratio, errors_per_second"));
    }
}
