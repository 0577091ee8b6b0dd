package io.dashinsights.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecasterTest {

    private static final long HOUR = 3_600_000L;

    /** Positive hourly series: level·(1 + 0.5·daily sine)·weekday factor, with multiplicative noise. */
    private static double value(int t, double level, Random rnd) {
        double daily = 1 + 0.5 * Math.sin(2 * Math.PI * t / 24.0);
        double weekly = (t / 24) % 7 >= 5 ? 0.7 : 1.0;
        return level * daily * weekly * (1 + 0.03 * rnd.nextGaussian());
    }

    private static boolean allFinite(double[] values) {
        return java.util.Arrays.stream(values).allMatch(Double::isFinite);
    }

    private static Series hourly(double[] v) {
        long[] ts = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            ts[i] = 1_700_000_000_000L + i * HOUR;
        }
        return new Series("requests", ts, v);
    }

    @Test
    void derivesDailyAndWeeklyPeriodsFromStepOnlyWithTwoCycles() {
        assertThat(Forecaster.derivePeriods(HOUR, 400)).containsExactly(24, 168);
        assertThat(Forecaster.derivePeriods(HOUR, 100)).containsExactly(24);
        assertThat(Forecaster.derivePeriods(HOUR, 30)).isEmpty();
        assertThat(Forecaster.derivePeriods(300_000L, 5000)).containsExactly(288, 2016);
        assertThat(Forecaster.derivePeriods(24 * HOUR, 60)).containsExactly(7);
        assertThat(Forecaster.derivePeriods(0, 60)).isEmpty();
    }

    @Test
    void forecastsDoubleSeasonalPatternWithCalibratedIntervals() {
        Random rnd = new Random(1);
        int n = 5 * 168;
        int h = 48;
        double[] all = new double[n + h];
        for (int t = 0; t < all.length; t++) {
            all[t] = value(t, 1000, rnd);
        }
        double[] history = java.util.Arrays.copyOf(all, n);
        ForecastReport r = Forecaster.forecast(hourly(history), h);

        double smape = 0;
        int inside = 0;
        for (int i = 0; i < h; i++) {
            double y = all[n + i];
            smape += 200 * Math.abs(y - r.mean()[i]) / (Math.abs(y) + Math.abs(r.mean()[i])) / h;
            inside += y >= r.lower95()[i] && y <= r.upper95()[i] ? 1 : 0;
        }
        assertThat(smape).isLessThan(6);
        assertThat(inside / (double) h).isGreaterThanOrEqualTo(0.85);
        assertThat(r.accuracyMetric()).startsWith("sMAPE %").contains("rolling-origin backtest");
        assertThat(r.accuracyEstimate()).isBetween(0.0, 10.0);
        assertThat(r.modelUsed()).isNotBlank();
    }

    @Test
    void continuesTimestampsByTheSeriesStep() {
        double[] v = new double[100];
        java.util.Arrays.fill(v, 3);
        Series s = hourly(v);
        ForecastReport r = Forecaster.forecast(s, 3);
        long last = s.timestamps()[99];
        assertThat(r.timestamps()).containsExactly(last + HOUR, last + 2 * HOUR, last + 3 * HOUR);
    }

    @Test
    void constantSeriesForecastsTheConstant() {
        double[] v = new double[400];
        java.util.Arrays.fill(v, 42);
        ForecastReport r = Forecaster.forecast(hourly(v), 48);
        for (int i = 0; i < 48; i++) {
            assertThat(r.mean()[i]).isCloseTo(42, within(1e-9));
            assertThat(r.lower95()[i]).isCloseTo(42, within(1e-9));
            assertThat(r.upper95()[i]).isCloseTo(42, within(1e-9));
        }
    }

    @Test
    void interpolatesNaNGaps() {
        assertThat(ForecastMath.interpolateGaps(new double[] {Double.NaN, 1, Double.NaN, Double.NaN, 4, Double.NaN}))
                .containsExactly(1, 1, 2, 3, 4, 4);
        Random rnd = new Random(2);
        double[] v = new double[400];
        for (int t = 0; t < v.length; t++) {
            v[t] = t % 17 == 0 ? Double.NaN : value(t, 50, rnd);
        }
        v[v.length - 1] = Double.NaN;
        ForecastReport r = Forecaster.forecast(hourly(v), 24);
        assertThat(allFinite(r.mean())).isTrue();
        assertThat(allFinite(r.lower95())).isTrue();
    }

    @Test
    void handlesShortZeroAndNegativeSeries() {
        Random rnd = new Random(3);
        double[] shortSeries = {5, 6, 5, 7, 6};
        double[] withNegatives = new double[200];
        for (int t = 0; t < withNegatives.length; t++) {
            withNegatives[t] = 10 * Math.sin(2 * Math.PI * t / 24.0) + rnd.nextGaussian() - (t % 24 == 0 ? 10 : 0);
        }
        double[] zeros = new double[200];
        for (int t = 0; t < zeros.length; t++) {
            zeros[t] = t % 24 < 8 ? 0 : 100 + rnd.nextGaussian();
        }
        double[] twoDays = java.util.Arrays.copyOf(withNegatives, 50);
        for (double[] v : new double[][] {shortSeries, withNegatives, zeros, twoDays, {9}}) {
            ForecastReport r = Forecaster.forecast(hourly(v), 12);
            assertThat(r.mean()).hasSize(12);
            assertThat(allFinite(r.mean())).isTrue();
            for (int i = 0; i < 12; i++) {
                assertThat(r.lower95()[i]).isLessThanOrEqualTo(r.mean()[i]);
                assertThat(r.upper95()[i]).isGreaterThanOrEqualTo(r.mean()[i]);
            }
        }
    }

    @Test
    void emptySeriesGivesNaNForecastRatherThanFailing() {
        ForecastReport r = Forecaster.forecast(new Series("empty", new long[0], new double[0]), 4);
        assertThat(r.mean()).hasSize(4);
        assertThat(java.util.Arrays.stream(r.mean()).allMatch(Double::isNaN)).isTrue();
    }

    @Test
    void carriesARealTrendIntoTheNextTwoDays() {
        // Daily cycle on a steady climb of 0.5 % an hour: a flat or seasonal-naive forecast falls ever further behind.
        Random rnd = new Random(4);
        int n = 30 * 24;
        int h = 48;
        double[] all = new double[n + h];
        for (int t = 0; t < all.length; t++) {
            all[t] = 100 * Math.exp(0.005 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 24.0))
                    * (1 + 0.01 * rnd.nextGaussian());
        }
        ForecastReport r = Forecaster.forecast(hourly(java.util.Arrays.copyOf(all, n)), h);
        double ours = 0;
        double seasonalNaive = 0;
        for (int i = 0; i < h; i++) {
            ours += Math.abs(all[n + i] - r.mean()[i]);
            seasonalNaive += Math.abs(all[n + i] - all[n - 24 + (i % 24)]);
        }
        assertThat(ours).isLessThan(0.3 * seasonalNaive);
        int inside = 0;
        for (int i = 0; i < h; i++) {
            inside += all[n + i] >= r.lower95()[i] && all[n + i] <= r.upper95()[i] ? 1 : 0;
        }
        assertThat(inside / (double) h).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void intervalsWidenWithTheHorizonWhenBacktestErrorsGrow() {
        // A daily cycle on a random-walk level: two days out, the level can have wandered much further than one
        // hour out, and the backtest errors show it.
        Random rnd = new Random(5);
        double[] v = new double[40 * 24];
        double level = 1000;
        for (int t = 0; t < v.length; t++) {
            level += 8 * rnd.nextGaussian();
            v[t] = level + 100 * Math.sin(2 * Math.PI * t / 24.0) + 5 * rnd.nextGaussian();
        }
        ForecastReport r = Forecaster.forecast(hourly(v), 48);
        double first = r.upper95()[0] - r.lower95()[0];
        double last = r.upper95()[47] - r.lower95()[47];
        assertThat(last).isGreaterThan(1.5 * first);
        for (int i = 1; i < 48; i++) {
            // multiplicative bands scale with the forecast; relative width must not shrink
            assertThat((r.upper95()[i] - r.lower95()[i]) / r.mean()[i])
                    .isGreaterThanOrEqualTo((r.upper95()[i - 1] - r.lower95()[i - 1]) / r.mean()[i - 1] - 1e-12);
        }
    }

    @Test
    void autoregressionDropsSeasonalLagsTheHistoryCannotSupport() {
        assertThat(SeasonalAutoregression.lags(new int[] {24, 168}, 960)).containsExactly(1, 2, 3, 23, 24, 25, 167,
                168, 169);
        assertThat(SeasonalAutoregression.lags(new int[] {24, 168}, 200)).containsExactly(1, 2, 3, 23, 24, 25);
        assertThat(SeasonalAutoregression.lags(new int[] {24}, 10)).isEmpty();
    }
}
