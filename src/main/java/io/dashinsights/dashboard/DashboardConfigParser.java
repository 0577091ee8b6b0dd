package io.dashinsights.dashboard;

import io.dashinsights.domain.AlertRoute;
import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.domain.GrafanaTarget;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the seed's {@code dashboard_config.json} format plus what real use needs (PromQL per metric,
 * a Grafana target). Collects every problem, each naming the dashboard and the field, so one run of the
 * import shows everything to fix.
 */
public final class DashboardConfigParser {

    private static final Set<String> TOP_LEVEL = Set.of("model", "dashboards", "alert_routes");
    private static final Set<String> FIELDS = Set.of("id", "type", "title", "metrics", "queries", "time_range",
            "refresh_minutes", "platform", "panel_url", "api_key", "last_update", "grafana", "panel_text",
            "horizon", "alert_routes");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,6})([mhdw])");

    /** A valid dashboard plus the optional {@code last_update} (epoch ms) the file carried. */
    public record Parsed(DashboardConfig config, Long lastUpdate) {
    }

    /**
     * The whole file: its dashboards and its top-level {@code alert_routes} (where alerts without a panel link
     * are annotated; per-dashboard {@code alert_routes}, the older form, keep working).
     */
    public record ConfigFile(List<Parsed> dashboards, List<AlertRoute> alertRoutes) {
    }

    private DashboardConfigParser() {
    }

    /** @throws DashboardConfigException listing every problem; nothing is returned then */
    public static List<Parsed> parse(JsonNode root) {
        return parseFile(root).dashboards();
    }

    /** @throws DashboardConfigException listing every problem; nothing is returned then */
    public static ConfigFile parseFile(JsonNode root) {
        List<String> errors = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new DashboardConfigException(List.of("config: the top level must be a JSON object with \"dashboards\""));
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL.contains(name)) {
                errors.add("config: unknown top-level field '" + name + "'");
            }
        });
        JsonNode dashboards = root.get("dashboards");
        if (dashboards == null || !dashboards.isArray()) {
            errors.add("config: field 'dashboards' must be an array");
            throw new DashboardConfigException(errors);
        }
        List<AlertRoute> routes = alertRoutes(root.get("alert_routes"), "config", errors);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < dashboards.size(); i++) {
            Parsed p = parseOne(dashboards.get(i), i, errors);
            if (p != null && !seen.add(p.config().id())) {
                errors.add("dashboard '" + p.config().id() + "': field 'id' is used twice");
            }
            parsed.add(p);
        }
        if (!errors.isEmpty()) {
            throw new DashboardConfigException(errors);
        }
        return new ConfigFile(parsed, routes);
    }

    private static Parsed parseOne(JsonNode node, int index, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add("dashboards[" + index + "]: must be an object");
            return null;
        }
        int before = errors.size();
        String id = text(node, "id");
        String who = id != null && ID.matcher(id).matches() ? "dashboard '" + id + "'" : "dashboards[" + index + "]";
        if (id == null || !ID.matcher(id).matches()) {
            errors.add(who + ": field 'id' is required: 1-200 characters of letters, digits, '_', '.', '-'");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(who + ": unknown field '" + name + "'");
            }
        }

        DashboardType type = null;
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            errors.add(who + ": field 'type' is required, one of " + DashboardType.configNames());
        } else {
            type = DashboardType.fromConfigName(typeNode.asText()).orElse(null);
            if (type == null) {
                errors.add(who + ": field 'type' is '" + typeNode.asText() + "', expected one of "
                        + DashboardType.configNames());
            }
        }

        if (node.hasNonNull("api_key") && !node.get("api_key").asText().isEmpty()) {
            errors.add(who + ": field 'api_key' holds a literal key; keys never go in this file: remove it and set "
                    + "INSIGHTS_GRAFANA_TOKEN (insights.grafana.token) in the environment");
        }
        JsonNode platform = node.get("platform");
        if (platform != null && !platform.isNull() && !"grafana".equals(platform.asText())) {
            errors.add(who + ": field 'platform' is '" + platform.asText() + "', only 'grafana' is supported");
        }

        List<String> metrics = new ArrayList<>();
        JsonNode metricsNode = node.get("metrics");
        if (metricsNode != null && !metricsNode.isNull()) {
            if (!metricsNode.isArray()) {
                errors.add(who + ": field 'metrics' must be an array of metric names");
            } else {
                metricsNode.forEach(m -> {
                    if (m.isTextual() && !m.asText().isBlank()) {
                        metrics.add(m.asText());
                    } else {
                        errors.add(who + ": field 'metrics' must contain non-empty strings, found " + m);
                    }
                });
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode queriesNode = node.get("queries");
        if (queriesNode != null && !queriesNode.isNull()) {
            if (!queriesNode.isObject()) {
                errors.add(who + ": field 'queries' must be an object of metric name to PromQL");
            } else {
                queriesNode.fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                        queries.put(e.getKey(), e.getValue().asText());
                    } else {
                        errors.add(who + ": field 'queries." + e.getKey() + "' must be a PromQL string");
                    }
                });
            }
        }
        queries.keySet().stream().filter(m -> !metrics.contains(m)).forEach(metrics::add);
        if (metrics.isEmpty()) {
            errors.add(who + ": field 'metrics' (or 'queries') must name at least one metric");
        }

        Duration timeRange = null;
        JsonNode rangeNode = node.get("time_range");
        String range = rangeNode == null || rangeNode.isNull() ? (type == null ? "24h" : type.defaultTimeRange())
                : rangeNode.asText();
        Matcher rm = RANGE.matcher(range);
        if (rangeNode != null && !rangeNode.isNull() && !rangeNode.isTextual() || !rm.matches()) {
            errors.add(who + ": field 'time_range' is '" + range + "', expected a number and a unit m|h|d|w, e.g. \"7d\"");
        } else {
            timeRange = toDuration(Long.parseLong(rm.group(1)), rm.group(2));
            if (timeRange.isZero()) {
                errors.add(who + ": field 'time_range' must be longer than zero");
            }
        }

        int refresh = intField(node, "refresh_minutes", 60, 1, 7 * 24 * 60, who, errors);
        int horizon = intField(node, "horizon", 48, 1, 2000, who, errors);
        boolean panelText = false;
        JsonNode panelTextNode = node.get("panel_text");
        if (panelTextNode != null && !panelTextNode.isNull()) {
            if (!panelTextNode.isBoolean()) {
                errors.add(who + ": field 'panel_text' must be true or false");
            } else {
                panelText = panelTextNode.asBoolean();
            }
        }

        GrafanaTarget target = grafanaTarget(node, who, errors);
        List<AlertRoute> alertRoutes = alertRoutes(node.get("alert_routes"), who, errors);

        Long lastUpdate = null;
        JsonNode lu = node.get("last_update");
        if (lu != null && !lu.isNull()) {
            try {
                lastUpdate = parseTime(lu.asText());
            } catch (RuntimeException e) {
                errors.add(who + ": field 'last_update' is '" + lu.asText() + "', expected ISO-8601 like 2026-01-31T12:00:00Z");
            }
        }
        String title = text(node, "title");

        if (errors.size() > before) {
            return null;
        }
        return new Parsed(new DashboardConfig(id, type, title == null ? id : title, List.copyOf(metrics),
                Map.copyOf(queries), timeRange, refresh, target, panelText, horizon, alertRoutes), lastUpdate);
    }

    private static GrafanaTarget grafanaTarget(JsonNode node, String who, List<String> errors) {
        JsonNode grafana = node.get("grafana");
        if (grafana != null && !grafana.isNull()) {
            if (!grafana.isObject()) {
                errors.add(who + ": field 'grafana' must be an object {\"dashboardUid\": \"…\", \"panelId\": 4}");
                return null;
            }
            JsonNode uid = grafana.get("dashboardUid");
            JsonNode panel = grafana.get("panelId");
            if (uid == null || !uid.isTextual() || uid.asText().isBlank()) {
                errors.add(who + ": field 'grafana.dashboardUid' is required and must be a string");
                return null;
            }
            if (panel != null && !panel.isNull() && !panel.canConvertToInt()) {
                errors.add(who + ": field 'grafana.panelId' must be an integer");
                return null;
            }
            return new GrafanaTarget(uid.asText(), panel == null || panel.isNull() ? null : panel.asInt());
        }
        String panelUrl = text(node, "panel_url");
        if (panelUrl != null) {
            var parsed = GrafanaTarget.fromUrl(panelUrl);
            if (parsed.isEmpty()) {
                errors.add(who + ": field 'panel_url' is not a Grafana dashboard/panel link (expected "
                        + "…/d/<uid>/<slug>?viewPanel=<id>; Grafana has no /api/panels/ API): set it, or "
                        + "'grafana': {\"dashboardUid\": …, \"panelId\": …}");
            }
            return parsed.orElse(null);
        }
        errors.add(who + ": field 'grafana' is required (or a 'panel_url' link): where should findings be annotated?");
        return null;
    }

    /** {@code [{"match": {"service": "checkout"}, "grafana": {"dashboardUid": "…", "panelIds": [2, 3]}}]} */
    private static List<AlertRoute> alertRoutes(JsonNode routes, String who, List<String> errors) {
        List<AlertRoute> out = new ArrayList<>();
        if (routes == null || routes.isNull()) {
            return out;
        }
        if (!routes.isArray()) {
            errors.add(who + ": field 'alert_routes' must be an array of {\"match\": {…}, \"grafana\": {…}}");
            return out;
        }
        for (int i = 0; i < routes.size(); i++) {
            String at = who + ": field 'alert_routes[" + i + "]";
            JsonNode route = routes.get(i);
            JsonNode match = route.path("match");
            JsonNode grafana = route.path("grafana");
            if (!match.isObject() || match.isEmpty()) {
                errors.add(at + ".match' must be a non-empty object of label name to value");
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            match.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    labels.put(e.getKey(), e.getValue().asText());
                } else {
                    errors.add(at + ".match." + e.getKey() + "' must be a string");
                }
            });
            JsonNode uid = grafana.path("dashboardUid");
            if (!uid.isTextual() || uid.asText().isBlank()) {
                errors.add(at + ".grafana.dashboardUid' is required and must be a string");
                continue;
            }
            List<Integer> panels = new ArrayList<>();
            JsonNode panelIds = grafana.path("panelIds");
            if (!panelIds.isMissingNode() && !panelIds.isNull()) {
                if (!panelIds.isArray()) {
                    errors.add(at + ".grafana.panelIds' must be an array of integers");
                    continue;
                }
                panelIds.forEach(p -> {
                    if (p.canConvertToInt() && p.isIntegralNumber()) {
                        panels.add(p.asInt());
                    } else {
                        errors.add(at + ".grafana.panelIds' must contain integers, found " + p);
                    }
                });
            }
            out.add(new AlertRoute(Map.copyOf(labels), uid.asText(), List.copyOf(panels)));
        }
        return out;
    }

    private static int intField(JsonNode node, String field, int def, int min, int max, String who, List<String> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            errors.add(who + ": field '" + field + "' is " + v + ", expected an integer from " + min + " to " + max);
            return def;
        }
        return v.asInt();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    private static Duration toDuration(long n, String unit) {
        return switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** The seed writes {@code datetime.isoformat()} without a zone; we read that as UTC. */
    static long parseTime(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        }
    }
}
