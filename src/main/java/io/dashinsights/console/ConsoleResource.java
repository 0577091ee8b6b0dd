package io.dashinsights.console;

import io.dashinsights.store.DashboardRepository;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The operator console: server-rendered pages at the application root, readable without script. Thin: the
 * pages are built by {@link ConsoleViews}, "run now" by {@link RunNow}, tokens by {@link FormTokens}.
 */
@Path("/")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    private final ConsoleViews views;
    private final RunNow runNow;
    private final FormTokens tokens;
    private final DashboardRepository dashboards;

    ConsoleResource(ConsoleViews views, RunNow runNow, FormTokens tokens, DashboardRepository dashboards) {
        this.views = views;
        this.runNow = runNow;
        this.tokens = tokens;
        this.dashboards = dashboards;
    }

    @GET
    public Response overview(@CookieParam(FormTokens.COOKIE) String cookie, @Context UriInfo uri) {
        Session session = session(cookie);
        return session.ok(Pages.overview(views.overview(session.value())), uri);
    }

    @GET
    @Path("dashboards/{id}")
    public Response dashboard(@PathParam("id") String id, @QueryParam("run") String run,
                              @CookieParam(FormTokens.COOKIE) String cookie, @Context UriInfo uri) {
        Session session = session(cookie);
        return views.dashboard(id, session.value(), run).map(page -> session.ok(Pages.dashboard(page), uri))
                .orElseGet(() -> notFound(id));
    }

    @GET
    @Path("alerts")
    public Response alerts() {
        return Response.ok(Pages.alerts(views.alerts()).render()).build();
    }

    /** Runs the dashboard's pipeline, then shows its page with the run (Post/Redirect/Get: reload runs nothing). */
    @POST
    @Path("dashboards/{id}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@PathParam("id") String id, @FormParam(FormTokens.FIELD) String token,
                        @CookieParam(FormTokens.COOKIE) String cookie, @Context UriInfo uri) {
        if (!views.runNowEnabled()) {
            return message(Response.Status.FORBIDDEN, "Read-only console",
                    "This console is read-only (insights.console.read-only=true); nothing was run.");
        }
        if (!tokens.redeem(cookie, id, token)) {
            return message(Response.Status.FORBIDDEN, "Form expired",
                    "The form did not come from this console session, or was already used. Open the dashboard again "
                            + "and press Run now.");
        }
        var dashboard = dashboards.find(id);
        if (dashboard.isEmpty()) {
            return notFound(id);
        }
        String runId = runNow.run(dashboard.get());
        return Response.seeOther(uri.getBaseUriBuilder().path("dashboards").path(id).queryParam("run", runId)
                .build()).build();
    }

    /** The browser's console session: forms on a page are bound to it; a new one is sent as a cookie. */
    private record Session(String value, boolean fresh, FormTokens tokens) {

        Response ok(TemplateInstance page, UriInfo uri) {
            Response.ResponseBuilder ok = Response.ok(page.render());
            if (fresh) {
                ok.cookie(tokens.cookie(value, "https".equals(uri.getRequestUri().getScheme())));
            }
            return ok.build();
        }
    }

    private Session session(String cookie) {
        String existing = tokens.existingSession(cookie);
        return existing != null ? new Session(existing, false, tokens) : new Session(tokens.newSession(), true, tokens);
    }

    private Response notFound(String id) {
        return message(Response.Status.NOT_FOUND, "No such dashboard", "There is no dashboard with id '" + id + "'.");
    }

    private static Response message(Response.Status status, String title, String text) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Pages.message(title, text).render())
                .build();
    }
}
