package io.dashinsights.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * One WireMock server on a dynamic port standing in for Prometheus ({@code /api/v1/…}, answered by
 * {@link PrometheusStandIn}) and Grafana ({@code /api/annotations}, {@code /api/dashboards/…}).
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    public static final String GRAFANA_TOKEN = "test-grafana-token";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .extensions(new PrometheusStandIn()));
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.of("insights.prometheus.url", url, "insights.grafana.url", url,
                "insights.grafana.token", GRAFANA_TOKEN);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
