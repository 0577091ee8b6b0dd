package io.dashinsights.contract;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A Knative sink (Broker ingress, or whatever a SinkBinding put in K_SINK): a binary-mode CloudEvent is a POST
 * whose {@code ce-*} headers carry the attributes and whose body is the event's data (knative/eventing
 * docs, "CloudEvents HTTP binding"; the Broker answers 202). A header whose value is null is left out.
 */
@Path("/")
interface BrokerApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response send(@HeaderParam("ce-specversion") String specversion, @HeaderParam("ce-id") String id,
                  @HeaderParam("ce-type") String type, @HeaderParam("ce-source") String source,
                  @HeaderParam("ce-subject") String subject, @HeaderParam("ce-time") String time,
                  Envelope data);
}
