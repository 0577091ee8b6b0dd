package io.dashinsights.metrics;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Prometheus' HTTP API. POST with a form body so long PromQL never hits URL length limits. Answers are
 * returned raw: Prometheus puts its error message in the body of 400/422/503, and we surface it.
 */
@RegisterRestClient(configKey = "prometheus")
@Path("/")
interface PrometheusApi {

    @POST
    @Path("/api/v1/query_range")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response queryRange(@FormParam("query") String query, @FormParam("start") String start,
                        @FormParam("end") String end, @FormParam("step") String step);

    @POST
    @Path("/api/v1/query")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response query(@FormParam("query") String query, @FormParam("time") String time);

    /** Label sets of the series matching the selectors (for a breakdown's candidate labels). */
    @POST
    @Path("/api/v1/series")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response series(@FormParam("match[]") java.util.List<String> match, @FormParam("start") String start,
                    @FormParam("end") String end);

    /** Prometheus' readiness endpoint, for our health check. */
    @GET
    @Path("/-/ready")
    Response ready();
}
