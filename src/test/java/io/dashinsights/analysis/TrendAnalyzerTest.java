package io.dashinsights.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendAnalyzerTest {

    private static final long HOUR = 3_600_000L;

    /** Hourly series y = start + slope·t + N(0, noise), t in hours. */
    private static Series line(int n, double start, double slope, double noise, long seed) {
        Random rnd = new Random(seed);
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + i * HOUR;
            v[i] = start + slope * i + noise * rnd.nextGaussian();
        }
        return new Series("m", ts, v);
    }

    @Test
    void recoversKnownSlopeDespiteOutliers() {
        Series s = line(500, 10, 2, 1, 1);
        double[] v = s.values();
        for (int i = 0; i < v.length; i += 10) {
            v[i] += 1_000; // 10 % wild outliers, all on one side
        }
        TrendReport r = TrendAnalyzer.analyze(s, 0);
        assertThat(r.slopePerHour()).isCloseTo(2, within(0.05));
        assertThat(r.direction()).isEqualTo(Direction.UP);
        assertThat(r.pValue()).isLessThan(0.05);
        assertThat(r.intercept()).isCloseTo(10, within(1.0));
    }

    @Test
    void slopeIsPerHourWhateverTheStep() {
        // 5-minute samples rising 1 unit per sample = 12 units/hour.
        int n = 300;
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 300_000L;
            v[i] = i;
        }
        assertThat(TrendAnalyzer.analyze(new Series("m", ts, v), 0).slopePerHour()).isCloseTo(12, within(1e-9));
    }

    @Test
    void downwardTrendIsDown() {
        TrendReport r = TrendAnalyzer.analyze(line(200, 500, -0.5, 2, 2), 0);
        assertThat(r.direction()).isEqualTo(Direction.DOWN);
        assertThat(r.mannKendallZ()).isNegative();
        assertThat(r.slopePerHour()).isCloseTo(-0.5, within(0.05));
    }

    @Test
    void stableWhenNotSignificant() {
        TrendReport r = TrendAnalyzer.analyze(line(200, 50, 0, 5, 3), 0);
        assertThat(r.pValue()).isGreaterThan(0.05);
        assertThat(r.direction()).isEqualTo(Direction.STABLE);
    }

    @Test
    void constantSeriesIsStableWithZeroSlope() {
        TrendReport r = TrendAnalyzer.analyze(line(100, 7, 0, 0, 4), 3);
        assertThat(r.direction()).isEqualTo(Direction.STABLE);
        assertThat(r.slopePerHour()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.growthRatePercent()).isZero();
        assertThat(r.projection()).containsExactly(7, 7, 7);
    }

    @Test
    void skipsNaNGaps() {
        Series s = line(300, 100, 1, 0.5, 5);
        double[] v = s.values();
        for (int i = 50; i < 120; i++) {
            v[i] = Double.NaN;
        }
        v[200] = Double.POSITIVE_INFINITY;
        TrendReport r = TrendAnalyzer.analyze(s, 0);
        assertThat(r.points()).isEqualTo(300 - 70 - 1);
        assertThat(r.slopePerHour()).isCloseTo(1, within(0.02));
    }

    @Test
    void growthIsFittedChangeRelativeToFittedStart() {
        // 7 days (169 hourly points) from 100 rising 0.5/h: fitted change 84 on a start of 100.
        TrendReport r = TrendAnalyzer.analyze(line(169, 100, 0.5, 0, 6), 0);
        assertThat(r.growthRatePercent()).isCloseTo(84, within(1e-6));
        assertThat(r.growthBasis()).isEqualTo("fitted change over 7d relative to fitted start value");
    }

    @Test
    void projectsAlongFittedLineAtSeriesStep() {
        Series s = line(48, 10, 1, 0, 7);
        TrendReport r = TrendAnalyzer.analyze(s, 3);
        long last = s.timestamps()[47];
        assertThat(r.projectionTimestamps()).containsExactly(last + HOUR, last + 2 * HOUR, last + 3 * HOUR);
        assertThat(r.projection()[0]).isCloseTo(10 + 48, within(1e-9));
        assertThat(r.projection()[2]).isCloseTo(10 + 50, within(1e-9));
    }

    @Test
    void mannKendallMatchesBruteForceWithTies() {
        Random rnd = new Random(8);
        double[] y = new double[400];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(20) + 0.01 * i; // many exact ties plus a weak trend
            y[i] = Math.floor(y[i]);
        }
        long s = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                s += (long) Math.signum(y[j] - y[i]);
            }
        }
        assertThat(TrendAnalyzer.mannKendallS(y)).isEqualTo((double) s);
    }

    @Test
    void selectFindsKthSmallestLikeSorting() {
        Random rnd = new Random(10);
        for (int round = 0; round < 50; round++) {
            double[] a = new double[1 + rnd.nextInt(200)];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextInt(15); // duplicates on purpose
            }
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int k = rnd.nextInt(a.length);
            assertThat(ForecastMath.select(a.clone(), a.length, k)).isEqualTo(sorted[k]);
        }
    }

    @Test
    void varianceHasTieCorrection() {
        // n = 6: 6·5·17 = 510; ties of 2 and 3 subtract 2·1·9 + 3·2·11 = 84; /18.
        double var = TrendAnalyzer.mannKendallVariance(new double[] {1, 1, 2, 2, 2, 3});
        assertThat(var).isCloseTo((510 - 84) / 18.0, within(1e-12));
    }

    @Test
    void tenThousandPointsTakeUnderHundredMilliseconds() {
        Series s = line(10_000, 0, 0.01, 1, 9);
        TrendAnalyzer.analyze(s, 24); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // best of five: the bound is about the algorithm, not a busy machine
            long start = System.nanoTime();
            TrendReport r = TrendAnalyzer.analyze(s, 24);
            best = Math.min(best, System.nanoTime() - start);
            assertThat(r.slopePerHour()).isCloseTo(0.01, within(0.001));
        }
        assertThat(best / 1e6).isLessThan(100);
    }
}
