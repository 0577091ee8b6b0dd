package io.dashinsights.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.domain.AlertRoute;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.List;

/**
 * The config file's top-level {@code alert_routes}, in the file's order. Kept as one JSON array in one row:
 * each import replaces the list in a single statement, so a resolver never sees half of it.
 */
@ApplicationScoped
public class AlertRouteRepository {

    private static final TypeReference<List<AlertRoute>> ROUTES = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    AlertRouteRepository(Jdbc jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public void replaceAll(List<AlertRoute> routes) {
        String json = json(routes);
        if (jdbc.update("UPDATE alert_routes SET routes = ? WHERE id = 1", json) == 0
                && !jdbc.insertIfAbsent("INSERT INTO alert_routes (id, routes) VALUES (1, ?)", json)) {
            // Another instance inserted the row between our UPDATE and INSERT: ours is the newer import.
            jdbc.update("UPDATE alert_routes SET routes = ? WHERE id = 1", json);
        }
    }

    public List<AlertRoute> findAll() {
        return jdbc.queryOne("SELECT routes FROM alert_routes WHERE id = 1", rs -> {
            try {
                return mapper.readValue(rs.getString("routes"), ROUTES);
            } catch (JsonProcessingException e) {
                throw new SQLException("the stored alert routes are unreadable", e);
            }
        }).orElse(List.of());
    }

    private String json(List<AlertRoute> routes) {
        try {
            return mapper.writeValueAsString(routes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
