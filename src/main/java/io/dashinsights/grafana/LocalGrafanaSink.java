package io.dashinsights.grafana;

import io.dashinsights.domain.AnnotationRequest;
import io.dashinsights.domain.GrafanaPort;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.store.LocalAnnotationRepository;

import java.time.Clock;

/** Stands in for Grafana when no URL is configured: keeps what would have been pushed, in the store. */
public class LocalGrafanaSink implements GrafanaPort {

    private final LocalAnnotationRepository annotations;
    private final Clock clock;

    public LocalGrafanaSink(LocalAnnotationRepository annotations, Clock clock) {
        this.annotations = annotations;
        this.clock = clock;
    }

    @Override
    public long createAnnotation(AnnotationRequest a) {
        return annotations.create(a.dashboardUid(), a.panelId(), a.time(), a.timeEnd(), a.text(),
                a.tags(), clock.millis());
    }

    @Override
    public boolean updateAnnotation(long id, AnnotationRequest a) {
        return annotations.update(id, a.time(), a.timeEnd(), a.text(), a.tags(), clock.millis());
    }

    @Override
    public void setPanelDescription(GrafanaTarget target, String text, String message) {
        // The local sink has no dashboards; the text is already in the update log.
    }

    @Override
    public String describe() {
        return "local-sink";
    }
}
