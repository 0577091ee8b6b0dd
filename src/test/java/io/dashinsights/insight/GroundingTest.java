package io.dashinsights.insight;

import io.dashinsights.analysis.Direction;
import io.dashinsights.analysis.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The grounding check alone: what a model may and may not publish, without a model. */
class GroundingTest {

    private static AiInsight answer(String summary, List<String> actions) {
        return new AiInsight(summary, List.of(), actions, AiInsight.Confidence.HIGH);
    }

    private final Grounding anomaly = Facts.anomaly("Checkout", "http_requests_total", InsightSamples.region(), 200)
            .grounding();

    @Test
    void acceptsNumbersAndTimesAsGivenOrRoundedFurther() {
        assertThat(anomaly.grounded("Peak 512 at 10:12 UTC vs 102 expected (403.7% above), score 0.93.")).isTrue();
        assertThat(anomaly.grounded("Peak 512.3, about 404% above the expected 101.7.")).isTrue();
        assertThat(anomaly.grounded("From 2026-11-27T10:00:00Z to 2026-11-27 10:30 UTC.")).isTrue();
    }

    @Test
    void rejectsInventedNumbersTimesAndOverRounding() {
        assertThat(anomaly.grounded("Peak 513.")).isFalse();
        assertThat(anomaly.grounded("Traffic was 37% above last week.")).isFalse();
        assertThat(anomaly.grounded("It started at 09:45.")).isFalse();
        assertThat(anomaly.grounded("It started on 2026-11-26.")).isFalse();
        // One significant digit would let "500" pass for anything from 450 to 549.
        assertThat(anomaly.grounded("Peak about 500.")).isFalse();
        assertThat(anomaly.grounded("Scale to 12 replicas.")).isFalse();
    }

    @Test
    void ignoresDigitsInsideNames() {
        assertThat(anomaly.grounded("Ask llama3 and check p95 latency of api v2.")).isTrue();
    }

    @Test
    void dropsOnlyTheUngroundedSentencesAndActions() {
        Grounding.Cleaned c = anomaly.check(answer("Peak 512 at 10:12. Last week it was 380. Expected 102.",
                List.of("page 3 people", "check deploys between 10:00 and 10:30"))).orElseThrow();

        assertThat(c.summary()).isEqualTo("Peak 512 at 10:12. Expected 102.");
        assertThat(c.recommendedActions()).containsExactly("check deploys between 10:00 and 10:30");
        assertThat(c.dropped()).isTrue();
    }

    @Test
    void rejectsAnAnswerWithNothingGroundedLeft() {
        assertThat(anomaly.check(answer("Peak 999 at 03:00.", List.of()))).isEmpty();
        assertThat(anomaly.check(answer("  ", List.of()))).isEmpty();
        assertThat(anomaly.check(null)).isEmpty();
    }

    @Test
    void rejectsAnotherSeverityThanTheComputedOne() {
        assertThat(anomaly.check(answer("A low-severity blip: peak 512.", List.of()))).isEmpty();
        assertThat(anomaly.check(answer("Severity: medium. Peak 512.", List.of()))).isEmpty();
        assertThat(anomaly.check(answer("A high severity anomaly: peak 512.", List.of()))).isPresent();
    }

    @Test
    void rejectsAnotherDirectionThanTheComputedOne() {
        Grounding up = Facts.trend("Checkout", InsightSamples.trendUp(), Duration.ofDays(1), 200).grounding();

        assertThat(up.check(answer("Requests are rising, 12.6% over 24 hours.", List.of()))).isPresent();
        assertThat(up.check(answer("Requests are declining, 12.6% over 24 hours.", List.of()))).isEmpty();
        Grounding stable = new Grounding(List.of(12.6), List.of(), null, Direction.STABLE, null);
        assertThat(stable.check(answer("An upward trend of 12.6%.", List.of()))).isEmpty();
    }

    @Test
    void errorSpikeSummaryMustStateTheErrorRate() {
        Grounding spike = Facts.errorSpike(InsightSamples.errorSpike(100), 200).grounding();

        assertThat(spike.check(answer("Errors rose after the deploy of checkout v2.14.0.", List.of()))).isEmpty();
        assertThat(spike.check(answer("Error rate 7.2% since the checkout deploy.", List.of()))).isPresent();
        // A wholly numeric label value (status="500") is a fact the model may repeat.
        assertThat(spike.grounded("Most errors are status 500 on /api/checkout (81% of errors).")).isTrue();
    }

    @Test
    void severityIsOptional() {
        Grounding none = new Grounding(List.of(1.0), List.of(), null, null, null);
        assertThat(none.check(answer("A low severity change of 1.", List.of()))).isPresent();
        assertThat(Severity.HIGH.label()).isEqualTo("high");
    }
}
