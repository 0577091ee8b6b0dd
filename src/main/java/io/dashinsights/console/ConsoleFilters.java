package io.dashinsights.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Adds headers that keep the console pages from running script, being framed or being cached (they carry form
 * tokens). Who may see them is {@link ConsoleGate}'s decision.
 */
@Provider
@ConsolePage
@ApplicationScoped
public class ConsoleFilters implements ContainerResponseFilter {

    /** No script at all: the pages need none, so an escaping slip still could not run one. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CSP);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
