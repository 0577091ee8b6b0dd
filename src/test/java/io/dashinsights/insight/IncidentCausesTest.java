package io.dashinsights.insight;

import io.dashinsights.analysis.AnomalyIncidents;
import io.dashinsights.analysis.AnomalySpan;
import io.dashinsights.analysis.Severity;
import io.dashinsights.domain.Investigation;
import io.dashinsights.domain.Unit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentCausesTest {

    @Test
    void anAnomalyIncidentNamesTheInvestigationsCausesInTheTemplateAndAsPromptFacts() {
        AnomalyIncidents.Group group = AnomalyIncidents.group(List.of(new AnomalyIncidents.MetricSpan("error_ratio",
                span()))).get(0);
        Investigation investigation = InsightSamples.investigation();

        Explanation e = new TemplateWriter().incident(group, Map.of("error_ratio", Unit.RATIO), investigation);
        assertThat(e.likelyCauses()).containsExactly(
                "route=/api/checkout carries 81.0% of the increase (0.2 before, 3.4 during)",
                "change annotation deploy checkout v2.14.0 5 min before the start",
                "status=500 carries 90.0% of the increase (0.1 before, 3.1 during)");
        assertThat(e.recommendedActions().get(0)).contains("change named above");
        assertThat(e.investigation()).isEqualTo(investigation);

        Facts.IncidentsPrompt p = Facts.anomalyIncidents("Checkout", List.of(group), Map.of("error_ratio", Unit.RATIO),
                List.of(investigation), 200);
        assertThat(p.facts().incidents().get(0).causes()).hasSize(3)
                .allSatisfy(line -> assertThat(line).doesNotContain("<"));
        assertThat(p.groundings().get(0).grounded("Errors on /api/checkout carry 81% of the increase, 5 min after a deploy."))
                .isTrue();
    }

    private static AnomalySpan span() {
        long start = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        return new AnomalySpan(start, start + Duration.ofMinutes(20).toMillis(), start + Duration.ofMinutes(8).toMillis(),
                0.07, 0.01, 1.0, Severity.HIGH, false);
    }
}
