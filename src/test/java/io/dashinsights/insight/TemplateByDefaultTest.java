package io.dashinsights.insight;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With nothing configured (provider none) the template writes everything and no model is called. */
@QuarkusTest
class TemplateByDefaultTest {

    @Inject
    Explainer explainer;

    @Inject
    AiModels models;

    @Inject
    MeterRegistry registry;

    @Test
    void publishesTheTemplateWithoutCallingAModel() {
        Explanation e = explainer.errorSpike(InsightSamples.errorSpike(100));

        assertThat(models.enabled()).isFalse();
        assertThat(e).isEqualTo(new TemplateWriter().errorSpike(InsightSamples.errorSpike(100)));
        assertThat(e.tag()).isEqualTo("ai:template");
        assertThat(registry.find("insights.ai.calls").counters()).isEmpty();
    }
}
