package io.dashinsights.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dashinsights.analysis.Direction;
import io.dashinsights.analysis.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored shape of findings: what the prepare stages write is what the console and API read back. */
class DashboardFindingsJsonTest {

    private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");
    private final ObjectMapper mapper = DomainJson.register(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    @Test
    void everyKindSurvivesTheRoundTripWithLabelsAndRfc3339Times() throws Exception {
        DashboardFindings findings = DashboardFindings.builder().source("demo").explanation("text")
                .severity(Severity.HIGH).recommendations(List.of("check the deploy"))
                .anomalies(List.of(new AnomalyIncident("requests", T, T.plusSeconds(600), T.plusSeconds(300), 500, 103,
                        0.97, Severity.HIGH, "A spike", "template")))
                .trends(List.of(new TrendFinding("requests", T, T.plusSeconds(3600), Direction.UP, 12.5, "vs start",
                        3.2, 0.001, List.of(new Point(T.toEpochMilli(), 1.0), new Point(T.toEpochMilli() + 1, null)),
                        "Going up", "llama3")))
                .forecasts(List.of(new ForecastFinding("requests", "holt", "sMAPE %", 4.2,
                        List.of(new ForecastFinding.Prediction(T, 10, 9, 11)), "Flat", "template")))
                .series(List.of(new SeriesSample("requests", List.of(new Point(1L, 2.0)))))
                .build();

        JsonNode tree = mapper.valueToTree(findings);
        assertThat(tree.path("severity").asText()).isEqualTo("high");
        assertThat(tree.path("anomalies").path(0).path("start").asText()).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(tree.path("trends").path(0).path("direction").asText()).isEqualTo("up");
        assertThat(tree.path("trends").path(0).path("projection").path(1).toString())
                .isEqualTo("[" + (T.toEpochMilli() + 1) + ",null]");
        assertThat(tree.path("series").path(0).path("points").toString()).isEqualTo("[[1,2.0]]");
        assertThat(tree.has("push")).as("no push yet, so none written").isFalse();

        DashboardFindings back = mapper.treeToValue(tree, DashboardFindings.class);
        assertThat(back).isEqualTo(findings);
        assertThat(back.all()).hasSize(3).first().isInstanceOf(AnomalyIncident.class);
    }

    @Test
    void resultWrittenBeforeTypedFindingsStillReadsItsAnomalies() throws Exception {
        DashboardFindings old = mapper.readValue("""
                {"source": "demo", "severity": "medium", "anomalies": [{"metric": "m", "start": "2026-01-31T12:00:00Z",
                 "end": "2026-01-31T12:05:00Z", "peakTime": "2026-01-31T12:02:00Z", "peakValue": 9, "expected": 3,
                 "score": 0.8, "severity": "medium", "explanation": "x", "author": "template"}],
                 "push": {"id": "p", "function": "push-grafana", "status": "succeeded", "duplicate": false}}
                """, DashboardFindings.class);
        assertThat(old.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.peakValue()).isEqualTo(9);
        });
        assertThat(old.push().status()).isEqualTo("succeeded");
    }
}
