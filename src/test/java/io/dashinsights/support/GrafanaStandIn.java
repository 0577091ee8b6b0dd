package io.dashinsights.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Grafana's annotation and dashboard API as Grafana's own code behaves, with state: what was created can be
 * found, patched and deleted, and each refusal is the one Grafana gives. Its stubs are WireMock's default
 * mappings (priority 10), so {@code resetAll()} brings them back and a test's own stub (a fault) wins.
 * <p>
 * Every dashboard UID exists (a four-panel dashboard, version 1) unless a test says otherwise with
 * {@link #missing}, {@link #provisioned}, {@link #v2}, {@link #pluginDashboard}, {@link #nameExists},
 * {@link #libraryPanel}. Behaviour and where it was read (grafana/grafana unless noted):
 * <ul>
 * <li>POST /api/annotations with an unknown {@code dashboardUID} stores an org-wide annotation and answers 200:
 *   pkg/api/annotations.go PostAnnotation @50a6c7aa ("if err == nil { cmd.DashboardId = … }", error ignored).</li>
 * <li>Empty text: 400 "Failed to save annotation" (same function). Tags whose JSON exceeds 500 characters:
 *   400 "Tags length exceeds the maximum allowed." (pkg/services/annotations/annotations.go
 *   ErrBaseTagLimitExceeded; [annotations] tags_length default 500 per REFERENCE.md).</li>
 * <li>Stored tags go through pkg/services/tag/tag.go ParseTagPairs: split on ':', key and first value kept and
 *   trimmed, duplicates dropped ({@code a:b:c} comes back as {@code a:b}).</li>
 * <li>PATCH/PUT/DELETE of an id that does not exist: 403 "Access denied", because the annotations:id scope
 *   resolver fails before the handler's 404 (pkg/api/annotations.go AnnotationTypeScopeResolver @50a6c7aa).
 *   PATCH changes only text (when non-empty), tags (when given), time and timeEnd (when &gt; 0) (PatchAnnotation).</li>
 * <li>GET /api/annotations: {@code from}/{@code to} overlap, {@code dashboardUID} (unknown: 400 "Invalid dashboard
 *   UID in annotation request"), {@code tags} all of them unless {@code matchAny=true}, {@code limit} default 100,
 *   newest first (GetAnnotations @50a6c7aa).</li>
 * <li>POST /api/dashboards/db: 412 {@code version-mismatch} / {@code name-exists} / {@code plugin-dashboard},
 *   400 "Cannot save provisioned dashboard" (pkg/api/dashboard.go dashboardSaveErrorToApiResponse,
 *   pkg/services/dashboards/errors.go); GET of a v2-schema dashboard on the v1 API: 406.</li>
 * </ul>
 */
public class GrafanaStandIn extends NamedTransformer implements MappingsSource {

    public static final String NAME = "grafana";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TAGS_LENGTH = 500;
    private static final Pattern ANNOTATION_ID = Pattern.compile("^/api/annotations/(\\d+)$");
    private static final Pattern DASHBOARD_UID = Pattern.compile("^/api/dashboards/uid/([^/]+)$");

    public GrafanaStandIn() {
        super(NAME);
    }

    /** An annotation as Grafana stores it; {@code dashboardUid} null means org-wide. */
    public record Annotation(long id, String dashboardUid, Integer panelId, long time, long timeEnd, String text,
                             List<String> tags) {
    }

    private final Map<Long, Annotation> annotations = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1000);
    private final Map<String, ObjectNode> dashboards = new ConcurrentHashMap<>();
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private final Set<String> v2 = ConcurrentHashMap.newKeySet();
    private final Set<String> nameExists = ConcurrentHashMap.newKeySet();
    private final Map<String, String> plugins = new ConcurrentHashMap<>();

    /** Adds the stand-in to a WireMock configuration: as a transformer and as the default mappings. */
    public WireMockConfiguration configure(WireMockConfiguration options) {
        return options.extensions(this).mappingSource(this);
    }

    // ---- what a test may declare ---------------------------------------------------------------------------

    /** This UID does not exist in Grafana (never created, or deleted). */
    public GrafanaStandIn missing(String uid) {
        missing.add(uid);
        return this;
    }

    /** Provisioned from a file: saves are refused with 400. */
    public GrafanaStandIn provisioned(String uid) {
        provisioned.add(uid);
        return this;
    }

    /** A v2-schema dashboard: the v1 GET answers 406. */
    public GrafanaStandIn v2(String uid) {
        v2.add(uid);
        return this;
    }

    public GrafanaStandIn pluginDashboard(String uid, String pluginId) {
        plugins.put(uid, pluginId);
        return this;
    }

    /** Another dashboard in the same folder has this one's title: saves answer 412 name-exists. */
    public GrafanaStandIn nameExists(String uid) {
        nameExists.add(uid);
        return this;
    }

    /** Makes {@code panelId} of {@code uid} a library panel (a {@code libraryPanel} reference on the dashboard). */
    public GrafanaStandIn libraryPanel(String uid, int panelId) {
        ObjectNode panel = panel(dashboard(uid), panelId);
        panel.putObject("libraryPanel").put("uid", "lib-" + uid + "-" + panelId).put("name", "Shared panel " + panelId);
        return this;
    }

    /** Someone deletes an annotation in Grafana's UI. */
    public void deleteAnnotation(long id) {
        annotations.remove(id);
    }

    public Annotation annotation(long id) {
        return annotations.get(id);
    }

    public List<Annotation> annotations() {
        return annotations.values().stream().sorted(Comparator.comparingLong(Annotation::id)).toList();
    }

    /** The dashboard JSON as last saved (created on first use, like every UID not declared missing). */
    public ObjectNode dashboard(String uid) {
        return dashboards.computeIfAbsent(uid, GrafanaStandIn::defaultDashboard);
    }

    // ---- WireMock plumbing ----------------------------------------------------------------------------------

    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        StubMapping all = any(urlPathMatching("/api/(annotations|dashboards|health).*")).atPriority(10)
                .willReturn(aResponse().withTransformers(NAME)).build();
        stubMappings.addMapping(all);
    }

    @Override
    public void save(List<StubMapping> stubMappings) {
    }

    @Override
    public void save(StubMapping stubMapping) {
    }

    @Override
    public void remove(StubMapping stubMapping) {
    }

    @Override
    public void removeAll() {
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        var request = event.getRequest();
        URI uri = URI.create(request.getUrl());
        String path = uri.getPath();
        String method = request.getMethod().getName();
        try {
            if (path.equals("/api/health")) {
                return json(200, "{\"database\":\"ok\",\"version\":\"11.4.0\"}");
            }
            if (path.equals("/api/annotations") && method.equals("POST")) {
                return create(MAPPER.readTree(request.getBodyAsString()));
            }
            if (path.equals("/api/annotations") && method.equals("GET")) {
                return find(query(uri.getRawQuery()));
            }
            Matcher id = ANNOTATION_ID.matcher(path);
            if (id.matches()) {
                return change(Long.parseLong(id.group(1)), method, request.getBodyAsString());
            }
            Matcher uid = DASHBOARD_UID.matcher(path);
            if (uid.matches() && method.equals("GET")) {
                return getDashboard(uid.group(1));
            }
            if (path.equals("/api/dashboards/db") && method.equals("POST")) {
                return saveDashboard((ObjectNode) MAPPER.readTree(request.getBodyAsString()));
            }
            return json(404, "{\"message\":\"Not found\"}");
        } catch (Exception e) {
            return json(400, "{\"message\":\"bad request data\"}");
        }
    }

    // ---- annotations ----------------------------------------------------------------------------------------

    private ResponseDefinition create(JsonNode body) {
        String text = body.path("text").asText("");
        if (text.isEmpty()) {
            return json(400, "{\"message\":\"Failed to save annotation\"}");
        }
        List<String> tags = new ArrayList<>();
        body.path("tags").forEach(t -> tags.add(t.asText()));
        if (tooLong(body.path("tags"))) {
            return json(400, "{\"message\":\"Tags length exceeds the maximum allowed.\"}");
        }
        String uid = body.path("dashboardUID").asText(null);
        // Grafana ignores a failed dashboard lookup: the annotation becomes org-wide, with its panelId kept.
        String stored = uid != null && exists(uid) ? uid : null;
        long time = body.path("time").asLong();
        long end = body.path("timeEnd").asLong(0) > 0 ? body.path("timeEnd").asLong() : time;
        long id = nextId.incrementAndGet();
        annotations.put(id, new Annotation(id, stored, body.hasNonNull("panelId") ? body.get("panelId").asInt() : null,
                time, end, text, parseTagPairs(tags)));
        return json(200, "{\"message\":\"Annotation added\",\"id\":" + id + "}");
    }

    private ResponseDefinition change(long id, String method, String body) throws Exception {
        Annotation a = annotations.get(id);
        if (a == null) {
            return json(403, "{\"accessErrorId\":\"ACE0000000001\",\"message\":\"You'll need additional permissions to "
                    + "perform this action. Permissions needed: annotations:write\",\"title\":\"Access denied\"}");
        }
        switch (method) {
            case "DELETE" -> {
                annotations.remove(id);
                return json(200, "{\"message\":\"Annotation deleted\"}");
            }
            case "PATCH" -> {
                JsonNode cmd = MAPPER.readTree(body);
                if (tooLong(cmd.path("tags"))) {
                    return json(400, "{\"message\":\"Tags length exceeds the maximum allowed.\"}");
                }
                List<String> tags = a.tags();
                if (cmd.has("tags") && cmd.get("tags").isArray()) {
                    List<String> given = new ArrayList<>();
                    cmd.get("tags").forEach(t -> given.add(t.asText()));
                    tags = parseTagPairs(given);
                }
                String text = cmd.path("text").asText("").isEmpty() ? a.text() : cmd.path("text").asText();
                long time = cmd.path("time").asLong(0) > 0 ? cmd.path("time").asLong() : a.time();
                long end = cmd.path("timeEnd").asLong(0) > 0 ? cmd.path("timeEnd").asLong() : a.timeEnd();
                annotations.put(id, new Annotation(id, a.dashboardUid(), a.panelId(), time, end, text, tags));
                return json(200, "{\"message\":\"Annotation patched\"}");
            }
            case "GET" -> {
                return json(200, MAPPER.writeValueAsString(view(a)));
            }
            default -> {
                return json(405, "{\"message\":\"Method not allowed\"}");
            }
        }
    }

    private ResponseDefinition find(Map<String, List<String>> q) throws Exception {
        long from = first(q, "from", 0);
        long to = first(q, "to", 0);
        int limit = (int) first(q, "limit", 100);
        String uid = q.containsKey("dashboardUID") ? q.get("dashboardUID").get(0) : null;
        if (uid != null && !uid.isEmpty() && !exists(uid)) {
            return json(400, "{\"message\":\"Invalid dashboard UID in annotation request\"}");
        }
        List<String> tags = q.getOrDefault("tags", List.of());
        boolean matchAny = q.containsKey("matchAny") && "true".equals(q.get("matchAny").get(0));
        ArrayNode out = MAPPER.createArrayNode();
        annotations.values().stream()
                .filter(a -> from <= 0 || to <= 0 || a.time() <= to && a.timeEnd() >= from)
                .filter(a -> uid == null || uid.isEmpty() || uid.equals(a.dashboardUid()))
                .filter(a -> tags.isEmpty() || (matchAny ? tags.stream().anyMatch(a.tags()::contains)
                        : a.tags().containsAll(tags)))
                .sorted(Comparator.comparingLong(Annotation::time).reversed())
                .limit(limit).forEach(a -> out.add(view(a)));
        return json(200, MAPPER.writeValueAsString(out));
    }

    private static ObjectNode view(Annotation a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", a.id());
        n.put("dashboardUID", a.dashboardUid());
        n.put("panelId", a.panelId() == null ? 0 : a.panelId());
        n.put("time", a.time());
        n.put("timeEnd", a.timeEnd());
        n.put("text", a.text());
        a.tags().forEach(n.putArray("tags")::add);
        if (a.tags().isEmpty()) {
            n.putArray("tags");
        }
        return n;
    }

    /** pkg/services/tag/tag.go ParseTagPairs: key and the first value, trimmed; duplicates dropped. */
    static List<String> parseTagPairs(List<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            String[] parts = t.split(":");
            String key = parts[0].trim();
            String value = parts.length > 1 ? parts[1].trim() : "";
            if (!key.isEmpty()) {
                out.add(value.isEmpty() ? key : key + ":" + value);
            }
        }
        return List.copyOf(out);
    }

    private static boolean tooLong(JsonNode tags) {
        return tags.isArray() && tags.toString().length() > TAGS_LENGTH;
    }

    // ---- dashboards -----------------------------------------------------------------------------------------

    private boolean exists(String uid) {
        return !missing.contains(uid);
    }

    private ResponseDefinition getDashboard(String uid) throws Exception {
        if (!exists(uid)) {
            return json(404, "{\"message\":\"Dashboard not found\",\"status\":\"not-found\"}");
        }
        if (v2.contains(uid)) {
            return json(406, "{\"message\":\"dashboard api version not supported, use /apis/dashboard.grafana.app/v2/"
                    + "namespaces/default/dashboards/" + uid + " instead\"}");
        }
        ObjectNode answer = MAPPER.createObjectNode();
        answer.set("dashboard", dashboard(uid).deepCopy());
        answer.putObject("meta").put("folderUid", "ops-folder").put("url", "/d/" + uid + "/shop")
                .put("provisioned", provisioned.contains(uid)).put("canSave", true);
        return json(200, MAPPER.writeValueAsString(answer));
    }

    private ResponseDefinition saveDashboard(ObjectNode body) throws Exception {
        JsonNode incoming = body.path("dashboard");
        String uid = incoming.path("uid").asText();
        if (provisioned.contains(uid)) {
            return json(400, "{\"message\":\"Cannot save provisioned dashboard\"}");
        }
        if (plugins.containsKey(uid)) {
            return json(412, "{\"status\":\"plugin-dashboard\",\"message\":\"The dashboard belongs to plugin "
                    + plugins.get(uid) + ".\"}");
        }
        if (nameExists.contains(uid)) {
            return json(412, "{\"status\":\"name-exists\",\"message\":\"A dashboard with the same name in the folder "
                    + "already exists\"}");
        }
        ObjectNode current = dashboard(uid);
        if (!body.path("overwrite").asBoolean(false) && incoming.path("version").asInt() != current.path("version").asInt()) {
            return json(412, "{\"status\":\"version-mismatch\",\"message\":\"The dashboard has been changed by someone "
                    + "else\"}");
        }
        ObjectNode saved = incoming.deepCopy();
        int version = current.path("version").asInt() + 1;
        saved.put("version", version);
        dashboards.put(uid, saved);
        return json(200, "{\"id\":" + saved.path("id").asLong(1) + ",\"uid\":\"" + uid + "\",\"url\":\"/d/" + uid
                + "/shop\",\"status\":\"success\",\"version\":" + version + "}");
    }

    private static ObjectNode defaultDashboard(String uid) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("id", Math.abs(uid.hashCode() % 100_000) + 1).put("uid", uid).put("title", "Dashboard " + uid)
                .put("version", 1).put("schemaVersion", 39);
        ArrayNode panels = d.putArray("panels");
        for (int i = 1; i <= 4; i++) {
            panels.addObject().put("id", i).put("type", "timeseries").put("title", "Panel " + i);
        }
        return d;
    }

    private static ObjectNode panel(ObjectNode dashboard, int id) {
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("id").asInt() == id) {
                return (ObjectNode) p;
            }
        }
        throw new IllegalArgumentException("no panel " + id);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new java.util.HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            q.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }

    private static long first(Map<String, List<String>> q, String name, long fallback) {
        try {
            return q.containsKey(name) ? Long.parseLong(q.get(name).get(0)) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
