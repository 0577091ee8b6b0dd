package io.dashinsights.investigation;

import io.dashinsights.analysis.Series;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeviationTest {

    @Test
    void theValueThatCarriesTheIncreaseGetsItsShare() {
        Map<String, double[]> levels = new LinkedHashMap<>();
        levels.put("/pay", new double[] {0.1, 2.7});
        levels.put("/cart", new double[] {0.1, 0.5});
        levels.put("/home", new double[] {0.3, 0.2});
        List<Deviation.Share> shares = Deviation.shares(levels, true);
        assertThat(shares).extracting(Deviation.Share::value).containsExactly("/pay", "/cart");
        assertThat(shares.get(0).share()).isCloseTo(2.6 / 3.0, within(1e-9));
    }

    @Test
    void aDropIsSharedAmongTheValuesThatFell() {
        Map<String, double[]> levels = Map.of("a", new double[] {10, 2}, "b", new double[] {5, 5});
        assertThat(Deviation.shares(levels, false)).singleElement()
                .satisfies(s -> assertThat(s.share()).isEqualTo(1.0));
        assertThat(Deviation.shares(levels, true)).isEmpty();
    }

    @Test
    void robustZIgnoresASpikeInTheBaseline() {
        double[] baseline = {1, 1.1, 0.9, 1, 1.05, 0.95, 50, 1};
        assertThat(Deviation.robustZ(baseline, new double[] {1.02, 0.98})).isBetween(-1.0, 1.0);
        assertThat(Deviation.robustZ(baseline, new double[] {3, 3.2})).isGreaterThan(10);
    }

    @Test
    void aFlatBaselineDoesNotMakeATinyMoveInfinitelyUnusual() {
        double[] flat = {5, 5, 5, 5, 5};
        assertThat(Deviation.robustZ(flat, new double[] {5.01})).isLessThan(1);
    }

    @Test
    void aSeriesThatAppearsOrChangesValueMarksAChange() {
        double nan = Double.NaN;
        Series appears = new Series("build", new long[] {0, 1000, 2000, 3000}, new double[] {nan, nan, 1, 1});
        assertThat(Checks.lastChange(appears)).isEqualTo(Instant.ofEpochMilli(2000));
        Series restarts = new Series("start", new long[] {0, 1000, 2000, 3000}, new double[] {100, 100, nan, 2500});
        assertThat(Checks.lastChange(restarts)).isEqualTo(Instant.ofEpochMilli(3000));
        Series steady = new Series("start", new long[] {0, 1000}, new double[] {100, 100});
        assertThat(Checks.lastChange(steady)).isNull();
    }

    @Test
    void aMetricThatMovesAllTheTimeIsNoChangeMarker() {
        long[] t = new long[40];
        double[] v = new double[40];
        for (int i = 0; i < 40; i++) {
            t[i] = i * 1000L;
            v[i] = Math.sin(i);
        }
        assertThat(Checks.lastChange(new Series("cpu", t, v))).isNull();
    }
}
