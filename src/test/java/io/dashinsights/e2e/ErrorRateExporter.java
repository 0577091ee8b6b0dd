package io.dashinsights.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A tiny Prometheus exporter for the end-to-end test: {@code http_requests_total} of service "checkout"
 * growing at 100 requests/s, of which {@link #setErrorRatio} are errors (3/4 on /pay 500, 1/4 on
 * /cart 503). Counters grow continuously, so Prometheus' rate() sees exactly the ratio once its window
 * has passed.
 */
final class ErrorRateExporter implements AutoCloseable {

    private static final double REQUESTS_PER_SECOND = 100;

    private final HttpServer server;
    private double ok;
    private double payErrors;
    private double cartErrors;
    private double ratio;
    private long last = System.nanoTime();

    ErrorRateExporter(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    synchronized void setErrorRatio(double ratio) {
        advance();
        this.ratio = ratio;
    }

    private synchronized String exposition() {
        advance();
        return "# TYPE http_requests_total counter\n"
                + line("/pay", "200", ok * 0.6) + line("/cart", "200", ok * 0.4)
                + line("/pay", "500", payErrors) + line("/cart", "503", cartErrors);
    }

    private void advance() {
        long now = System.nanoTime();
        double requests = (now - last) / 1e9 * REQUESTS_PER_SECOND;
        last = now;
        ok += requests * (1 - ratio);
        payErrors += requests * ratio * 0.75;
        cartErrors += requests * ratio * 0.25;
    }

    private static String line(String route, String status, double value) {
        return String.format(Locale.ROOT, "http_requests_total{service=\"checkout\",route=\"%s\",status=\"%s\"} %.3f%n",
                route, status, value);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
