package io.dashinsights.schedule;

import io.dashinsights.config.InsightsConfig;

/** Wait before retrying after {@code failures} earlier failures: doubling from the base, capped, at least Retry-After. */
public final class Backoff {

    private Backoff() {
    }

    public static long delayMillis(InsightsConfig.Schedule schedule, int failures, Long retryAfterSeconds) {
        long base = schedule.backoff().toMillis();
        long max = schedule.maxBackoff().toMillis();
        long delay = base << Math.min(Math.max(failures, 0), 20);
        delay = Math.min(delay, max);
        if (retryAfterSeconds != null) {
            delay = Math.max(delay, retryAfterSeconds * 1000);
        }
        return delay;
    }
}
