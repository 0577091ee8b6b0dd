package io.dashinsights.grafana;

import io.dashinsights.domain.AnnotationRequest;
import io.dashinsights.domain.GrafanaPort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.capacity.Dependency;
import io.dashinsights.capacity.Limited;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Failures;
import io.dashinsights.domain.GrafanaTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.ConnectException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Grafana through its HTTP API, bounded: a timeout per call, quick retries only where a retry cannot
 * double-post (refused connection, 502–504), and a circuit breaker. Anything else fails fast and the
 * push waits in the outbox for a later trigger run.
 */
@ApplicationScoped
public class GrafanaClient implements GrafanaPort {

    private static final int SAVE_ATTEMPTS = 3;
    /** How far around an annotation's time we look for it when Grafana answers 403 to a change. */
    private static final long FIND_WINDOW_MS = java.time.Duration.ofDays(7).toMillis();

    /** How several tags select annotations: Grafana's default is all of them; {@code matchAny=true} is any. */
    public enum TagMatch { ALL, ANY }

    private final GrafanaApi api;
    private final ObjectMapper mapper;
    private final String url;
    private final List<String> ownTags;
    /** Whether a dashboard UID exists in Grafana, per UID; failures to find out are not cached. */
    private final Cache<String, Boolean> dashboards;

    GrafanaClient(@RestClient GrafanaApi api, ObjectMapper mapper, InsightsConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.url = config.grafana().url().orElse("(grafana)");
        this.ownTags = config.grafana().tags();
        this.dashboards = Caffeine.newBuilder().expireAfterWrite(config.grafana().dashboardCache())
                .maximumSize(10_000).build();
    }

    @Override
    public String describe() {
        return url;
    }

    @Limited(Dependency.GRAFANA)
    @Override
    @Timeout(10_000)
    @Retry(maxRetries = 3, delay = 300, jitter = 200, retryOn = RetryableGrafanaException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 30_000,
            failOn = RetryableGrafanaException.class)
    public long createAnnotation(AnnotationRequest annotation) {
        if (annotation.dashboardUid() != null && !dashboardExists(annotation.dashboardUid())) {
            throw new GrafanaRefusal(GrafanaRefusal.Reason.UNKNOWN_DASHBOARD, "dashboard " + annotation.dashboardUid()
                    + " does not exist on " + url + ": the annotation is not posted, because Grafana would store it "
                    + "org-wide where no dashboard shows it (check the dashboardUid in the config or alert route)", 404);
        }
        ObjectNode body = mapper.createObjectNode();
        if (annotation.dashboardUid() != null) {
            body.put("dashboardUID", annotation.dashboardUid());
        }
        if (annotation.panelId() != null) {
            body.put("panelId", annotation.panelId());
        }
        body.put("time", annotation.time());
        if (annotation.timeEnd() != null) {
            body.put("timeEnd", annotation.timeEnd());
        }
        tagsAndText(body, annotation);
        JsonNode answer = call("POST /api/annotations", () -> api.createAnnotation(body));
        if (!answer.path("id").canConvertToLong()) {
            throw new GrafanaException(url + "/api/annotations answered without an id: " + answer, 200, null, null);
        }
        return answer.path("id").asLong();
    }

