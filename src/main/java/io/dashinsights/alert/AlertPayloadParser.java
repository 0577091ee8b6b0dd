package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.domain.GrafanaTarget;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Grafana Alerting (version "1") or Alertmanager (version "4") webhook body into an
 * {@link AlertGroup}. Anything else is refused with 400 naming the field, before anything is recorded.
 * Free-text fields come from outside: they are kept, but cut to a bounded length.
 * <p>
 * Shapes accepted are those the senders' own code writes: grafana/alerting {@code receivers/webhook/v1/webhook.go}
 * ({@code webhookMessage}) and {@code templates/template_data.go} ({@code ExtendedAlert}) at 783ce041; and
 * prometheus/alertmanager {@code notify/webhook/webhook.go} ({@code Message}) and {@code template/template.go}
 * ({@code Data}, {@code notification_reason} since v0.32.0, {@code routeLabels} since v0.34.0) at 68fb2d57.
 */
public final class AlertPayloadParser {

    static final int MAX_TEXT = 500;
    /** {@code alert_states.alert_name} is VARCHAR(200) (V2__alerts.sql): a longer name could never be recorded. */
    static final int MAX_ALERT_NAME = 200;
    /**
     * The alert starts we take: a start before this is a broken clock or a hand-made body (Prometheus and Grafana
     * date from 2012/2014); its error ratio, series and changes would be looked up decades back.
     */
    static final Instant EARLIEST_START = Instant.parse("2000-01-01T00:00:00Z");
    /**
     * How far past our clock a start may be: clocks drift by seconds, a time zone mistake by hours; a start a year
     * ahead is no alert that fired, and the investigation window and Prometheus queries would lie in the future.
     */
    static final java.time.Duration LATEST_START_AHEAD = java.time.Duration.ofDays(365);
    private static final Pattern VIEW_PANEL_PARAM = Pattern.compile("[?&]viewPanel=([^&#]*)");
    /** Go's zero time: what both senders write as endsAt while an alert fires. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    /**
     * A custom payload template replaces the whole body, so {@code version} is gone: grafana/alerting
     * receivers/webhook/v1/webhook.go (783ce041) renders {@code settings.Payload.Template} instead of
     * {@code webhookMessage}; alertmanager notify/webhook/webhook.go (68fb2d57) {@code renderPayload} when
     * {@code webhook_config.payload} is set.
     */
    static final String HOW_TO = "This looks like a custom payload template: Grafana 12's webhook contact point "
            + "'Custom Payload' and Alertmanager's webhook_config 'payload' (0.32+) replace the standard body. Remove "
            + "the custom payload from the contact point / webhook_config so the standard JSON (\"version\": \"1\" "
            + "from Grafana, \"4\" from Alertmanager) is sent";

    private AlertPayloadParser() {
    }

