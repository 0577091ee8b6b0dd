package io.dashinsights.contract;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * POSTs the envelope to {@code <base-url>/<function>}: one deployment per function (serverless). A base URL
 * containing {@code {function}} names one host per function (Knative Services, Cloud Run services), and the
 * function then answers at that host's {@code /<function>}.
 */
public class HttpInvoker implements Invoker {

    static final String FUNCTION_PLACEHOLDER = "{function}";

    private final String baseUrl;
    private final Duration timeout;
    private final Optional<String> token;
    private final Map<String, FunctionsApi> clients = new ConcurrentHashMap<>();

    public HttpInvoker(String baseUrl, Duration timeout, Optional<String> token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.token = token;
    }

    @Override
    public StageResult invoke(String function, Envelope envelope) {
        String host = baseUrl.replace(FUNCTION_PLACEHOLDER, function);
        try {
            return clients.computeIfAbsent(host, this::client).invoke(function, envelope);
        } catch (WebApplicationException e) {
            String body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
            throw new InvocationException("POST " + host + "/" + function + " answered "
                    + e.getResponse().getStatus() + ": " + body, e);
        } catch (RuntimeException e) {
            throw new InvocationException("POST " + host + "/" + function + " failed: " + e.getMessage(), e);
        }
    }

    private FunctionsApi client(String host) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(host))
                .connectTimeout(Math.min(timeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        token.ifPresent(t -> builder.register((ClientRequestFilter) request ->
                request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t)));
        return builder.build(FunctionsApi.class);
    }
}
