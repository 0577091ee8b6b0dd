package io.dashinsights.alert;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Failures;
import io.dashinsights.contract.FunctionGate;
import io.dashinsights.contract.Functions;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warms the webhook path before the instance reports ready. On a fresh JVM the first alert storm met interpreted code
 * in Vert.x, Funqy, Jackson and the JDBC driver while the JIT compiled on the same cores: its first 50 deliveries took
 * ~7 ms of CPU each instead of ~1.5, and the slowest answers of bench/webhook.sh were all in that first wave. So once
 * the HTTP server listens, the instance sends itself {@code insights.alerts.prime-deliveries} deliveries over loopback
 * HTTP, signed with its own configured credentials: they pass {@link WebhookGate} like any delivery, and only then does
 * a header with this process's random token (never configured, never logged) make {@link AlertIntake} roll the store's
 * INSERT back, so nothing is recorded, processed or pushed. The marker can only make a verified delivery do less.
 * Readiness is down meanwhile (a load balancer, Kubernetes or Knative sends no traffic yet); a failure to prime is
 * logged and the instance becomes ready anyway, unprimed.
 */
@ApplicationScoped
public class IntakePrimer {

    private static final Logger LOG = Logger.getLogger(IntakePrimer.class);
    /** Header of a priming delivery; its value is {@link #token}. */
    static final String HEADER = "X-Insights-Priming";
    /** The built-in delivery sent (a Grafana contact-point body with two firing error-rate alerts; tests use it too). */
    static final String BODY = "/payloads/grafana-webhook-error-rate-constructed-example.json";
    /**
     * Priming deliveries in flight at once when the store's pool size is not configured. Otherwise as many as the pool
     * holds: an alert storm opens every pooled connection and has the store compile its statements on each, and
     * starts as many worker threads; with 8 at once the first wave of bench/webhook.sh still paid for part of that
     * (fresh p99 61-157 ms in seven runs; with 16, 55-67 ms but for one run on a slow moment).
     */
    private static final int SENDERS = 8;
    /** How long readiness waits for the HTTP server's start before it gives up on priming (none may start). */
    private static final Duration WAIT_FOR_SERVER = Duration.ofSeconds(10);

    enum State { OFF, WAITING, PRIMING, PRIMED, FAILED }

    private final SenderVerifier verifier;
    private final int deliveries;
    private final String token = HexFormat.of().formatHex(random());
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile State state;
    private volatile String outcome = "";
    /** Created with the router (WebhookGate needs it), so at startup: where the wait for the HTTP server starts. */
    private final long waitingSince = System.nanoTime();

    IntakePrimer(SenderVerifier verifier, InsightsConfig config, FunctionGate functions) {
        this.verifier = verifier;
        // Nothing to prime in a per-function deployment of another function (the webhook answers 404 there), nor where
        // the webhook refuses every delivery (its credentials are not configured; SenderVerifier logs that).
        this.deliveries = functions.serves(Functions.WEBHOOK_ERROR_ALERT) && verifier.configured()
                ? config.alerts().primeDeliveries() : 0;
        this.state = deliveries == 0 ? State.OFF : State.WAITING;
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Fired (asynchronously) once the plain-HTTP server listens; with several event loops, once per loop. */
    void onHttpServer(@ObservesAsync HttpServerStart server) {
        if (deliveries == 0 || !started.compareAndSet(false, true)) {
            return;
        }
        String host = server.options().getHost();
        if (host == null || host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host)) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        // The options carry no port (the server is bound by listen(port, host)); Quarkus keeps the bound port, a
        // random one included, in its config (the test port in tests).
        var config = ConfigProvider.getConfig();
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = config.getOptionalValue(portKey, Integer.class).orElse(8080);
        String root = config.getOptionalValue("quarkus.http.root-path", String.class).orElse("/");
        prime(URI.create("http://" + host + ":" + port + (root.endsWith("/") ? root : root + "/")
                + Functions.WEBHOOK_ERROR_ALERT));
    }

    /** True for the header value of this process's own priming deliveries (constant-time). */
    boolean isOwn(String header) {
        return header != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    State state() {
        return state;
    }

    void prime(URI webhook) {
        state = State.PRIMING;
        try {
            send(webhook);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(webhook, "interrupted");
        } catch (Exception | LinkageError e) {
            // Whatever goes wrong, the instance must not stay unready: it serves unprimed instead.
            fail(webhook, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void send(URI webhook) throws Exception {
        long start = System.nanoTime();
        byte[] body;
        try (InputStream in = IntakePrimer.class.getResourceAsStream(BODY)) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header(HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        verifier.credentials(body).forEach(request::header);
        HttpRequest built = request.build();
        AtomicInteger left = new AtomicInteger(deliveries);
        int senders = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.jdbc.max-size", Integer.class)
                .orElse(SENDERS);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < Math.min(senders, deliveries); i++) {
                results.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<String> answer = client.send(built, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200 || !answer.body().contains("\"primed\"")) {
                            left.set(0);
                            return "answered " + answer.statusCode() + ": " + Failures.abbreviate(answer.body(), 200);
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> result : results) {
                String problem = result.get();
                if (problem != null) {
                    fail(webhook, problem);
                    return;
                }
            }
        }
        outcome = deliveries + " deliveries in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        state = State.PRIMED;
        LOG.infof("primed the webhook path with %s (nothing recorded)", outcome);
    }

    private void fail(URI webhook, String problem) {
        outcome = problem;
        state = State.FAILED;
        LOG.warnf("could not prime the webhook path through %s (%s); ready unprimed: the first deliveries will be slower",
                webhook, problem);
    }

    @Readiness
    @ApplicationScoped
    HealthCheck readiness() {
        return this::health;
    }

    HealthCheckResponse health() {
        State now = state;
        boolean waitedTooLong = now == State.WAITING
                && System.nanoTime() - waitingSince > WAIT_FOR_SERVER.toNanos();
        boolean up = now != State.PRIMING && (now != State.WAITING || waitedTooLong);
        var response = HealthCheckResponse.named("webhook-priming").status(up)
                .withData("state", waitedTooLong ? "no HTTP server to prime through" : now.name().toLowerCase());
        if (!outcome.isEmpty()) {
            response.withData("outcome", outcome);
        }
        return response.build();
    }
}
