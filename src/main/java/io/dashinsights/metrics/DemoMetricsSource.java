package io.dashinsights.metrics;

import io.dashinsights.domain.MetricsSource;
import io.dashinsights.analysis.Series;

import java.time.Duration;
import java.time.Instant;

/**
 * Deterministic synthetic metrics so the function set runs with nothing installed: a daily cycle, a slow
 * upward drift, noise, and an incident every day 13:00–13:40 UTC (a spike, or a dip for metrics whose
 * name suggests a ratio). The same metric and time always give the same value, so repeated runs find the
 * same incidents and update their annotations instead of adding new ones.
 */
public class DemoMetricsSource implements MetricsSource {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Override
    public String kind() {
        return "demo";
    }

    @Override
    public Series rangeQuery(String name, String promql, Instant start, Instant end, Duration step) {
        Duration safe = PrometheusClient.stepWithin(start, end, step);
        long stepMs = safe.toMillis();
        long first = Math.floorDiv(start.toEpochMilli(), stepMs) * stepMs;
        int n = (int) ((end.toEpochMilli() - first) / stepMs) + 1;
        long[] ts = new long[n];
        double[] values = new double[n];
        long seed = promql.hashCode();
        double level = 50 + Math.floorMod(seed, 200);
        for (int i = 0; i < n; i++) {
            long t = first + i * stepMs;
            ts[i] = t;
            values[i] = value(t, seed, level, name);
        }
        return new Series(name, ts, values);
    }

    static double value(long t, long seed, double level, String name) {
        double dayPhase = 2 * Math.PI * Math.floorMod(t, DAY) / DAY;
        double daily = 0.25 * level * Math.sin(dayPhase - Math.PI / 2);
        double drift = level * 0.02 * (t / (double) DAY % 365);
        double noise = 0.03 * level * gaussian(t, seed);
        double v = level + daily + drift + noise;
        long minuteOfDay = Math.floorMod(t, DAY) / 60_000;
        if (minuteOfDay >= 13 * 60 && minuteOfDay < 13 * 60 + 40) {
            boolean ratio = name.contains("rate") || name.contains("ratio");
            v = ratio ? v * 0.45 : v * 1.9;
        }
        return v;
    }

    /** A standard normal draw fixed by (t, seed): splitmix64 hashing, then Box–Muller. */
    private static double gaussian(long t, long seed) {
        double u1 = (mix(t * 31 + seed) >>> 11) * 0x1.0p-53;
        double u2 = (mix(t * 17 + seed + 1) >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
