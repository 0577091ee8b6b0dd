package io.dashinsights.console;

import io.dashinsights.config.InsightsConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Guards the console pages: asks for credentials when {@code insights.console.auth} is basic or bearer, and
 * adds headers that keep the pages from running script, being framed or being cached (they carry form tokens).
 */
@Provider
@ConsolePage
@Startup
@ApplicationScoped
public class ConsoleFilters implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(ConsoleFilters.class);

    /** No script at all: the pages need none, so an escaping slip still could not run one. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleAccess access;

    ConsoleFilters(InsightsConfig config) {
        var console = config.console();
        this.access = ConsoleAccess.of(console.auth(), console.username(), console.password(), console.token());
        if (access.open() && !console.readOnly() && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("the operator console is open to anyone who reaches this port and can run dashboards; set "
                    + "INSIGHTS_CONSOLE_AUTH=basic|bearer or INSIGHTS_CONSOLE_READ_ONLY=true");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!access.allows(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, access.challenge()).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("The operator console needs credentials (insights.console.auth).\n").build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CSP);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
