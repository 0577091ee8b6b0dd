package io.dashinsights.console;

import io.dashinsights.console.ChartBuilder.Mark;
import io.dashinsights.console.Findings.Anomaly;
import io.dashinsights.console.Findings.MetricFindings;
import io.dashinsights.console.Findings.Point;
import io.dashinsights.console.Findings.Prediction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Chart geometry from findings, without Quarkus. */
class ConsoleChartTest {

    private static final long H = 3_600_000;

    private static List<Point> line(int n, double start, double perStep) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new Point(i * H, start + perStep * i));
        }
        return points;
    }

    private static double[] xy(String move) {
        String[] p = move.substring(1).split(",");
        return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])};
    }

    @Test
    void seriesSpansThePlotLeftToRightAndHigherValuesAreHigherUp() {
        Chart c = ChartBuilder.draw(new MetricFindings("m", line(11, 0, 1), List.of(), List.of(), null, List.of()),
                List.of());

        String[] steps = c.seriesPath().split(" ");
        assertThat(steps).hasSize(11);
        double[] first = xy(steps[0]);
        double[] last = xy(steps[10]);
        assertThat(first[0]).isEqualTo(Double.parseDouble(c.frame().left()));
        assertThat(last[0]).isEqualTo(Double.parseDouble(c.frame().right()));
        assertThat(last[1]).isLessThan(first[1]);
        assertThat(c.yTicks()).extracting(Chart.Tick::label).contains("0", "5", "10");
    }

    @Test
    void anomalyBecomesARegionOverItsSpanAndAnOneSampleRegionStaysVisible() {
        Chart c = ChartBuilder.draw(new MetricFindings("m", line(11, 0, 1),
                List.of(new Anomaly(2 * H, 4 * H, "high", "t1"), new Anomaly(7 * H, 7 * H, "low", "t2")), List.of(),
                null, List.of()), List.of());

        assertThat(c.regions()).hasSize(2);
        double plot = Double.parseDouble(c.frame().width());
        assertThat(Double.parseDouble(c.regions().get(0).width())).isCloseTo(plot * 0.2, org.assertj.core.data.Offset.offset(0.2));
        assertThat(Double.parseDouble(c.regions().get(1).width())).isEqualTo(2.0);
        assertThat(c.regions().get(0).severity()).isEqualTo("high");
    }

    @Test
    void forecastContinuesFromTheLastObservationWithItsBandAroundIt() {
        List<Prediction> forecast = List.of(new Prediction(11 * H, 11, 9, 13), new Prediction(12 * H, 12, 9, 15));
        Chart c = ChartBuilder.draw(new MetricFindings("m", line(11, 0, 1), List.of(), List.of(), null, forecast),
                List.of());

        String[] mean = c.forecastPath().split(" ");
        assertThat(mean).hasSize(3);
        assertThat(mean[0]).isEqualTo(c.seriesPath().split(" ")[10].replace('L', 'M'));
        assertThat(c.bandPath()).startsWith("M").endsWith("Z");
        assertThat(c.bandPath().split(" L")).as("two upper and two lower corners").hasSize(4);
    }

    @Test
    void trendLineRunsBackToTheWindowStartAlongItsSlopeThroughTheProjection() {
        List<Point> projection = List.of(new Point(11 * H, 11.0), new Point(12 * H, 12.0));
        Chart c = ChartBuilder.draw(new MetricFindings("m", line(11, 0, 1), List.of(), projection, 1.0, List.of()),
                List.of());

        String[] trend = c.trendPath().split(" ");
        assertThat(trend).hasSize(3);
        assertThat(trend[0]).as("at the window start the trend line meets the first sample (slope 1/h from 11 at 11 h)")
                .isEqualTo(c.seriesPath().split(" ")[0]);
    }

    @Test
    void gapsLiftThePenAndMarksOutsideTheWindowAreLeftOut() {
        List<Point> points = new ArrayList<>(line(5, 1, 1));
        points.set(2, new Point(2 * H, null));
        Chart c = ChartBuilder.draw(new MetricFindings("m", points, List.of(), List.of(), null, List.of()),
                List.of(new Mark(H, "inside"), new Mark(100 * H, "outside")));

        assertThat(c.seriesPath()).matches("M\\S+ L\\S+ M\\S+ L\\S+");
        assertThat(c.markers()).extracting(Chart.Marker::title).containsExactly("inside");
    }

    @Test
    void metricWithoutDataDrawsNothing() {
        Chart c = ChartBuilder.draw(new MetricFindings("m", List.of(new Point(0, null)), List.of(), List.of(), null,
                List.of()), List.of());
        assertThat(c.hasData()).isFalse();
    }
}
