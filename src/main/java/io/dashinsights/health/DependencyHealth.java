package io.dashinsights.health;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.grafana.GrafanaClient;
import io.dashinsights.metrics.PrometheusClient;
import io.dashinsights.store.Jdbc;
import io.dashinsights.store.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.health.api.HealthGroup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is only what the app needs to accept work: the store. Prometheus and Grafana (when configured; the
 * demo source and local sink are always "up") are in the {@code dependencies} group
 * ({@code /q/health/group/dependencies}, also in {@code /q/health}): a Grafana outage must not take every instance
 * and with it the webhook out of the load balancer, since the outbox delivers later.
 */
@ApplicationScoped
public class DependencyHealth {

    /** The health group of the systems we call but can work without for a while. */
    public static final String DEPENDENCIES = "dependencies";

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

    @HealthGroup(DEPENDENCIES)
    @ApplicationScoped
    HealthCheck prometheus() {
        return () -> config.prometheus().url().isEmpty()
                ? HealthCheckResponse.named("prometheus").up().withData("source", "demo").build()
                : HealthCheckResponse.named("prometheus").status(prometheus.ready())
                .withData("url", config.prometheus().url().get()).build();
    }

    @HealthGroup(DEPENDENCIES)
    @ApplicationScoped
    HealthCheck grafana() {
        return () -> config.grafana().url().isEmpty()
                ? HealthCheckResponse.named("grafana").up().withData("sink", "local").build()
                : HealthCheckResponse.named("grafana").status(grafana.healthy())
                .withData("url", config.grafana().url().get()).build();
    }
}