    /**
     * @param valueRefs refIds of Grafana's {@code values} holding the error ratio, first plausible one wins
     * @param maxAlerts alerts processed from one group; later ones are recorded as truncated, never refused
     * @param now       our clock, for the window a {@code startsAt} must lie in
     */
    public static AlertGroup parse(JsonNode root, List<String> valueRefs, int maxAlerts, Instant now) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw bad("body", "request body is empty: expected a Grafana (version \"1\") or Alertmanager "
                    + "(version \"4\") webhook payload");
        }
        if (!root.isObject()) {
            throw bad("body", "request body must be a JSON object, got " + root.getNodeType().name().toLowerCase()
                    + (root.isArray() ? ". " + HOW_TO : ""));
        }
        JsonNode version = root.get("version");
        String source;
        if (version != null && version.isTextual() && "1".equals(version.asText())) {
            source = AlertGroup.GRAFANA;
        } else if (version != null && version.isTextual() && "4".equals(version.asText())) {
            source = AlertGroup.ALERTMANAGER;
        } else if (version == null) {
            throw bad("version", "field 'version' is missing: expected \"1\" (Grafana Alerting webhook) or \"4\" "
                    + "(Alertmanager webhook). " + HOW_TO);
        } else {
            throw bad("version", "field 'version' is " + version + ": expected \"1\" (Grafana Alerting webhook) or "
                    + "\"4\" (Alertmanager webhook)");
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
        List<AlertItem> items = new ArrayList<>();
        int processed = Math.min(alerts.size(), Math.max(1, maxAlerts));
        for (int i = 0; i < processed; i++) {
            items.add(alert(alerts.get(i), "alerts[" + i + "]", source, valueRefs, now));
        }
        // Grafana never truncates by default and does not retry a refusal, so a big group is taken, not refused:
        // the alerts past the limit are only noted (those that can be read), to be shown as not processed.
        List<AlertItem> truncated = new ArrayList<>();
        for (int i = processed; i < alerts.size(); i++) {
            try {
                truncated.add(alert(alerts.get(i), "alerts[" + i + "]", source, List.of(), now));
            } catch (BadInputException unreadable) {
                // Counted below; nothing to show for it.
            }
        }
        JsonNode senderTruncated = root.get("truncatedAlerts");
        // Alertmanager sends a uint64 (notify/webhook/webhook.go 68fb2d57), Grafana an int.
        if (senderTruncated != null && !senderTruncated.isNull()
                && !(senderTruncated.isIntegralNumber() && senderTruncated.asLong(-1) >= 0)) {
            throw bad("truncatedAlerts", "field 'truncatedAlerts' must be a non-negative whole number");
        }
        long bySender = senderTruncated == null || senderTruncated.isNull() ? 0 : senderTruncated.asLong();
        int truncatedCount = (int) Math.min(Integer.MAX_VALUE, bySender + (alerts.size() - processed));
        return new AlertGroup(source, optionalText(root, "receiver", "receiver"), status,
                optionalText(root, "groupKey", "groupKey"), labels(root.get("groupLabels"), "groupLabels"),
                labels(root.get("commonLabels"), "commonLabels"), truncatedCount, List.copyOf(items),
                optionalText(root, "notification_reason", "notification_reason"),
                labels(root.get("routeLabels"), "routeLabels"), List.copyOf(truncated));
    }

    private static AlertItem alert(JsonNode a, String path, String source, List<String> valueRefs, Instant now) {
        if (a == null || !a.isObject()) {
            throw bad(path, "field '" + path + "' must be an object");
        }
        String status = status(a.get("status"), path + ".status");
        Map<String, String> labels = labels(a.get("labels"), path + ".labels");
        if (labels.isEmpty()) {
            throw bad(path + ".labels", "field '" + path + ".labels' is required: an object of label name to value");
        }
        Map<String, String> annotations = labels(a.get("annotations"), path + ".annotations");
        // Grafana's own tests send alerts without a start (Go's zero time); real alerts always have one.
        Instant startsAt = time(a.get("startsAt"), path + ".startsAt");
        Instant endsAt = time(a.get("endsAt"), path + ".endsAt");
        // What the worker could never process is refused here, with the whole group: answered 200 it would stay
        // pending and be retried until it is given up, and the sender (which does not retry a 4xx) never learns.
        String name = labels.get("alertname");
        if (name != null && name.length() > MAX_ALERT_NAME) {
            throw bad(path + ".labels.alertname", "field '" + path + ".labels.alertname' is longer than "
                    + MAX_ALERT_NAME + " characters");
        }
        if (startsAt != null && (startsAt.isBefore(EARLIEST_START) || startsAt.isAfter(now.plus(LATEST_START_AHEAD)))) {
            throw bad(path + ".startsAt", "field '" + path + ".startsAt' is " + startsAt + ": an alert start must lie "
                    + "between " + EARLIEST_START + " and one year from now");
        }
        String dashboardUrl = optionalText(a, "dashboardURL", path + ".dashboardURL");
        String panelUrl = optionalText(a, "panelURL", path + ".panelURL");
        panelId(dashboardUrl, path + ".dashboardURL");
        panelId(panelUrl, path + ".panelURL");
        String fingerprint = optionalText(a, "fingerprint", path + ".fingerprint");
        if (fingerprint == null || fingerprint.isBlank()) {
            fingerprint = fingerprintOf(labels);
        } else if (fingerprint.length() > 100) {
            throw bad(path + ".fingerprint", "field '" + path + ".fingerprint' is longer than 100 characters");
        }
        Double rate = null;
        String rateSource = null;
        String rateNote = null;
        if (AlertGroup.GRAFANA.equals(source)) {
            Map<String, Double> values = values(a.get("values"), path + ".values");
            for (String ref : valueRefs) {
                Double v = values.get(ref);
                if (v == null) {
                    continue;
                }
                // values holds whatever the rule's queries compute (bytes, counts, percentages), not
                // necessarily a ratio: only a value in [0, 1] is taken as the error ratio.
                if (AlertContext.isRatio(v)) {
                    rate = v;
                    rateSource = "payload";
                    break;
                }
                if (rateNote == null) {
                    rateNote = "values." + ref + " = " + v + " is not an error ratio (0 to 1)";
                }
            }
        }
        return new AlertItem(status, fingerprint, labels, annotations, startsAt, endsAt, dashboardUrl, panelUrl,
                rate, rateSource, null, rate == null ? rateNote : null);
    }

    /**
     * A link's {@code viewPanel} must be a panel id the annotation can carry. Grafana writes the rule's panel id
     * there (grafana/alerting templates/template_data.go 783ce041, {@code generateDashboardURL}), an integer in
     * every rule (grafana apps/alerting/rules kinds alertRule_spec.cue: {@code panelRef.panelID: int}); only its
     * notifier's unit test sends {@code viewPanel=efgh} (payloads/senders/unprocessable).
     */
    private static void panelId(String url, String field) {
        if (url == null) {
            return;
        }
        Matcher param = VIEW_PANEL_PARAM.matcher(url);
        if (param.find() && GrafanaTarget.fromUrl(url).map(GrafanaTarget::panelId).isEmpty()) {
            throw bad(field, "field '" + field + "' has viewPanel=" + cut(param.group(1))
                    + ", which is not a panel id (a whole number)");
        }
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
        // Grafana sends "values": null when any value is NaN or ±Inf (JSON cannot carry them).
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
            // 1e400 reads as Infinity: Grafana sends null for a value JSON cannot carry, never an overflowing number.
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                throw bad(field + "." + e.getKey(), "field '" + field + "." + e.getKey() + "' must be a finite number, got "
                        + cut(e.getValue().toString()));
            }
            out.put(e.getKey(), e.getValue().asDouble());
        }
        return out;
    }

    /** An RFC 3339 time, or null when absent, empty or Go's zero time. */
    private static Instant time(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isTextual() && node.asText().isEmpty()) {
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
        return t.isAfter(GO_ZERO_TIME) ? t : null;
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
