package io.dashinsights.knative;

import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** What a Broker's Trigger sends its subscriber: the event's attributes as ce-* headers, its data as the body. */
final class BrokerDeliveries {

    private BrokerDeliveries() {
    }

    /** The PingSource's event as its Trigger delivers it (type fixed by Knative, data as configured: {}). */
    static ValidatableResponse ping(String id) {
        return given().header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/insights/pingsources/insights-schedule")
                .contentType("application/json").body("{}")
                .post("/")
                .then();
    }

    static ValidatableResponse deliver(String id, String type, String subject, String body) {
        return given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type)
                .header("ce-source", "/test-broker").header("ce-subject", subject)
                .contentType("application/json").body(body)
                .post("/")
                .then();
    }
}
