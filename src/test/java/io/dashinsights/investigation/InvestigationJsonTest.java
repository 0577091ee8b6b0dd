package io.dashinsights.investigation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dashinsights.domain.Investigation;
import io.dashinsights.domain.Investigation.Change;
import io.dashinsights.domain.Investigation.CheckResult;
import io.dashinsights.domain.Investigation.CoMoving;
import io.dashinsights.domain.Investigation.LabelShare;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InvestigationJsonTest {

    @Test
    void anInvestigationStoredAsJsonReadsBackWithEveryKindOfEvidence() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        LabelShare route = new LabelShare("route", "/pay", 0.87, 0.1, 2.7, "increase");
        Change deploy = new Change(Change.Source.GRAFANA, Instant.parse("2026-12-01T10:00:00Z"), Duration.ofMinutes(4),
                "deploy <b>v2</b>", List.of("deploy"), Map.of());
        CoMoving inflight = new CoMoving("inflight", 20, 60, 12.5, false);
        Investigation original = new Investigation(List.of(new CheckResult(Investigation.Check.BREAKDOWN,
                Investigation.Outcome.FOUND, List.of("sum by (route) (x)"), "broke x down by route",
                Duration.ofMillis(120), List.of(route))), List.of(new Investigation.Cause(0.87, route),
                new Investigation.Cause(0.79, deploy), new Investigation.Cause(0.6, inflight)), Duration.ofMillis(130));

        String json = mapper.writeValueAsString(original);

        assertThat(json).contains("\"kind\":\"label-share\"", "\"kind\":\"change\"", "\"kind\":\"co-moving\"");
        assertThat(mapper.readValue(json, Investigation.class)).isEqualTo(original);
    }
}
