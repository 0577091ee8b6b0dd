package io.dashinsights.bench;

import io.dashinsights.analysis.SeasonalDecomposition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * M4 accuracy measures as defined in M4-methods "Benchmarks and Evaluation.R": sMAPE, MASE, OWA against the
 * Naive2 benchmark (with its 90 % seasonality test), and for 95 % intervals MSIS and coverage.
 *
 * <p>Usage: {@code M4Scorer TRAIN_CSV TEST_CSV FORECAST_CSV}, where the forecast file has the header
 * {@code id,step,forecast,lower95,upper95}.
 */
public final class M4Scorer {

    /** Season length of hourly M4 data. */
    public static final int HOURLY_PERIOD = 24;
    /** Interval level 1 − alpha = 95 %. */
    public static final double ALPHA = 0.05;

    private M4Scorer() {
    }

    /** Point and interval forecast of one series. */
    public record Forecast(double[] mean, double[] lower, double[] upper) {
    }

    /** Scores of one series; Naive2 scores are kept so OWA can be formed on category means. */
    public record SeriesScore(String id, double smape, double mase, double msis, double coverage,
                              double smapeNaive2, double maseNaive2) {
    }

    /** Means over series, with OWA relative to Naive2 on the same series. */
    public record Summary(int series, double smape, double mase, double owa, double msis, double coverage,
                          double smapeNaive2, double maseNaive2) {
        public String format() {
            return String.format(Locale.ROOT, "series=%d sMAPE=%.3f MASE=%.3f OWA=%.3f MSIS=%.3f coverage=%.3f"
                    + " (Naive2 sMAPE=%.3f MASE=%.3f)", series, smape, mase, owa, msis, coverage, smapeNaive2,
                    maseNaive2);
        }
    }

