package io.dashinsights.capacity;

import io.dashinsights.config.InsightsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The executors, built once and kept for the application's life. Work that mostly waits (a dashboard's
 * Prometheus read, Grafana push, model call; an alert group) runs on virtual threads, so waiting holds no
 * platform thread; CPU-bound analysis is handed to a pool with one thread per core, so a thousand
 * dashboards analysing at once neither oversubscribe the cores nor starve the carriers of the waiting ones.
 */
@ApplicationScoped
public class WorkPools {

    private final ExecutorService waiting;
    private final ExecutorService analysis;
    private final ThreadLocal<Boolean> onAnalysisThread = ThreadLocal.withInitial(() -> false);

    WorkPools(InsightsConfig config) {
        this.waiting = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("insights-work-", 0).factory());
        int threads = config.limits().analysisThreads() > 0 ? config.limits().analysisThreads()
                : Runtime.getRuntime().availableProcessors();
        ThreadFactory platform = Thread.ofPlatform().name("insights-analysis-", 0).daemon(true).factory();
        this.analysis = Executors.newFixedThreadPool(threads, r -> platform.newThread(() -> {
            onAnalysisThread.set(true);
            r.run();
        }));
    }

    /** Starts {@code task} on its own virtual thread. */
    public <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
        return waiting.submit(task);
    }

    /** Starts {@code task} on its own virtual thread. */
    public Future<?> submit(Runnable task) {
        return waiting.submit(task);
    }

    /**
     * Runs CPU-bound {@code work} on the analysis pool and waits for it (a virtual thread waiting here frees
     * its carrier). Runs inline when already on that pool, so nesting cannot deadlock it.
     */
    public <T> T analyse(Supplier<T> work) {
        if (onAnalysisThread.get()) {
            return work.get();
        }
        CompletableFuture<T> result = CompletableFuture.supplyAsync(work, analysis);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while the analysis ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    @PreDestroy
    void stop() {
        waiting.shutdownNow();
        analysis.shutdownNow();
        try {
            waiting.awaitTermination(5, TimeUnit.SECONDS);
            analysis.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
