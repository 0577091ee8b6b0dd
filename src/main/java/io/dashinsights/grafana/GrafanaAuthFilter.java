package io.dashinsights.grafana;

import io.dashinsights.config.InsightsConfig;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Adds the service-account token from configuration; the token is never stored or logged. */
public class GrafanaAuthFilter implements ClientRequestFilter {

    private final InsightsConfig config;

    public GrafanaAuthFilter(InsightsConfig config) {
        this.config = config;
    }

    @Override
    public void filter(ClientRequestContext request) {
        config.grafana().token().filter(t -> !t.isBlank())
                .ifPresent(token -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }
}
