package io.dashinsights.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.alert.SenderVerifier;
import io.dashinsights.insight.SlowExplainer;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/webhook.sh: the webhook's answer time over 1,000 deliveries (after 100 warm-up ones), each a new
 * firing Grafana alert above the threshold, HMAC-signed, while the explainer takes 2 s per group
 * ({@link SlowExplainer}). The answer only waits for the durable record; explanations queue behind it.
 * Not part of {@code verify} (tag "bench").
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(StandIns.class)
@TestProfile(WebhookBenchmark.SlowModel.class)
class WebhookBenchmark {

    private static final int DELIVERIES = Integer.getInteger("bench.deliveries", 1_000);
    private static final int WARMUP = 100;
    private static final String SECRET = "bench-secret";

    public static class SlowModel implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SlowExplainer.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.alerts.auth", "hmac", "insights.alerts.hmac-secret", SECRET);
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @TestHTTPResource("/on-webhook-error-alert")
    URL webhook;

    @Test
    void answersFastWhileTheModelIsSlow() throws Exception {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse().withTransformers(PrometheusStandIn.NAME)));
        stub.stubFor(post(urlEqualTo("/api/v1/query")).willReturn(okJson(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")));
        stub.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson("[]")));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":1}")));

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode template;
        try (InputStream in = getClass().getResourceAsStream("/payloads/grafana-webhook-error-rate-constructed-example.json")) {
            template = (ObjectNode) mapper.readTree(in);
        }
        HttpClient client = HttpClient.newHttpClient();
        long[] nanos = new long[DELIVERIES];
        int callsBefore = SlowExplainer.CALLS.get();
        long wallStart = System.nanoTime();
        for (int i = -WARMUP; i < DELIVERIES; i++) {
            template.get("alerts").forEach(a -> ((ObjectNode) a).put("fingerprint",
                    "bench" + Long.toHexString(System.nanoTime())));
            byte[] body = mapper.writeValueAsBytes(template);
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.toString()))
                    .header("Content-Type", "application/json")
                    .header("X-Grafana-Alerting-Signature", SenderVerifier.sign(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        Arrays.sort(nanos);
        double p50 = percentile(nanos, 0.50);
        double p99 = percentile(nanos, 0.99);
        int explained = SlowExplainer.CALLS.get() - callsBefore;
        System.out.printf(Locale.ROOT, "webhook deliveries %d (after %d warm-up), explainer latency 2000 ms: "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.1f s wall, %d explanation(s) finished meanwhile%n",
                DELIVERIES, WARMUP, p50, p99, nanos[nanos.length - 1] / 1e6, wallSeconds, explained);
        assertThat(p99).as("p99 answer time in ms").isLessThan(1_000);
        assertThat(explained).as("the slow explainer was really on the path behind the answer").isPositive();
    }

    private static double percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
