package io.dashinsights.knative;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * Stands in for the Knative Broker's ingress at K_SINK: records every CloudEvent posted to it and answers 202, as
 * the Broker does once it has taken an event (knative/eventing docs, "Broker": ingress answers 202 Accepted).
 * The app runs with {@code insights.invoker=broker} pointed here, as a SinkBinding would point it at the Broker.
 */
public class SinkRecorder implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Sink {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
        return Map.of("insights.invoker", "broker", "insights.invoker.sink", "http://localhost:" + server.port()
                + "/insights/default");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Sink.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The events the sink received for one dashboard (ce-subject), oldest first. */
    static List<LoggedRequest> eventsFor(WireMockServer sink, String subject) {
        return sink.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> subject.equals(r.getHeader("ce-subject"))).toList();
    }
}
