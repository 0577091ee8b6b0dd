package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What push-grafana did: where it pushed ({@code sink} is a URL or {@code local-sink}), the Grafana
 * annotation ids in the request's order, and when a failed push is retried (null when it got through).
 *
 * @param deletedInGrafana  annotations someone deleted in Grafana, left deleted because their finding is closed
 * @param refused           why Grafana will never take this push (e.g. its dashboard does not exist), else null
 * @param panelTextRefused  why the panel description was not set (provisioned, plugin or v2 dashboard, library
 *                          panel…) while the annotations went out, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushReceipt(String target, String sink, List<Long> annotationIds, Instant retryAt,
                          List<Long> deletedInGrafana, String refused, String panelTextRefused) {

    public PushReceipt {
        annotationIds = annotationIds == null ? List.of() : List.copyOf(annotationIds);
        deletedInGrafana = deletedInGrafana == null ? List.of() : List.copyOf(deletedInGrafana);
    }

    public PushReceipt(String target, String sink, List<Long> annotationIds, Instant retryAt) {
        this(target, sink, annotationIds, retryAt, List.of(), null, null);
    }
}
