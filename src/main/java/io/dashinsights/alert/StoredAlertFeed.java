package io.dashinsights.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.console.AlertFeed;
import io.dashinsights.console.AlertView;
import io.dashinsights.domain.Investigation;
import io.dashinsights.insight.Explanation;
import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.AlertStateRepository;
import io.dashinsights.domain.GrafanaTarget;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The console's view of what the webhook decided, read from the alert tables this feature owns. */
@ApplicationScoped
public class StoredAlertFeed implements AlertFeed {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final AlertStateRepository states;
    private final AlertGroupRepository groups;
    private final ObjectMapper mapper;

    public StoredAlertFeed(AlertStateRepository states, AlertGroupRepository groups, ObjectMapper mapper) {
        this.states = states;
        this.groups = groups;
        this.mapper = mapper;
    }

    @Override
    public List<AlertView> recent(int limit) {
        Map<Long, Optional<AlertGroupRepository.Row>> rows = new HashMap<>();
        return states.recent(limit).stream().map(s -> {
            Optional<AlertGroupRepository.Row> group = s.groupId() == null ? Optional.empty()
                    : rows.computeIfAbsent(s.groupId(), groups::find);
            String sender = group.map(AlertGroupRepository.Row::source).orElse(null);
            Long annotationId = s.annotationIds().isEmpty() ? null : s.annotationIds().get(0);
            String annotationState = annotationId == null ? null : s.endsAt() == null ? "open" : "closed";
            return new AlertView(s.updatedAt(), sender, s.endsAt() == null ? "firing" : "resolved", s.fingerprint(),
                    labels(s.labels()), s.errorRate(), s.threshold(), s.status().code(), s.reason(),
                    s.targets().isEmpty() ? null
                            : s.targets().stream().map(GrafanaTarget::describe).collect(Collectors.joining(", ")),
                    annotationId, annotationState, group.map(AlertGroupRepository.Row::explanation).map(this::investigation).orElse(null));
        }).toList();
    }

    /** The investigation stored with the group's explanation; null for groups explained before there was one. */
    private Investigation investigation(String explanationJson) {
        try {
            return mapper.readValue(explanationJson, Explanation.class).investigation();
        } catch (Exception e) {
            return null;
        }
    }

    private Map<String, String> labels(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return mapper.readValue(json, LABELS);
        } catch (Exception e) {
            return Map.of("labels", json);
        }
    }
}
