package io.dashinsights.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.console.AlertFeed;
import io.dashinsights.console.AlertView;
import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.AlertStateRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<Long, String> senders = new HashMap<>();
        return states.recent(limit).stream().map(s -> {
            String sender = s.groupId() == null ? null : senders.computeIfAbsent(s.groupId(),
                    id -> groups.find(id).map(AlertGroupRepository.Row::source).orElse(null));
            Long annotationId = s.annotationIds() == null || s.annotationIds().isBlank() ? null
                    : Long.valueOf(s.annotationIds().split(",")[0]);
            String annotationState = annotationId == null ? null : s.endsAt() == null ? "open" : "closed";
            return new AlertView(s.updatedAt(), sender, s.endsAt() == null ? "firing" : "resolved", s.fingerprint(),
                    labels(s.labels()), s.errorRate(), s.threshold(), s.status(), s.reason(),
                    s.targets() == null || s.targets().isBlank() ? null : s.targets(), annotationId, annotationState);
        }).toList();
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
