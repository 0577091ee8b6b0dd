package io.dashinsights.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * One WireMock server on a dynamic port standing in for Prometheus ({@code /api/v1/…}, answered by
 * {@link PrometheusStandIn}) and Grafana ({@code /api/annotations}, {@code /api/dashboards/…}, answered by
 * {@link GrafanaStandIn} unless a test stubs a fault of its own).
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    /** Marks the test field that receives the Grafana stand-in (its state: annotations, dashboards). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Grafana {
    }

    public static final String GRAFANA_TOKEN = "test-grafana-token";

    private WireMockServer server;
    private final GrafanaStandIn grafana = new GrafanaStandIn();

    @Override
    public Map<String, String> start() {
        // Enough request threads for the scheduler benchmark's dozens of delayed requests in flight at once
        // (insights.limits.*): a real Prometheus and Grafana serve that many concurrently too.
        // Stub request logging off: WireMock builds the log text of every matched request (the response definition
        // as JSON) even when its notifier prints nothing; that was a sixth of its CPU in the scheduler benchmark.
        server = new WireMockServer(grafana.configure(WireMockConfiguration.options().dynamicPort().containerThreads(160)
                .stubRequestLoggingDisabled(true).extensions(new PrometheusStandIn(), new ConcurrencyProbe())));
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.of("insights.prometheus.url", url, "insights.grafana.url", url,
                "insights.grafana.token", GRAFANA_TOKEN);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
        injector.injectIntoFields(grafana, new TestInjector.AnnotatedAndMatchesType(Grafana.class, GrafanaStandIn.class));
    }

    /**
     * The usual healthy world: Prometheus answers every range query with {@link PrometheusStandIn}'s series,
     * Grafana accepts annotations (id 41) and patches. Clears earlier stubs and requests first.
     */
    public static void stubMetricsAndGrafana(WireMockServer stub) {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withTransformers(PrometheusStandIn.NAME)));
        stub.stubFor(post(urlEqualTo("/api/annotations"))
                .willReturn(okJson("{\"message\":\"Annotation added\",\"id\":41}")));
        stub.stubFor(patch(urlPathMatching("/api/annotations/\\d+"))
                .willReturn(okJson("{\"message\":\"Annotation patched\"}")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
