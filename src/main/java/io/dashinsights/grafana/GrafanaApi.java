package io.dashinsights.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The parts of Grafana's HTTP API we use (annotations, dashboards); see grafana/openapi-11.4.json. */
@RegisterRestClient(configKey = "grafana")
@RegisterProvider(GrafanaAuthFilter.class)
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface GrafanaApi {

    @POST
    @Path("/annotations")
    JsonNode createAnnotation(JsonNode body);

    @PATCH
    @Path("/annotations/{id}")
    JsonNode patchAnnotation(@PathParam("id") long id, JsonNode body);

    @GET
    @Path("/annotations")
    JsonNode findAnnotations(@QueryParam("from") Long from, @QueryParam("to") Long to,
                             @QueryParam("limit") Integer limit, @QueryParam("dashboardUID") String dashboardUid,
                             @QueryParam("tags") List<String> tags, @QueryParam("matchAny") Boolean matchAny);

    @GET
    @Path("/dashboards/uid/{uid}")
    JsonNode dashboard(@PathParam("uid") String uid);

    @POST
    @Path("/dashboards/db")
    JsonNode saveDashboard(JsonNode body);

    @GET
    @Path("/health")
    JsonNode health();
}
