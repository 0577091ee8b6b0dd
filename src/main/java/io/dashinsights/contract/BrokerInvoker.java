package io.dashinsights.contract;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends the next envelope as a binary-mode CloudEvent to the Knative sink (K_SINK, injected by a SinkBinding)
 * and returns once the sink accepted it: the Broker's Trigger for its type delivers it to the next stage's
 * Service, retries it on 5xx with the same id, and dead-letters it after the last retry. The event's data is
 * the whole envelope, so Funqy binds it unchanged and run id and attempt travel with it.
 */
public class BrokerInvoker implements Invoker {

    private final String sink;
    private final BrokerApi api;

    public BrokerInvoker(String sink, Duration timeout) {
        this.sink = sink;
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(sink))
                .connectTimeout(Math.min(timeout.toMillis(), 5_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(BrokerApi.class);
    }

    @Override
    public StageResult invoke(String function, Envelope envelope) {
        Envelope event = envelope;
        try (Response answer = api.send(Envelope.SPEC_VERSION, event.id(), event.type(), event.source(),
                event.subject(), event.time(), event)) {
            if (answer.getStatus() >= 300) {
                throw new InvocationException("sink " + sink + " answered " + answer.getStatus() + " to event " + event.id()
                        + ": " + Failures.abbreviate(answer.hasEntity() ? answer.readEntity(String.class) : "", 300), null);
            }
        } catch (WebApplicationException e) {
            Response r = e.getResponse();
            throw new InvocationException("sink " + sink + " answered " + r.getStatus() + " to event " + event.id() + ": "
                    + Failures.abbreviate(r.hasEntity() ? r.readEntity(String.class) : "", 300), e);
        } catch (InvocationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvocationException("sink " + sink + " did not take event " + event.id() + ": "
                    + Failures.rootMessage(e), e);
        }
        return StageResult.sent(function, event, "the Knative sink as " + event.type());
    }
}
