package io.dashinsights.health;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.grafana.GrafanaClient;
import io.dashinsights.metrics.PrometheusClient;
import io.dashinsights.store.Jdbc;
import io.dashinsights.store.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness per dependency, so {@code /q/health} says which one is down: the store, Prometheus and
 * Grafana (the last two only when configured; the demo source and local sink are always "up").
 */
@ApplicationScoped
public class DependencyHealth {

    private final Jdbc jdbc;
    private final OutboxRepository outbox;
    private final PrometheusClient prometheus;
    private final GrafanaClient grafana;
    private final InsightsConfig config;

    DependencyHealth(Jdbc jdbc, OutboxRepository outbox, PrometheusClient prometheus, GrafanaClient grafana,
                     InsightsConfig config) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.prometheus = prometheus;
        this.grafana = grafana;
        this.config = config;
    }

    @Readiness
    @ApplicationScoped
    HealthCheck store() {
        return () -> {
            boolean up = jdbc.ping();
            var b = HealthCheckResponse.named("store").status(up);
            if (up) {
                b.withData("pendingPushes", outbox.pendingCount(null));
            }
            return b.build();
        };
    }

    @Readiness
    @ApplicationScoped
    HealthCheck prometheus() {
        return () -> config.prometheus().url().isEmpty()
                ? HealthCheckResponse.named("prometheus").up().withData("source", "demo").build()
                : HealthCheckResponse.named("prometheus").status(prometheus.ready())
                .withData("url", config.prometheus().url().get()).build();
    }

    @Readiness
    @ApplicationScoped
    HealthCheck grafana() {
        return () -> config.grafana().url().isEmpty()
                ? HealthCheckResponse.named("grafana").up().withData("sink", "local").build()
                : HealthCheckResponse.named("grafana").status(grafana.healthy())
                .withData("url", config.grafana().url().get()).build();
    }
}
