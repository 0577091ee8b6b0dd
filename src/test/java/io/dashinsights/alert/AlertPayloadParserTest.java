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

    private static AlertGroup parse(JsonNode payload) {
        return AlertPayloadParser.parse(payload, REFS, 1000, Instant.now());
    }

    static JsonNode payload(String file) {
        try (InputStream in = AlertPayloadParserTest.class.getResourceAsStream("/payloads/" + file)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsGrafanaErrorRatePayloadWithValueAndPanelLink() {
        AlertGroup g = parse(payload("grafana-webhook-error-rate-constructed-example.json"));

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
        AlertGroup g = parse(payload("grafana-webhook-contact-point-example.json"));
        assertThat(g.source()).isEqualTo(AlertGroup.GRAFANA);
        assertThat(g.alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.startsAt()).isNotNull());
    }

    @Test
    void readsRealAlertmanagerFiringAndResolvedWithoutValues() {
        AlertGroup firing = parse(payload("alertmanager-0.25-real-firing.json"));
        AlertGroup resolved = parse(payload("alertmanager-0.25-real-resolved.json"));

        assertThat(firing.source()).isEqualTo(AlertGroup.ALERTMANAGER);
        assertThat(firing.alerts().get(0).knownRate()).isNull();
        assertThat(firing.alerts().get(0).key()).isEqualTo(resolved.alerts().get(0).key());
        assertThat(resolved.alerts().get(0).firing()).isFalse();
        assertThat(resolved.alerts().get(0).endsAt()).isEqualTo(Instant.parse("2026-11-27T18:03:33.704Z"));
    }

    @Test
    void readsConstructedAlertmanagerExample() {
        AlertGroup g = parse(payload("alertmanager-webhook-v4-constructed-example.json"));
        assertThat(g.source()).isEqualTo(AlertGroup.ALERTMANAGER);
        assertThat(g.alerts()).isNotEmpty();
    }

    /** The bodies the senders' own code and tests produce (payloads/senders/README.md says where each is from). */
    static List<String> senderBodies() {
        return files("/payloads/senders");
    }

    static List<String> customPayloads() {
        return files("/payloads/senders/custom");
    }

    private static List<String> files(String dir) {
        try (var listing = java.nio.file.Files.list(java.nio.file.Path.of(AlertPayloadParserTest.class.getResource(dir).toURI()))) {
            return listing.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("senderBodies")
    void readsEveryBodyGrafanaAndAlertmanagerSend(String file) {
        AlertGroup g = parse(payload("senders/" + file));
        assertThat(g.source()).isEqualTo(file.startsWith("grafana") ? AlertGroup.GRAFANA : AlertGroup.ALERTMANAGER);
        assertThat(g.alerts()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.fingerprint()).isNotBlank();
            assertThat(a.knownRate()).satisfiesAnyOf(r -> assertThat(r).isNull(), r -> assertThat(r).isBetween(0.0, 1.0));
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("customPayloads")
    void customPayloadTemplateBodiesAreRefusedSayingHowToConfigureTheSender(String file) {
        assertThatThrownBy(() -> parse(payload("senders/custom/" + file)))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isIn("version", "body");
                    assertThat(e.getMessage()).contains("custom payload", "version", "contact point", "webhook_config");
                });
    }

    @Test
    void grafanaTestSuiteAlertWithoutStartIsReadWithoutOne() {
        AlertItem a = parse(payload("senders/grafana-12-test-suite-no-dashboard-link.json")).alerts().get(0);
        assertThat(a.startsAt()).isNull();
        assertThat(a.fingerprint()).isEqualTo("fac0861a85de433a");
        assertThat(a.key()).isEqualTo("fac0861a85de433a@0");
    }

    @Test
    void valuesThatAreNotARatioAreNotTakenAsTheErrorRate() {
        AlertItem a = parse(payload("senders/grafana-12-values-not-a-ratio.json")).alerts().get(0);
        assertThat(a.knownRate()).isNull();
        assertThat(a.rateSource()).isNull();
        assertThat(a.rateNote()).contains("values.A", "2.473545728E9", "not an error ratio");

        ObjectNode p = (ObjectNode) payload("senders/grafana-12-values-not-a-ratio.json");
        ((ObjectNode) p.get("alerts").get(0).get("values")).put("B", 0.09);
        assertThat(parse(p).alerts().get(0).knownRate()).as("the next configured refId that is a ratio").isEqualTo(0.09);
        ((ObjectNode) p.get("alerts").get(0).get("values")).put("B", -0.5);
        assertThat(parse(p).alerts().get(0).knownRate()).isNull();
    }

    @Test
    void readsAlertmanagerNotificationReasonAndRouteLabels() {
        AlertGroup g = parse(payload("senders/alertmanager-0.34-route-labels-truncated.json"));
        assertThat(g.notificationReason()).isEqualTo("new alerts added");
        assertThat(g.routeLabels()).containsEntry("team", "payments").containsEntry("tier", "web");
        assertThat(g.truncatedAlerts()).isEqualTo(3);
        AlertGroup mixed = parse(payload("senders/alertmanager-0.32-mixed-notification-reason.json"));
        assertThat(mixed.notificationReason()).isEqualTo("some alerts resolved");
        assertThat(mixed.routeLabels()).isEmpty();
        assertThat(mixed.alerts()).extracting(AlertItem::status).containsExactly("firing", "resolved");

        ObjectNode p = (ObjectNode) payload("senders/alertmanager-0.34-route-labels-truncated.json");
        ((ObjectNode) p.get("routeLabels")).put("team", 5);
        assertRefused(p, "routeLabels.team");
    }

    @Test
    void largeGroupIsTakenWithTheFirstAlertsProcessedAndTheRestTruncated() {
        ObjectNode p = (ObjectNode) payload("senders/grafana-12-firing-panel-link.json");
        var alerts = p.withArray("alerts");
        JsonNode first = alerts.get(0);
        for (int i = 1; i < 2500; i++) {
            ObjectNode copy = first.deepCopy();
            copy.put("fingerprint", String.format("%016x", i));
            alerts.add(copy);
        }
        ((ObjectNode) alerts.get(2400)).put("status", "weird");

        AlertGroup g = AlertPayloadParser.parse(p, REFS, 1000, Instant.now());

        assertThat(g.alerts()).hasSize(1000);
        assertThat(g.truncated()).as("readable alerts past the limit, for the record").hasSize(1499);
        assertThat(g.truncatedAlerts()).isEqualTo(1500);
        assertThat(g.truncated()).allSatisfy(a -> assertThat(a.knownRate()).isNull());
    }

    @Test
    void aResendDiffersInBytesButIsTheSameDelivery() {
        AlertGroup first = parse(payload("senders/grafana-12-firing-panel-link.json"));
        AlertGroup resend = parse(payload("senders/grafana-12-firing-panel-link-resend.json"));
        AlertGroup resolved = parse(payload("senders/grafana-12-resolved.json"));

        assertThat(first.alerts().get(0).panelUrl()).isNotEqualTo(resend.alerts().get(0).panelUrl());
        assertThat(AlertIntake.deliveryKey(first)).isEqualTo(AlertIntake.deliveryKey(resend));
        assertThat(AlertIntake.deliveryKey(resolved)).isNotEqualTo(AlertIntake.deliveryKey(first));
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
    void missingVersionSaysHowToConfigureTheSender() {
        ObjectNode p = (ObjectNode) payload("alertmanager-0.25-real-firing.json");
        p.remove("version");
        assertThatThrownBy(() -> parse(p)).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.getMessage()).contains("missing", "Remove the custom payload"));
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
        String first = parse(p).alerts().get(0).fingerprint();
        assertThat(first).hasSize(16).isEqualTo(parse(p).alerts().get(0).fingerprint());
    }

    private static void assertRefused(JsonNode payload, String field) {
        assertThatThrownBy(() -> parse(payload))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(field.equals("body") ? "body" : field);
                });
    }
}
