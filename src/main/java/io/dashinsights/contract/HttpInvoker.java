package io.dashinsights.contract;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.WebApplicationException;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** POSTs the envelope to {@code <base-url>/<function>}: one deployment per function (serverless). */
public class HttpInvoker implements Invoker {

    private final String baseUrl;
    private final FunctionsApi api;

    public HttpInvoker(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(this.baseUrl))
                .connectTimeout(Math.min(timeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(FunctionsApi.class);
    }

    @Override
    public StageResult invoke(String function, Envelope envelope) {
        try {
            return api.invoke(function, envelope);
        } catch (WebApplicationException e) {
            String body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
            throw new InvocationException("POST " + baseUrl + "/" + function + " answered "
                    + e.getResponse().getStatus() + ": " + body, e);
        } catch (RuntimeException e) {
            throw new InvocationException("POST " + baseUrl + "/" + function + " failed: " + e.getMessage(), e);
        }
    }
}
