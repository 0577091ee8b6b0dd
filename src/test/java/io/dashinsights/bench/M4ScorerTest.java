package io.dashinsights.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class M4ScorerTest {

    @Test
    void smapeIsMeanOfSymmetricPercentageErrors() {
        // 200·10/210 and 200·20/380
        double expected = (2000.0 / 210 + 4000.0 / 380) / 2;
        assertThat(M4Scorer.smape(new double[] {100, 200}, new double[] {110, 180})).isCloseTo(expected, within(1e-12));
        assertThat(M4Scorer.smape(new double[] {0}, new double[] {0})).isZero();
    }

    @Test
    void maseScalesBySeasonalNaiveInSampleError() {
        double[] insample = {1, 2, 3, 4, 5, 6}; // |y_t − y_{t−2}| = 2 everywhere
        assertThat(M4Scorer.maseScale(insample, 2)).isEqualTo(2.0);
        assertThat(M4Scorer.mase(insample, new double[] {7, 8}, new double[] {8, 8}, 2)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void msisPenalisesMissesByTwoOverAlpha() {
        double[] insample = {1, 2, 3, 4, 5, 6};
        double[] actual = {5, 12, 0};
        double[] lower = {4, 8, 1};
        double[] upper = {6, 10, 3};
        // widths 2+2+2, misses: 40·(12−10) + 40·(1−0) = 120; mean 42; scale 2
        assertThat(M4Scorer.msis(insample, actual, lower, upper, 2, 0.05)).isCloseTo(21, within(1e-12));
        assertThat(M4Scorer.coverage(actual, lower, upper)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void naive2ReseasonalisesLastAdjustedValueWhenSeasonal() {
        int m = 24;
        double[] y = new double[10 * m];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 * (1 + 0.5 * Math.sin(2 * Math.PI * t / m));
        }
        assertThat(M4Scorer.seasonalityTest(y, m)).isTrue();
        double[] f = M4Scorer.naive2(y, 48, m);
        for (int i = 0; i < 48; i++) {
            assertThat(f[i]).isCloseTo(y[y.length - m + (i % m)], within(1e-6));
        }
    }

    @Test
    void naive2IsPlainNaiveWithoutSeasonality() {
        double[] y = new double[100];
        for (int t = 0; t < y.length; t++) {
            y[t] = t; // a trend: lag-24 autocorrelation is high but so are all shorter lags
        }
        assertThat(M4Scorer.seasonalityTest(y, 24)).isFalse();
        assertThat(M4Scorer.naive2(y, 3, 24)).containsExactly(99, 99, 99);
        assertThat(M4Scorer.seasonalityTest(new double[] {1, 2, 3}, 24)).isFalse();
    }

    @Test
    void owaOfNaive2ItselfIsOne() {
        double[] insample = new double[200];
        for (int t = 0; t < insample.length; t++) {
            insample[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24.0) + (t % 7);
        }
        double[] actual = {55, 58, 60};
        double[] naive2 = M4Scorer.naive2(insample, 3, 24);
        M4Scorer.SeriesScore s = M4Scorer.scoreSeries("X", insample, actual,
                new M4Scorer.Forecast(naive2, naive2, naive2), 24);
        assertThat(M4Scorer.summarize(List.of(s)).owa()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void readsQuotedM4RowsOfUnequalLengthAndForecastFiles(@TempDir Path dir) throws IOException {
        Path train = dir.resolve("train.csv");
        Files.writeString(train, "\"H1\",\"1\",\"2\",\"3\"\n\"H2\",\"4\",\"5\",,\n");
        Map<String, double[]> m4 = M4Scorer.readM4(train);
        assertThat(m4.get("H1")).containsExactly(1, 2, 3);
        assertThat(m4.get("H2")).containsExactly(4, 5);

        Path out = dir.resolve("out.csv");
        Files.writeString(out, "id,step,forecast,lower95,upper95\nH1,2,20,19,21\nH1,1,10,9,11\n");
        M4Scorer.Forecast f = M4Scorer.readForecasts(out).get("H1");
        assertThat(f.mean()).containsExactly(10, 20);
        assertThat(f.lower()).containsExactly(9, 19);
        assertThat(f.upper()).containsExactly(11, 21);
    }

    @Test
    void trendStrengthIsTheTwoDayDriftOfTheDailyMeansInMaseScaleUnits() {
        int m = M4Scorer.HOURLY_PERIOD;
        double[] flat = new double[14 * m];
        double[] rising = new double[14 * m];
        for (int t = 0; t < flat.length; t++) {
            // a day-to-day change that leaves every daily mean alone: +-3 alternating by hour, flipped every day
            double daily = 10 * Math.sin(2 * Math.PI * t / m) + ((t / m) % 2 == 0 ? 3 : -3) * (t % 2 == 0 ? 1 : -1);
            flat[t] = 100 + daily;
            rising[t] = 100 + daily + 0.5 * t;
        }
        assertThat(M4Scorer.trendStrength(flat)).isCloseTo(0.0, within(1e-9));
        // slope 0.5 per hour: 24 over two days, in units of the mean |y_t - y_{t-24}|
        double scale = M4Scorer.maseScale(rising, m);
        assertThat(M4Scorer.trendStrength(rising)).isCloseTo(0.5 * 48 / scale, within(0.05));
        assertThat(M4Scorer.trendStrength(rising)).isGreaterThan(1.0);
    }
}
