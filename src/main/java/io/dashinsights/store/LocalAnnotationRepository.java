package io.dashinsights.store;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/** The local Grafana stand-in's annotations (used when no Grafana URL is configured). */
@ApplicationScoped
public class LocalAnnotationRepository {

    /** One stored annotation. */
    public record LocalAnnotation(long id, String dashboardUid, Integer panelId, long time, Long timeEnd, String text,
                                  List<String> tags) {
    }

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    LocalAnnotationRepository(Jdbc jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public long create(String dashboardUid, Integer panelId, long time, Long timeEnd, String text, List<String> tags,
                       long now) {
        return jdbc.insert("INSERT INTO local_annotations (dashboard_uid, panel_id, time_ms, time_end_ms, text, tags, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", dashboardUid, panelId, time, timeEnd, text, json(tags), now);
    }

    public boolean update(long id, long time, Long timeEnd, String text, List<String> tags, long now) {
        return jdbc.update("UPDATE local_annotations SET time_ms = ?, time_end_ms = ?, text = ?, tags = ?, updated_at = ? "
                + "WHERE id = ?", time, timeEnd, text, json(tags), now, id) == 1;
    }

    public List<LocalAnnotation> all() {
        return jdbc.query("SELECT * FROM local_annotations ORDER BY id", rs -> new LocalAnnotation(rs.getLong("id"),
                rs.getString("dashboard_uid"), Jdbc.nullableInt(rs, "panel_id"), rs.getLong("time_ms"),
                Jdbc.nullableLong(rs, "time_end_ms"), rs.getString("text"), tags(rs.getString("tags"))));
    }

    /** Tags as a JSON array, as Grafana keeps them: a comma inside a tag must not split it. */
    private String json(List<String> tags) {
        try {
            return mapper.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the JSON array; rows written before tags were JSON hold a comma-joined list. */
    private List<String> tags(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        if (!stored.startsWith("[")) {
            return List.of(stored.split(","));
        }
        try {
            return mapper.readValue(stored, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("local annotation tags are not a JSON array: " + e.getOriginalMessage(), e);
        }
    }
}
