package io.dashinsights.metrics;

import io.dashinsights.domain.MetricsSource;
import io.dashinsights.config.InsightsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/** Prometheus when {@code insights.prometheus.url} is set, otherwise the demo source. */
@ApplicationScoped
public class MetricsSources {

    private static final Logger LOG = Logger.getLogger(MetricsSources.class);

    @Produces
    @ApplicationScoped
    @Named("active")
    MetricsSource active(InsightsConfig config, PrometheusClient prometheus) {
        if (config.prometheus().url().isPresent()) {
            return prometheus;
        }
        LOG.info("insights.prometheus.url is not set: using the built-in demo metrics");
        return new DemoMetricsSource();
    }
}
