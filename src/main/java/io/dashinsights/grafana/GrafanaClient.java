package io.dashinsights.grafana;

import io.dashinsights.domain.AnnotationRequest;
import io.dashinsights.domain.GrafanaPort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private final GrafanaApi api;
    private final ObjectMapper mapper;
    private final String url;

    GrafanaClient(@RestClient GrafanaApi api, ObjectMapper mapper, InsightsConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.url = config.grafana().url().orElse("(grafana)");
    }

    @Override
    public String describe() {
        return url;
    }

    @Override
    @Timeout(10_000)
    @Retry(maxRetries = 3, delay = 300, jitter = 200, retryOn = RetryableGrafanaException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 30_000,
            failOn = RetryableGrafanaException.class)
    public long createAnnotation(AnnotationRequest annotation) {
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
            throw e;
        }
    }

    /** Annotations in [from, to] carrying all {@code tags}; used to find deploy/change markers. */
    @Timeout(5_000)
    public JsonNode findAnnotations(long from, long to, String dashboardUid, List<String> tags, int limit) {
        return call("GET /api/annotations", () -> api.findAnnotations(from, to, limit, dashboardUid, tags,
                tags.size() > 1 ? Boolean.TRUE : null));
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

    @Override
    @Timeout(20_000)
    @Retry(maxRetries = 2, delay = 300, jitter = 200, retryOn = RetryableGrafanaException.class)
    public void setPanelDescription(GrafanaTarget target, String text, String message) {
        for (int attempt = 1; ; attempt++) {
            JsonNode current = call("GET /api/dashboards/uid/" + target.dashboardUid(),
                    () -> api.dashboard(target.dashboardUid()));
            ObjectNode dashboard = (ObjectNode) current.path("dashboard");
            ObjectNode panel = findPanel(dashboard.path("panels"), target.panelId());
            if (panel == null) {
                throw new GrafanaException("dashboard " + target.dashboardUid() + " has no panel " + target.panelId(),
                        404, null, null);
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
                // 412: someone saved the dashboard meanwhile; re-fetch and apply our change to their version.
                if (!Integer.valueOf(412).equals(e.status()) || attempt >= SAVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
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
            throw new GrafanaException(message, status, retryAfter, e);
        } catch (ProcessingException e) {
            String message = what + " on " + url + " failed: " + Failures.rootMessage(e);
            // A refused connection never reached Grafana, so retrying cannot create a duplicate; a timeout might have.
            if (Failures.hasCause(e, ConnectException.class)) {
                throw new RetryableGrafanaException(message, null, null, e);
            }
            throw new GrafanaException(message, null, null, e);
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
