package io.dashinsights.contract;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The deployed functions' HTTP face: {@code POST <base-url>/<function>} with an envelope. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface FunctionsApi {

    @POST
    @Path("{function}")
    StageResult invoke(@PathParam("function") String function, Envelope envelope);
}
