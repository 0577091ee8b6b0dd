package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What push-grafana did: where it pushed ({@code sink} is a URL or {@code local-sink}), the Grafana
 * annotation ids in the request's order, and when a failed push is retried (null when it got through).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushReceipt(String target, String sink, List<Long> annotationIds, Instant retryAt) {

    public PushReceipt {
        annotationIds = annotationIds == null ? List.of() : List.copyOf(annotationIds);
    }
}
