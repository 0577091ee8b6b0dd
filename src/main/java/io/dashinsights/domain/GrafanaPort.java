package io.dashinsights.domain;


/** What push-grafana needs from Grafana: the real server, or the local sink in dev. */
public interface GrafanaPort {

    /** Creates an annotation and returns its id. */
    long createAnnotation(AnnotationRequest annotation);

    /** Changes text, tags, time and timeEnd of an annotation we created; false when it no longer exists. */
    boolean updateAnnotation(long id, AnnotationRequest annotation);

    /** Sets a panel's description (fetch dashboard → change panel → save with version). */
    void setPanelDescription(GrafanaTarget target, String text, String message);

    /** Where requests go, for the update log: a URL or "local-sink". */
    String describe();
}