    /** Mean over the horizon of 200·|y−ŷ|/(|y|+|ŷ|); a step where both are zero counts as 0. */
    public static double smape(double[] actual, double[] forecast) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double den = Math.abs(actual[i]) + Math.abs(forecast[i]);
            sum += den == 0 ? 0 : 200 * Math.abs(actual[i] - forecast[i]) / den;
        }
        return sum / actual.length;
    }

    /** In-sample mean |y_t − y_{t−m}|, the MASE and MSIS scale. */
    public static double maseScale(double[] insample, int period) {
        double sum = 0;
        for (int t = period; t < insample.length; t++) {
            sum += Math.abs(insample[t] - insample[t - period]);
        }
        return sum / (insample.length - period);
    }

    public static double mase(double[] insample, double[] actual, double[] forecast, int period) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - forecast[i]);
        }
        return sum / actual.length / maseScale(insample, period);
    }

    /** Mean of (U−L) + (2/α)(L−y)[y&lt;L] + (2/α)(y−U)[y&gt;U], divided by the MASE scale. */
    public static double msis(double[] insample, double[] actual, double[] lower, double[] upper, int period,
                              double alpha) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += upper[i] - lower[i];
            if (actual[i] < lower[i]) {
                sum += 2 / alpha * (lower[i] - actual[i]);
            }
            if (actual[i] > upper[i]) {
                sum += 2 / alpha * (actual[i] - upper[i]);
            }
        }
        return sum / actual.length / maseScale(insample, period);
    }

    public static double coverage(double[] actual, double[] lower, double[] upper) {
        int inside = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                inside++;
            }
        }
        return inside / (double) actual.length;
    }

    /**
     * M4's seasonality test: the lag-m autocorrelation exceeds its 90 % limit
     * 1.645·sqrt((1 + 2·Σ_{k&lt;m} r_k²)/n). Series shorter than three periods count as non-seasonal, as in M4.
     */
    public static boolean seasonalityTest(double[] y, int period) {
        int n = y.length;
        if (n < 3 * period) {
            return false;
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double denom = 0;
        for (double v : y) {
            denom += (v - mean) * (v - mean);
        }
        double sumSq = 0;
        for (int k = 1; k < period; k++) {
            double r = acf(y, mean, denom, k);
            sumSq += r * r;
        }
        double limit = 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
        return Math.abs(acf(y, mean, denom, period)) > limit;
    }

    private static double acf(double[] y, double mean, double denom, int lag) {
        double s = 0;
        for (int t = 0; t + lag < y.length; t++) {
            s += (y[t] - mean) * (y[t + lag] - mean);
        }
        return s / denom;
    }

    /**
     * Naive2: the last value of the seasonally adjusted series (classical multiplicative decomposition) times
     * the seasonal indices, or plain naive when the seasonality test fails.
     */
    public static double[] naive2(double[] insample, int horizon, int period) {
        int n = insample.length;
        double[] idx = seasonalityTest(insample, period)
                ? SeasonalDecomposition.classicalIndices(insample, period, true) : null;
        double lastAdjusted = idx == null ? insample[n - 1] : insample[n - 1] / idx[(n - 1) % period];
        double[] f = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            f[i] = idx == null ? lastAdjusted : lastAdjusted * idx[(n + i) % period];
        }
        return f;
    }

    public static SeriesScore scoreSeries(String id, double[] insample, double[] actual, Forecast forecast,
                                          int period) {
        double[] benchmark = naive2(insample, actual.length, period);
        return new SeriesScore(id, smape(actual, forecast.mean()), mase(insample, actual, forecast.mean(), period),
                msis(insample, actual, forecast.lower(), forecast.upper(), period, ALPHA),
                coverage(actual, forecast.lower(), forecast.upper()),
                smape(actual, benchmark), mase(insample, actual, benchmark, period));
    }

    public static Summary summarize(List<SeriesScore> scores) {
        double s = 0, m = 0, msis = 0, cov = 0, sN = 0, mN = 0;
        for (SeriesScore sc : scores) {
            s += sc.smape();
            m += sc.mase();
            msis += sc.msis();
            cov += sc.coverage();
            sN += sc.smapeNaive2();
            mN += sc.maseNaive2();
        }
        int k = scores.size();
        s /= k;
        m /= k;
        sN /= k;
        mN /= k;
        return new Summary(k, s, m, (s / sN + m / mN) / 2, msis / k, cov / k, sN, mN);
    }

    /** Scores every series of {@code test}; a series without a forecast is an error, not a silent skip. */
    public static List<SeriesScore> score(Map<String, double[]> train, Map<String, double[]> test,
                                          Map<String, Forecast> forecasts, int period) {
        List<SeriesScore> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : test.entrySet()) {
            Forecast f = forecasts.get(e.getKey());
            double[] insample = train.get(e.getKey());
            if (f == null || insample == null) {
                throw new IllegalArgumentException("missing forecast or training data for " + e.getKey());
            }
            out.add(scoreSeries(e.getKey(), insample, e.getValue(), f, period));
        }
        return out;
    }

    /** Reads an M4 file: no header, one series a row, the (possibly quoted) id then values; blanks ignored. */
    public static Map<String, double[]> readM4(Path file) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",");
            String id = unquote(parts[0]);
            List<Double> values = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String v = unquote(parts[i]);
                if (!v.isEmpty() && !v.equals("NA")) {
                    values.add(Double.parseDouble(v));
                }
            }
            out.put(id, values.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return out;
    }

    /** Reads {@code id,step,forecast,lower95,upper95}; steps are 1-based. */
    public static Map<String, Forecast> readForecasts(Path file) throws IOException {
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split(",");
            rows.computeIfAbsent(unquote(p[0]), k -> new ArrayList<>()).add(new double[] {
                    Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]),
                    Double.parseDouble(p[4])});
        }
        Map<String, Forecast> out = new LinkedHashMap<>();
        rows.forEach((id, list) -> {
            list.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] mean = new double[list.size()];
            double[] lo = new double[list.size()];
            double[] hi = new double[list.size()];
            for (int i = 0; i < list.size(); i++) {
                mean[i] = list.get(i)[1];
                lo[i] = list.get(i)[2];
                hi[i] = list.get(i)[3];
            }
            out.put(id, new Forecast(mean, lo, hi));
        });
        return out;
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: M4Scorer TRAIN_CSV TEST_CSV FORECAST_CSV");
            System.exit(2);
        }
        Map<String, double[]> train = readM4(Path.of(args[0]));
        Map<String, double[]> test = readM4(Path.of(args[1]));
        Map<String, Forecast> forecasts = readForecasts(Path.of(args[2]));
        PrintStream out = System.out;
        List<SeriesScore> scores = score(train, test, forecasts, HOURLY_PERIOD);
        printBreakdown(out, train, test, forecasts, scores);
        out.println(summarize(scores).format());
    }

    /** Horizon bands of the breakdown: the first and second day, each in halves. */
    static final int BAND = 12;

    /**
     * Where a forecast wins or loses: per horizon band (sMAPE, MASE, coverage and mean relative interval width
     * of steps 1–12, 13–24, …), per quartile of trend strength ({@link #trendStrength}), and per half of the
     * file (the two folds the forecaster's choices were cross-checked on). Printed before the headline.
     */
    static void printBreakdown(PrintStream out, Map<String, double[]> train, Map<String, double[]> test,
                               Map<String, Forecast> forecasts, List<SeriesScore> scores) {
        int h = test.values().iterator().next().length;
        for (int from = 0; from < h; from += BAND) {
            int to = Math.min(h, from + BAND);
            double s = 0, m = 0, cov = 0, width = 0, sN = 0, mN = 0;
            for (Map.Entry<String, double[]> e : test.entrySet()) {
                double[] insample = train.get(e.getKey());
                double[] actual = java.util.Arrays.copyOfRange(e.getValue(), from, to);
                Forecast f = forecasts.get(e.getKey());
                double[] mean = java.util.Arrays.copyOfRange(f.mean(), from, to);
                double[] naive = java.util.Arrays.copyOfRange(naive2(insample, h, HOURLY_PERIOD), from, to);
                s += smape(actual, mean);
                m += mase(insample, actual, mean, HOURLY_PERIOD);
                sN += smape(actual, naive);
                mN += mase(insample, actual, naive, HOURLY_PERIOD);
                cov += coverage(actual, java.util.Arrays.copyOfRange(f.lower(), from, to),
                        java.util.Arrays.copyOfRange(f.upper(), from, to));
                for (int i = from; i < to; i++) {
                    width += (f.upper()[i] - f.lower()[i]) / maseScale(insample, HOURLY_PERIOD) / (to - from);
                }
            }
            int k = test.size();
            out.printf(Locale.ROOT, "steps %2d-%2d          sMAPE=%.3f MASE=%.3f OWA=%.3f coverage=%.3f width/scale=%.2f%n",
                    from + 1, to, s / k, m / k, (s / sN + m / mN) / 2, cov / k, width / k);
        }
        List<SeriesScore> byTrend = new ArrayList<>(scores);
        byTrend.sort(java.util.Comparator.comparingDouble(sc -> trendStrength(train.get(sc.id()))));
        int q = byTrend.size();
        for (int k = 0; k < 4; k++) {
            List<SeriesScore> part = byTrend.subList(k * q / 4, (k + 1) * q / 4);
            out.printf(Locale.ROOT, "trend quartile %d     %s%n", k + 1, summarize(part).format());
        }
        List<SeriesScore> inOrder = new ArrayList<>(scores);
        out.printf(Locale.ROOT, "first half           %s%n", summarize(inOrder.subList(0, q / 2)).format());
        out.printf(Locale.ROOT, "second half          %s%n", summarize(inOrder.subList(q / 2, q)).format());
    }

    /**
     * Trend strength of a series: the change over the 48-step horizon implied by the least-squares slope of its
     * daily means over the last week, relative to the MASE scale (so 1 means the trend alone moves the series by
     * one typical day-on-day change over two days).
     */
    static double trendStrength(double[] insample) {
        int days = Math.min(7, insample.length / HOURLY_PERIOD);
        if (days < 2) {
            return 0;
        }
        double[] daily = new double[days];
        int start = insample.length - days * HOURLY_PERIOD;
        for (int d = 0; d < days; d++) {
            for (int i = 0; i < HOURLY_PERIOD; i++) {
                daily[d] += insample[start + d * HOURLY_PERIOD + i] / HOURLY_PERIOD;
            }
        }
        double tMean = (days - 1) / 2.0, yMean = java.util.Arrays.stream(daily).average().orElse(0), num = 0, den = 0;
        for (int d = 0; d < days; d++) {
            num += (d - tMean) * (daily[d] - yMean);
            den += (d - tMean) * (d - tMean);
        }
        double perStep = num / den / HOURLY_PERIOD;
        double scale = maseScale(insample, HOURLY_PERIOD);
        return scale > 0 ? Math.abs(perStep) * 48 / scale : 0;
    }
}