    @Limited(Dependency.GRAFANA)
    @Override
    @Timeout(10_000)
    @Retry(maxRetries = 3, delay = 300, jitter = 200, retryOn = RetryableGrafanaException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 30_000,
            failOn = RetryableGrafanaException.class)
    public boolean updateAnnotation(long id, AnnotationRequest annotation) {
        ObjectNode body = mapper.createObjectNode();
        body.put("time", annotation.time());
        if (annotation.timeEnd() != null) {
            body.put("timeEnd", annotation.timeEnd());
        }
        tagsAndText(body, annotation);
        try {
            call("PATCH /api/annotations/" + id, () -> api.patchAnnotation(id, body));
            return true;
        } catch (GrafanaException e) {
            if (Integer.valueOf(404).equals(e.status())) {
                return false;
            }
            // Grafana answers 403, not 404, for an id that no longer exists: the annotations:id:<id> scope
            // resolver fails before the handler could say 404 (pkg/api/annotations.go AnnotationTypeScopeResolver
            // @50a6c7aa, "could not resolve annotation type"). Only our own annotations' listing tells the two apart.
            if (Integer.valueOf(403).equals(e.status()) && !listed(id, annotation)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether annotation {@code id} is among ours (tagged with insights.grafana.tags) around its time. */
    private boolean listed(long id, AnnotationRequest annotation) {
        long end = annotation.timeEnd() == null ? annotation.time() : annotation.timeEnd();
        JsonNode found = findAnnotations(annotation.time() - FIND_WINDOW_MS, end + FIND_WINDOW_MS,
                annotation.dashboardUid(), ownTags, TagMatch.ALL, 5_000);
        for (JsonNode a : found) {
            if (a.path("id").asLong(-1) == id) {
                return true;
            }
        }
        return false;
    }

    /** Whether Grafana has this dashboard; the answer is cached (insights.grafana.dashboard-cache). */
    @Limited(Dependency.GRAFANA)
    boolean dashboardExists(String uid) {
        return dashboards.get(uid, u -> {
            try {
                call("GET /api/dashboards/uid/" + u, () -> api.dashboard(u));
                return true;
            } catch (GrafanaException e) {
                if (Integer.valueOf(404).equals(e.status())) {
                    return false;
                }
                // 406: a v2-schema dashboard; it exists, only the v1 API cannot show it.
                if (Integer.valueOf(406).equals(e.status())) {
                    return true;
                }
                throw e;
            }
        });
    }

    /**
     * Annotations in [from, to] carrying the {@code tags}: all of them ({@link TagMatch#ALL}, Grafana's default)
     * or any ({@link TagMatch#ANY}, {@code matchAny=true}). Used to find deploy/change markers and our own annotations.
     */
    @Limited(Dependency.GRAFANA)
    @Timeout(5_000)
    public JsonNode findAnnotations(long from, long to, String dashboardUid, List<String> tags, TagMatch match,
                                    int limit) {
        return call("GET /api/annotations", () -> api.findAnnotations(from, to, limit, dashboardUid, tags,
                match == TagMatch.ANY && tags.size() > 1 ? Boolean.TRUE : null));
    }

    /** True when Grafana's /api/health answers; never throws. */
    @Timeout(3_000)
    public boolean healthy() {
        try {
            api.health();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Limited(Dependency.GRAFANA)
    @Override
    @Timeout(20_000)
    @Retry(maxRetries = 2, delay = 300, jitter = 200, retryOn = RetryableGrafanaException.class)
    public void setPanelDescription(GrafanaTarget target, String text, String message) {
        String uid = target.dashboardUid();
        for (int attempt = 1; ; attempt++) {
            JsonNode current;
            try {
                current = call("GET /api/dashboards/uid/" + uid, () -> api.dashboard(uid));
            } catch (GrafanaException e) {
                if (Integer.valueOf(406).equals(e.status())) {
                    throw new GrafanaRefusal(GrafanaRefusal.Reason.V2_SCHEMA, "dashboard " + uid + " uses Grafana's v2 "
                            + "dashboard schema (406 on /api/dashboards/uid): the panel description is not set", 406);
                }
                if (Integer.valueOf(404).equals(e.status())) {
                    throw new GrafanaRefusal(GrafanaRefusal.Reason.UNKNOWN_DASHBOARD, "dashboard " + uid
                            + " does not exist on " + url + ": the panel description is not set", 404);
                }
                throw e;
            }
            ObjectNode dashboard = (ObjectNode) current.path("dashboard");
            ObjectNode panel = findPanel(dashboard.path("panels"), target.panelId());
            if (panel == null) {
                throw new GrafanaRefusal(GrafanaRefusal.Reason.NO_SUCH_PANEL, "dashboard " + uid + " has no panel "
                        + target.panelId() + ": the panel description is not set", 404);
            }
            if (panel.hasNonNull("libraryPanel")) {
                // Grafana renders a library panel from the library element; a description on the dashboard's
                // copy is dropped on load, so saving it would change nothing anyone sees.
                throw new GrafanaRefusal(GrafanaRefusal.Reason.LIBRARY_PANEL, "panel " + target.panelId() + " of "
                        + uid + " is library panel '" + panel.path("libraryPanel").path("uid").asText() + "': its "
                        + "description lives in the library panel, not on the dashboard, and is not set", null);
            }
            if (text.equals(panel.path("description").asText(null))) {
                return;
            }
            panel.put("description", text);
            ObjectNode save = mapper.createObjectNode();
            save.set("dashboard", dashboard);
            // Leaving folderUid out moves the dashboard to the root folder: always send it back.
            if (current.path("meta").hasNonNull("folderUid")) {
                save.put("folderUid", current.path("meta").path("folderUid").asText());
            }
            save.put("message", message);
            save.put("overwrite", false);
            try {
                call("POST /api/dashboards/db", () -> api.saveDashboard(save));
                return;
            } catch (GrafanaException e) {
                GrafanaException refusal = saveRefusal(uid, e, attempt);
                if (refusal != null) {
                    throw refusal;
                }
                // 412 version-mismatch: someone saved meanwhile; re-fetch and apply our change to their version.
            }
        }
    }

    /**
     * What a failed save means (pkg/api/dashboard.go dashboardSaveErrorToApiResponse, pkg/services/dashboards/
     * errors.go): 412 version-mismatch is the only one worth re-fetching for (returns normally to retry).
     */
    private GrafanaException saveRefusal(String uid, GrafanaException e, int attempt) {
        Integer status = e.status();
        if (Integer.valueOf(412).equals(status)) {
            String kind = e.grafanaStatus() == null ? "version-mismatch" : e.grafanaStatus();
            switch (kind) {
                case "version-mismatch" -> {
                    if (attempt < SAVE_ATTEMPTS) {
                        return null;
                    }
                    return new GrafanaRefusal(GrafanaRefusal.Reason.KEEPS_CHANGING, "dashboard " + uid + " was saved "
                            + "by someone else on each of " + SAVE_ATTEMPTS + " attempts: " + e.getMessage(), 412);
                }
                case "name-exists" -> {
                    return new GrafanaRefusal(GrafanaRefusal.Reason.NAME_EXISTS, "dashboard " + uid + " cannot be "
                            + "saved: another dashboard in its folder has the same title (412 name-exists)", 412);
                }
                case "plugin-dashboard" -> {
                    return new GrafanaRefusal(GrafanaRefusal.Reason.PLUGIN_DASHBOARD, "dashboard " + uid + " belongs "
                            + "to a plugin and cannot be saved (412 plugin-dashboard): " + e.getMessage(), 412);
                }
                default -> {
                    return e;
                }
            }
        }
        if (Integer.valueOf(400).equals(status) && e.getMessage().contains("provisioned")) {
            return new GrafanaRefusal(GrafanaRefusal.Reason.PROVISIONED, "dashboard " + uid + " is provisioned from "
                    + "a file or Git and Grafana refuses to save it (400 Cannot save provisioned dashboard); change the "
                    + "provisioned source or set allowUiUpdates", 400);
        }
        return e;
    }

    private static ObjectNode findPanel(JsonNode panels, Integer id) {
        if (id == null || !panels.isArray()) {
            return null;
        }
        for (JsonNode p : (ArrayNode) panels) {
            if (p.path("id").asInt(-1) == id) {
                return (ObjectNode) p;
            }
            ObjectNode nested = findPanel(p.path("panels"), id);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private void tagsAndText(ObjectNode body, AnnotationRequest annotation) {
        ArrayNode tags = body.putArray("tags");
        annotation.tags().forEach(tags::add);
        body.put("text", annotation.text());
    }

    private JsonNode call(String what, Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            Response r = e.getResponse();
            int status = r.getStatus();
            String body = r.hasEntity() ? Failures.abbreviate(r.readEntity(String.class), 500) : "";
            String message = what + " on " + url + " answered " + status + ": " + body;
            if (status == 502 || status == 503 || status == 504) {
                throw new RetryableGrafanaException(message, status, null, e);
            }
            Long retryAfter = status == 429 ? retryAfterSeconds(r.getHeaderString("Retry-After")) : null;
            throw new GrafanaException(message, status, retryAfter, grafanaStatus(body), e);
        } catch (ProcessingException e) {
            String message = what + " on " + url + " failed: " + Failures.rootMessage(e);
            // A refused connection never reached Grafana, so retrying cannot create a duplicate; a timeout might have.
            if (Failures.hasCause(e, ConnectException.class)) {
                throw new RetryableGrafanaException(message, null, null, e);
            }
            throw new GrafanaException(message, null, null, e);
        }
    }

    /** The {@code status} field of Grafana's JSON error body ({"status":"name-exists","message":…}), if any. */
    private String grafanaStatus(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.path("status").isTextual() ? node.path("status").asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    static Long retryAfterSeconds(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                var when = java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, java.time.Duration.between(java.time.Instant.now(), when.toInstant()).toSeconds());
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }
}
