package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.contract.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertPayloadParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> REFS = List.of("A", "B");

    static JsonNode payload(String file) {
        try (InputStream in = AlertPayloadParserTest.class.getResourceAsStream("/payloads/" + file)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsGrafanaErrorRatePayloadWithValueAndPanelLink() {
        AlertGroup g = AlertPayloadParser.parse(payload("grafana-webhook-error-rate-constructed-example.json"), REFS);

        assertThat(g.source()).isEqualTo(AlertGroup.GRAFANA);
        assertThat(g.status()).isEqualTo("firing");
        AlertItem a = g.alerts().get(0);
        assertThat(a.fingerprint()).isEqualTo("8b3c2f1d0e9a7c65");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-05-01T10:15:00Z"));
        assertThat(a.endsAt()).as("Go zero time means still firing").isNull();
        assertThat(a.knownRate()).isEqualTo(0.072);
        assertThat(a.rateSource()).isEqualTo("payload");
        assertThat(a.panelUrl()).contains("viewPanel=4");
        assertThat(a.labels()).containsEntry("service", "checkout");
    }

    @Test
    void readsGrafanaDocumentationExample() {
        AlertGroup g = AlertPayloadParser.parse(payload("grafana-webhook-contact-point-example.json"), REFS);
        assertThat(g.source()).isEqualTo(AlertGroup.GRAFANA);
        assertThat(g.alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.startsAt()).isNotNull());
    }

    @Test
    void readsRealAlertmanagerFiringAndResolvedWithoutValues() {
        AlertGroup firing = AlertPayloadParser.parse(payload("alertmanager-0.25-real-firing.json"), REFS);
        AlertGroup resolved = AlertPayloadParser.parse(payload("alertmanager-0.25-real-resolved.json"), REFS);

        assertThat(firing.source()).isEqualTo(AlertGroup.ALERTMANAGER);
        assertThat(firing.alerts().get(0).knownRate()).isNull();
        assertThat(firing.alerts().get(0).key()).isEqualTo(resolved.alerts().get(0).key());
        assertThat(resolved.alerts().get(0).firing()).isFalse();
        assertThat(resolved.alerts().get(0).endsAt()).isEqualTo(Instant.parse("2026-11-27T18:03:33.704Z"));
    }

    @Test
    void readsConstructedAlertmanagerExample() {
        AlertGroup g = AlertPayloadParser.parse(payload("alertmanager-webhook-v4-constructed-example.json"), REFS);
        assertThat(g.source()).isEqualTo(AlertGroup.ALERTMANAGER);
        assertThat(g.alerts()).isNotEmpty();
    }

    @Test
    void refusesUnknownVersionNamingTheField() {
        ObjectNode p = (ObjectNode) payload("alertmanager-0.25-real-firing.json");
        p.put("version", "2");
        assertRefused(p, "version");
        p.remove("version");
        assertRefused(p, "version");
    }

    @Test
    void refusesMissingOrEmptyAlerts() {
        ObjectNode p = (ObjectNode) payload("alertmanager-0.25-real-firing.json");
        p.remove("alerts");
        assertRefused(p, "alerts");
        p.putArray("alerts");
        assertRefused(p, "alerts");
        p.put("alerts", "nope");
        assertRefused(p, "alerts");
    }

    @Test
    void refusesWrongTypesNamingTheField() {
        ObjectNode p = (ObjectNode) payload("grafana-webhook-error-rate-constructed-example.json");
        ((ObjectNode) p.get("alerts").get(0).get("labels")).put("service", 7);
        assertRefused(p, "alerts[0].labels.service");

        p = (ObjectNode) payload("grafana-webhook-error-rate-constructed-example.json");
        ((ObjectNode) p.get("alerts").get(0).get("values")).put("A", "high");
        assertRefused(p, "alerts[0].values.A");

        p = (ObjectNode) payload("grafana-webhook-error-rate-constructed-example.json");
        ((ObjectNode) p.get("alerts").get(0)).put("startsAt", "yesterday");
        assertRefused(p, "alerts[0].startsAt");

        p = (ObjectNode) payload("grafana-webhook-error-rate-constructed-example.json");
        ((ObjectNode) p.get("alerts").get(0)).put("status", "pending");
        assertRefused(p, "alerts[0].status");

        assertRefused(MAPPER.createArrayNode(), "body");
        assertRefused(null, "body");
    }

    @Test
    void alertWithoutFingerprintGetsOneFromItsLabels() {
        ObjectNode p = (ObjectNode) payload("alertmanager-0.25-real-firing.json");
        ((ObjectNode) p.get("alerts").get(0)).remove("fingerprint");
        String first = AlertPayloadParser.parse(p, REFS).alerts().get(0).fingerprint();
        assertThat(first).hasSize(16).isEqualTo(AlertPayloadParser.parse(p, REFS).alerts().get(0).fingerprint());
    }

    private static void assertRefused(JsonNode payload, String field) {
        assertThatThrownBy(() -> AlertPayloadParser.parse(payload, REFS))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(field.equals("body") ? "body" : field);
                });
    }
}
