package io.dashinsights.domain;

import java.util.List;

/** An annotation as we send it. Times are epoch milliseconds; {@code timeEnd} makes it a region. */
public record AnnotationRequest(String dashboardUid, Integer panelId, long time, Long timeEnd, String text,
                                List<String> tags) {
}
