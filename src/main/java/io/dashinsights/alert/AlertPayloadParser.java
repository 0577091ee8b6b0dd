package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.BadInputException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Grafana Alerting (version "1") or Alertmanager (version "4") webhook body into an
 * {@link AlertGroup}. Anything else is refused with 400 naming the field, before anything is recorded.
 * Free-text fields come from outside: they are kept, but cut to a bounded length.
 */
public final class AlertPayloadParser {

    static final int MAX_TEXT = 500;
    static final int MAX_ALERTS = 1000;
    /** Go's zero time: what both senders write as endsAt while an alert fires. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private AlertPayloadParser() {
    }

    /**
     * @param valueRefs refIds of Grafana's {@code values} holding the error ratio, first present wins
     */
    public static AlertGroup parse(JsonNode root, List<String> valueRefs) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw bad("body", "request body is empty: expected a Grafana (version \"1\") or Alertmanager "
                    + "(version \"4\") webhook payload");
        }
        if (!root.isObject()) {
            throw bad("body", "request body must be a JSON object, got " + root.getNodeType().name().toLowerCase());
        }
        JsonNode version = root.get("version");
        String source;
        if (version != null && version.isTextual() && "1".equals(version.asText())) {
            source = AlertGroup.GRAFANA;
        } else if (version != null && version.isTextual() && "4".equals(version.asText())) {
            source = AlertGroup.ALERTMANAGER;
        } else {
            throw bad("version", "field 'version' is " + (version == null ? "missing" : version.toString())
                    + ": expected \"1\" (Grafana Alerting webhook) or \"4\" (Alertmanager webhook)");
        }
        String status = status(root.get("status"), "status");
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw bad("alerts", "field 'alerts' is " + (alerts == null ? "missing" : "not an array")
                    + ": expected an array of alerts");
        }
        if (alerts.isEmpty()) {
            throw bad("alerts", "field 'alerts' is empty: nothing to explain");
        }
        if (alerts.size() > MAX_ALERTS) {
            throw bad("alerts", "field 'alerts' has " + alerts.size() + " alerts, at most " + MAX_ALERTS + " are accepted");
        }
        List<AlertItem> items = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            items.add(alert(alerts.get(i), "alerts[" + i + "]", source, valueRefs));
        }
        JsonNode truncated = root.get("truncatedAlerts");
        if (truncated != null && !truncated.isNull() && !truncated.canConvertToInt()) {
            throw bad("truncatedAlerts", "field 'truncatedAlerts' must be a number");
        }
        return new AlertGroup(source, optionalText(root, "receiver", "receiver"), status,
                optionalText(root, "groupKey", "groupKey"), labels(root.get("groupLabels"), "groupLabels"),
                labels(root.get("commonLabels"), "commonLabels"),
                truncated == null || truncated.isNull() ? 0 : truncated.asInt(), List.copyOf(items));
    }

    private static AlertItem alert(JsonNode a, String path, String source, List<String> valueRefs) {
        if (a == null || !a.isObject()) {
            throw bad(path, "field '" + path + "' must be an object");
        }
        String status = status(a.get("status"), path + ".status");
        Map<String, String> labels = labels(a.get("labels"), path + ".labels");
        if (labels.isEmpty()) {
            throw bad(path + ".labels", "field '" + path + ".labels' is required: an object of label name to value");
        }
        Map<String, String> annotations = labels(a.get("annotations"), path + ".annotations");
        Instant startsAt = time(a.get("startsAt"), path + ".startsAt", true);
        Instant endsAt = time(a.get("endsAt"), path + ".endsAt", false);
        String fingerprint = optionalText(a, "fingerprint", path + ".fingerprint");
        if (fingerprint == null || fingerprint.isBlank()) {
            fingerprint = fingerprintOf(labels);
        } else if (fingerprint.length() > 100) {
            throw bad(path + ".fingerprint", "field '" + path + ".fingerprint' is longer than 100 characters");
        }
        Double rate = null;
        String rateSource = null;
        if (AlertGroup.GRAFANA.equals(source)) {
            Map<String, Double> values = values(a.get("values"), path + ".values");
            for (String ref : valueRefs) {
                if (values.containsKey(ref)) {
                    rate = values.get(ref);
                    rateSource = "payload";
                    break;
                }
            }
        }
        return new AlertItem(status, fingerprint, labels, annotations, startsAt, endsAt,
                optionalText(a, "dashboardURL", path + ".dashboardURL"), optionalText(a, "panelURL", path + ".panelURL"),
                rate, rateSource, null);
    }

    private static String status(JsonNode node, String field) {
        if (node == null || !node.isTextual()
                || !(AlertItem.FIRING.equals(node.asText()) || AlertItem.RESOLVED.equals(node.asText()))) {
            throw bad(field, "field '" + field + "' is " + (node == null ? "missing" : node.toString())
                    + ": expected \"firing\" or \"resolved\"");
        }
        return node.asText();
    }

    private static Map<String, String> labels(JsonNode node, String field) {
        Map<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw bad(field, "field '" + field + "' must be an object of name to string");
        }
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw bad(field + "." + e.getKey(), "field '" + field + "." + e.getKey() + "' must be a string");
            }
            out.put(cut(e.getKey()), cut(e.getValue().asText()));
        }
        return out;
    }

    private static Map<String, Double> values(JsonNode node, String field) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw bad(field, "field '" + field + "' must be an object of refId to number");
        }
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().isNull()) {
                continue;
            }
            if (!e.getValue().isNumber()) {
                throw bad(field + "." + e.getKey(), "field '" + field + "." + e.getKey() + "' must be a number");
            }
            out.put(e.getKey(), e.getValue().asDouble());
        }
        return out;
    }

    private static Instant time(JsonNode node, String field, boolean required) {
        if (node == null || node.isNull() || node.isTextual() && node.asText().isEmpty()) {
            if (required) {
                throw bad(field, "field '" + field + "' is required: an RFC 3339 time like 2026-01-31T12:00:00Z");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw bad(field, "field '" + field + "' must be an RFC 3339 time string");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(field, "field '" + field + "' is '" + cut(node.asText()) + "', not an RFC 3339 time");
        }
        if (!t.isAfter(GO_ZERO_TIME)) {
            if (required) {
                throw bad(field, "field '" + field + "' is the zero time");
            }
            return null;
        }
        return t;
    }

    private static String optionalText(JsonNode node, String name, String field) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field, "field '" + field + "' must be a string");
        }
        return v.asText().length() > 2000 ? v.asText().substring(0, 2000) : v.asText();
    }

    /** Alertmanager and Grafana always send one; a hand-made payload gets one from its labels. */
    static String fingerprintOf(Map<String, String> labels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            labels.forEach((k, v) -> sha.update((k + "\u0000" + v + "\u0000").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }

    private static BadInputException bad(String field, String message) {
        return BadInputException.badRequest(field, message);
    }
}
