package io.dashinsights.dashboard;

import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.analysis.Series;
import io.dashinsights.domain.PushRequest;

import java.util.List;

/** The analysis step of one prepare-* function: series in, findings and annotations out. */
public interface Preparation {

    DashboardType type();

    /** What was found, for the stage result, and what to push. */
    record Prepared(DashboardFindings findings, List<PushRequest.AnnotationPush> annotations, String panelText) {
    }

    Prepared prepare(DashboardConfig dashboard, List<Series> series, long now);

    /**
     * How much history to fetch: the dashboard's window, plus whatever the analysis needs before it to
     * know what normal looks like.
     */
    default java.time.Duration history(DashboardConfig dashboard) {
        return dashboard.timeRange();
    }
}
