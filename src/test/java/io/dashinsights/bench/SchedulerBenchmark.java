package io.dashinsights.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.capacity.Dependency;
import io.dashinsights.capacity.DependencyLimits;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.schedule.TriggerService;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.BenchStandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/scheduler.sh: one trigger cycle over 1,000 due dashboards with Prometheus and Grafana stand-ins
 * answering after 50 ms ({@link BenchStandIns}: range queries and annotation writes; look-ups at once), at the
 * configured concurrency and one at a time like the seed's loop. Not part of {@code verify} (tag "bench").
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(value = BenchStandIns.class, restrictToAnnotatedClass = true)
class SchedulerBenchmark {

    private static final int DASHBOARDS = Integer.getInteger("bench.dashboards", 1_000);
    private static final int LATENCY_MS = 50;
    /**
     * Latency of the Prometheus stand-in's range queries. Until 2026-12-02 the WireMock stub's 50 ms delay was lost
     * (PrometheusStandIn's transformer built a new response without it), so earlier figures had Prometheus answer
     * at once: {@code -Dbench.prometheusLatencyMs=0} measures that definition for comparison.
     */
    private static final int PROMETHEUS_LATENCY_MS = Integer.getInteger("bench.prometheusLatencyMs", LATENCY_MS);
    /**
     * Dashboards of the unmeasured warm-up cycle: as many as measured by default. With 200 the JIT was still
     * compiling the pipeline during the measured cycle (JFR: C2 compilations for seconds of it), so its CPU fell
     * into the figure a long-running service never pays.
     */
    private static final int WARM_UP = Integer.getInteger("bench.warmup", DASHBOARDS);

    @BenchStandIns.Server
    BenchStandIns stub;

    @Inject
    DashboardImporter importer;

    @Inject
    TriggerService trigger;

    @Inject
    Jdbc jdbc;

    @Inject
    InsightsConfig config;

    @Inject
    DependencyLimits limits;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    @Test
    void oneCycleOverAThousandDueDashboards() throws Exception {
        stub.delay(PROMETHEUS_LATENCY_MS, LATENCY_MS);
        int concurrency = config.schedule().concurrency();
        // Warm-up (not measured): the JIT compiles the pipeline before either measured cycle, so neither the
        // concurrent nor the sequential figure pays for it.
        cycle("warm-", 1, WARM_UP, concurrency);
        Cycle concurrent = cycle("bench-", 2, DASHBOARDS, concurrency);
        if (!Boolean.parseBoolean(System.getProperty("bench.sequential", "true"))) {
            // Profiling runs (-Dbench.sequential=false) record the concurrent cycle only.
            System.out.printf(Locale.ROOT, "concurrency %d: %.1f s (%.1f ms CPU per dashboard), %d failed%n", concurrency,
                    concurrent.seconds, concurrent.cpuMillis / DASHBOARDS, concurrent.failed);
            return;
        }
        Cycle sequential = cycle("bench-", 3, DASHBOARDS, 1);

        System.out.printf(Locale.ROOT, "dashboards %d, stand-in latency %d ms Prometheus range queries, %d ms Grafana "
                + "annotation writes, store %s, limits prometheus %d / grafana %d, %d cores, load average %.1f%n",
                DASHBOARDS, PROMETHEUS_LATENCY_MS, LATENCY_MS, store(),
                limits.limit(Dependency.PROMETHEUS), limits.limit(Dependency.GRAFANA),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf(Locale.ROOT, "concurrency %d: %.1f s (%.1f dashboards/s, %.1f ms CPU per dashboard), %d failed%n",
                concurrency, concurrent.seconds, DASHBOARDS / concurrent.seconds, concurrent.cpuMillis / DASHBOARDS,
                concurrent.failed);
        System.out.printf(Locale.ROOT, "sequential baseline (seed loop): %.1f s (%.1f dashboards/s, %.1f ms CPU per "
                + "dashboard), %d failed%n", sequential.seconds, DASHBOARDS / sequential.seconds,
                sequential.cpuMillis / DASHBOARDS, sequential.failed);
        System.out.printf(Locale.ROOT, "scheduler cycle, %d dashboards (%s): %.1f s at concurrency %d vs %.1f s sequential, "
                + "speedup %.1fx%n", DASHBOARDS, store(), concurrent.seconds, concurrency, sequential.seconds,
                sequential.seconds / concurrent.seconds);
        assertThat(concurrent.failed + sequential.failed).as("failed dashboards").isZero();
    }

    private record Cycle(double seconds, double cpuMillis, int failed) {
    }

    /** Imports {@code count} dashboards (ids {@code prefix}NNNN), makes them due in a new period, runs one cycle. */
    private Cycle cycle(String prefix, int period, int count, int concurrency) {
        if (period < 3) {
            importDashboards(prefix, count);
        }
        jdbc.update("UPDATE dashboards SET next_due = ? WHERE id LIKE ?", (long) period, prefix + "%");
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        TriggerService.Summary summary = trigger.runOnce("bench-" + period, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (processCpuNanos() - cpu) / 1e6;
        assertThat(summary.dashboards().stream().filter(d -> d.startsWith(prefix))).hasSize(count);
        return new Cycle(seconds, cpuMillis, summary.failed());
    }

    private void importDashboards(String prefix, int count) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode list = root.putArray("dashboards");
        for (int i = 0; i < count; i++) {
            ObjectNode d = list.addObject().put("id", String.format("%s%04d", prefix, i)).put("type", "anomaly_detection")
                    .put("time_range", "24h").put("refresh_minutes", 60);
            d.putArray("metrics").add("requests");
            d.putObject("grafana").put("dashboardUid", "bench").put("panelId", i + 1);
        }
        importer.importJson(root);
    }

    private String store() {
        return "postgresql".equals(dbKind) ? "PostgreSQL" : "H2";
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU used by this JVM (app, stand-ins and all), so a busy machine's queueing shows apart from work. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
