package io.dashinsights.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus and Grafana for bench/scheduler.sh only: the answers {@link StandIns} gives the benchmark (the same
 * {@link PrometheusStandIn} series, Grafana's annotation and dashboard answers), each after a fixed delay, served by
 * one Vert.x event loop. WireMock matches every request against every stub, builds a serve event and a logged
 * request and runs a thread per request; in the benchmark's profile that was a fifth of the JVM's CPU, work that a
 * real Prometheus and Grafana do on their own machines. This stand-in costs a few per cent, so the figure is closer
 * to what the scheduler itself costs. The behaviour the tests check lives in {@link StandIns}/{@link GrafanaStandIn}.
 */
public class BenchStandIns implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running stand-in. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    private static final String JSON = "application/json";

    private final PrometheusStandIn prometheus = new PrometheusStandIn();
    private final AtomicLong nextAnnotation = new AtomicLong(1);
    private final AtomicLong requests = new AtomicLong();
    private volatile long prometheusDelayMillis = 50;
    private volatile long grafanaDelayMillis = 50;
    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "localhost")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("bench stand-in did not start", e);
        }
        String url = "http://localhost:" + server.actualPort();
        return Map.of("insights.prometheus.url", url, "insights.grafana.url", url,
                "insights.grafana.token", StandIns.GRAFANA_TOKEN);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(Server.class, BenchStandIns.class));
    }

    /** How long range queries (Prometheus) and annotation writes (Grafana) wait before they are answered. */
    public void delay(long prometheusMillis, long grafanaMillis) {
        this.prometheusDelayMillis = prometheusMillis;
        this.grafanaDelayMillis = grafanaMillis;
    }

    /** Requests answered since start. */
    public long requests() {
        return requests.get();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            HttpMethod method = request.method();
            int status = 200;
            // As in the WireMock stubs the benchmark had: range queries and annotation writes wait, the look-ups
            // Grafana's and the series API's default answers served at once stay immediate (same baseline).
            long delay = 0;
            Buffer answer;
            if (method == HttpMethod.POST && path.equals("/api/v1/query_range")) {
                delay = prometheusDelayMillis;
                MultiMap form = form(body);
                answer = Buffer.buffer(prometheus.body(Long.parseLong(form.get("start")), Long.parseLong(form.get("end")),
                        Long.parseLong(form.get("step").replace("s", ""))));
            } else if (method == HttpMethod.POST && path.equals("/api/v1/series")) {
                // One series, so the breakdown check finds no label worth breaking down (as with StandIns' bench stubs).
                answer = Buffer.buffer("{\"status\":\"success\",\"data\":[{\"__name__\":\"requests\",\"job\":\"bench\"}]}");
            } else if (method == HttpMethod.GET && path.equals("/api/annotations")) {
                answer = Buffer.buffer("[]");
            } else if (method == HttpMethod.POST && path.equals("/api/annotations")) {
                delay = grafanaDelayMillis;
                answer = Buffer.buffer("{\"message\":\"Annotation added\",\"id\":" + nextAnnotation.getAndIncrement() + "}");
            } else if (method == HttpMethod.PATCH && path.startsWith("/api/annotations/")) {
                delay = grafanaDelayMillis;
                answer = Buffer.buffer("{\"message\":\"Annotation patched\"}");
            } else if (method == HttpMethod.GET && path.startsWith("/api/dashboards/uid/")) {
                answer = Buffer.buffer("{\"dashboard\":{\"uid\":\"" + path.substring("/api/dashboards/uid/".length())
                        + "\",\"version\":1,\"panels\":[]},\"meta\":{}}");
            } else {
                status = 404;
                answer = Buffer.buffer("{\"message\":\"Not found\"}");
            }
            requests.incrementAndGet();
            int code = status;
            if (delay <= 0) {
                request.response().setStatusCode(code).putHeader("Content-Type", JSON).end(answer);
                return;
            }
            vertx.setTimer(delay, t -> {
                HttpServerResponse response = request.response().setStatusCode(code).putHeader("Content-Type", JSON);
                response.end(answer);
            });
        });
    }

    private static MultiMap form(Buffer body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        for (String pair : body.toString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.add(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }
}
