package io.dashinsights.bench;

import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Forecaster;
import io.dashinsights.analysis.Series;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Forecasts every series of an M4 hourly file 48 steps ahead. The forecaster is told only that the step is one
 * hour (timestamps start at an arbitrary epoch) and the horizon; everything else it works out itself.
 *
 * <p>Usage: {@code M4Runner TRAIN_CSV OUT_CSV}; writes {@code id,step,forecast,lower95,upper95}.
 */
public final class M4Runner {

    static final int HORIZON = 48;
    private static final long HOUR_MILLIS = 3_600_000L;

    private M4Runner() {
    }

    /** Wraps raw M4 values as an hourly series; M4 gives no dates, so the clock starts at epoch 0. */
    static Series hourlySeries(String id, double[] values) {
        long[] ts = new long[values.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * HOUR_MILLIS;
        }
        return new Series(id, ts, values);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: M4Runner TRAIN_CSV OUT_CSV");
            System.exit(2);
        }
        Map<String, double[]> train = M4Scorer.readM4(Path.of(args[0]));
        long totalNanos = 0;
        long totalCpuNanos = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[1]))) {
            w.write("id,step,forecast,lower95,upper95\n");
            for (Map.Entry<String, double[]> e : train.entrySet()) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                ForecastReport r = Forecaster.forecast(hourlySeries(e.getKey(), e.getValue()), HORIZON);
                long nanos = System.nanoTime() - start;
                totalNanos += nanos;
                totalCpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
                for (int i = 0; i < HORIZON; i++) {
                    w.write(String.format(Locale.ROOT, "%s,%d,%s,%s,%s%n", e.getKey(), i + 1, r.mean()[i],
                            r.lower95()[i], r.upper95()[i]));
                }
                System.out.printf(Locale.ROOT, "%s %.1f ms model=%s backtest %s=%.3f%n", e.getKey(), nanos / 1e6,
                        r.modelUsed(), r.accuracyMetric(), r.accuracyEstimate());
            }
        }
        // CPU time of the forecasting thread is what one core spends; wall time also counts waiting for a core on a
        // busy machine. Both are printed, wall last.
        System.out.printf(Locale.ROOT, "series=%d total=%.2f s cpu=%.1f ms/series mean=%.1f ms/series (wall)%n",
                train.size(), totalNanos / 1e9, totalCpuNanos / 1e6 / Math.max(1, train.size()),
                totalNanos / 1e6 / Math.max(1, train.size()));
    }
}
