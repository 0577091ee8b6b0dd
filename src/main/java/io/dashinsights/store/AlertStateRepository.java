package io.dashinsights.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.domain.Coded;
import io.dashinsights.domain.AlertStatus;
import io.dashinsights.domain.GrafanaTarget;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * alert_states: one {@link AlertState} per alert occurrence. Its lists (targets, annotation ids, tags) are JSON
 * arrays, so no value is ever split on a character it may contain.
 */
@ApplicationScoped
public class AlertStateRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<Long>> LONGS = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    AlertStateRepository(Jdbc jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public Optional<AlertState> find(String key) {
        return jdbc.queryOne("SELECT * FROM alert_states WHERE alert_key = ?", this::map, key);
    }

    /** The newest occurrence of {@code fingerprint} whose region is still open (annotated, not resolved). */
    public Optional<AlertState> findOpen(String fingerprint) {
        return jdbc.queryOne("SELECT * FROM alert_states WHERE fingerprint = ? AND status IN (?, ?) "
                + "ORDER BY starts_at DESC FETCH FIRST 1 ROWS ONLY", this::map, fingerprint, AlertStatus.ANNOTATING,
                AlertStatus.ANNOTATED);
    }

    public List<AlertState> recent(int limit) {
        return jdbc.query("SELECT * FROM alert_states ORDER BY updated_at DESC, alert_key FETCH FIRST " + limit
                + " ROWS ONLY", this::map);
    }

    /**
     * The occurrence's annotation went out with the template's text although a model is configured: ask the
     * model again from {@code at} on. Only such rows are ever asked again (not those of a deployment without a
     * model, whose template text is the intended one).
     */
    public void explainAgainFrom(String key, long at) {
        jdbc.update("UPDATE alert_states SET explain_next_at = ? WHERE alert_key = ?", at, key);
    }

    /**
     * Annotated occurrences waiting to be explained again whose next try is due, with fewer than
     * {@code maxAttempts} tries so far, longest waiting first.
     */
    public List<AlertState> explainAgainDue(long now, int maxAttempts, int limit) {
        return jdbc.query("SELECT * FROM alert_states WHERE explain_next_at <= ? AND explain_attempts < ? "
                + "AND status IN (?, ?) ORDER BY explain_next_at, alert_key FETCH FIRST " + limit
                + " ROWS ONLY", this::map, now, maxAttempts, AlertStatus.ANNOTATED, AlertStatus.RESOLVED);
    }

    /** A try failed (the model is still down, or its answer was dropped): the n-th next one waits n delays. */
    public void explainAgainLater(String key, long now, long delayMillis) {
        jdbc.update("UPDATE alert_states SET explain_attempts = explain_attempts + 1, explain_next_at = CAST(? AS BIGINT) "
                + "+ CAST(? AS BIGINT) * (explain_attempts + 1) WHERE alert_key = ?", now, delayMillis, key);
    }

    /**
     * The model's text replaced the template's: stores it, unless the occurrence changed since {@code seen} was
     * read (its own group's processing, e.g. a resolve, wins). Returns whether it was stored.
     */
    public boolean explained(AlertState seen, String text, List<String> tags, List<Long> annotationIds, long now) {
        return jdbc.update("UPDATE alert_states SET text = ?, tags = ?, annotation_ids = ?, updated_at = ?, "
                        + "explain_next_at = NULL WHERE alert_key = ? AND updated_at = ? AND status = ?", text,
                json(tags), json(annotationIds), now, seen.key(), seen.updatedAt(), seen.status()) == 1;
    }

    /** Writes the whole row (insert or replace); the caller holds the group's claim. */
    public void save(AlertState s) {
        String targets = json(s.targets().stream().map(GrafanaTarget::stored).toList());
        String ids = json(s.annotationIds());
        String tags = json(s.tags());
        int updated = jdbc.update("UPDATE alert_states SET ends_at = ?, alert_name = ?, labels = ?, group_id = ?, "
                        + "status = ?, error_rate = ?, rate_source = ?, threshold = ?, targets = ?, annotation_ids = ?, "
                        + "tags = ?, text = ?, reason = ?, peak_rate = ?, peak_at = ?, updated_at = ? WHERE alert_key = ?",
                s.endsAt(), s.alertName(), s.labels(), s.groupId(), s.status(), s.errorRate(), s.rateSource(),
                s.threshold(), targets, ids, tags, s.text(), DashboardRepository.truncate(s.reason()), s.peakRate(),
                s.peakAt(), s.updatedAt(), s.key());
        if (updated == 0) {
            jdbc.insertIfAbsent("INSERT INTO alert_states (alert_key, fingerprint, starts_at, ends_at, alert_name, labels, "
                            + "group_id, status, error_rate, rate_source, threshold, targets, annotation_ids, tags, text, "
                            + "reason, peak_rate, peak_at, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s.key(), s.fingerprint(), s.startsAt(), s.endsAt(), s.alertName(), s.labels(), s.groupId(),
                    s.status(), s.errorRate(), s.rateSource(), s.threshold(), targets, ids, tags, s.text(),
                    DashboardRepository.truncate(s.reason()), s.peakRate(), s.peakAt(), s.createdAt(), s.updatedAt());
        }
    }

    private AlertState map(ResultSet rs) throws SQLException {
        return AlertState.builder().key(rs.getString("alert_key")).fingerprint(rs.getString("fingerprint"))
                .startsAt(rs.getLong("starts_at")).endsAt(Jdbc.nullableLong(rs, "ends_at"))
                .alertName(rs.getString("alert_name")).labels(rs.getString("labels"))
                .groupId(Jdbc.nullableLong(rs, "group_id"))
                .status(Coded.fromCode(AlertStatus.class, rs.getString("status"))).errorRate(Jdbc.nullableDouble(rs, "error_rate"))
                .rateSource(rs.getString("rate_source")).threshold(Jdbc.nullableDouble(rs, "threshold"))
                .targets(list(rs.getString("targets"), STRINGS, s -> s).stream().map(GrafanaTarget::parseStored).toList())
                .annotationIds(list(rs.getString("annotation_ids"), LONGS, Long::valueOf))
                .tags(list(rs.getString("tags"), STRINGS, s -> s)).text(rs.getString("text"))
                .reason(rs.getString("reason")).peakRate(Jdbc.nullableDouble(rs, "peak_rate"))
                .peakAt(Jdbc.nullableLong(rs, "peak_at")).createdAt(rs.getLong("created_at"))
                .updatedAt(rs.getLong("updated_at")).build();
    }

    /**
     * A stored list: a JSON array, or the comma-joined text versions before V3_12_1 wrote (a row written by an
     * instance still on the old version while the new one runs), split as that version joined it.
     */
    private <T> List<T> list(String stored, TypeReference<List<T>> type, Function<String, T> legacy) throws SQLException {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        if (!stored.startsWith("[")) {
            return Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).map(legacy).toList();
        }
        try {
            return mapper.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("alert_states holds an unreadable list: " + e.getOriginalMessage(), e);
        }
    }

    private String json(List<?> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
