package io.dashinsights.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    private static final String QUERY = "sum(rate(http_requests_total{status=~\"5..\",$labels}[5m])) "
            + "/ sum(rate(http_requests_total{$labels}[5m]))";

    @Test
    void labelsBecomeMatchersForTheConfiguredNames() {
        assertThat(PromQl.render(QUERY, Map.of("service", "checkout", "severity", "page"), List.of("service"), List.of()))
                .isEqualTo("sum(rate(http_requests_total{status=~\"5..\",service=\"checkout\"}[5m])) "
                        + "/ sum(rate(http_requests_total{service=\"checkout\"}[5m]))");
    }

    @Test
    void alertWithoutTheLabelsLeavesValidSelectors() {
        assertThat(PromQl.render(QUERY, Map.of(), List.of("service"), List.of()))
                .isEqualTo("sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total{}[5m]))");
    }

    @Test
    void labelValuesAreEscapedSoTheyCannotChangeTheQuery() {
        String q = PromQl.render("up{job=\"$labels.job\"}", Map.of("job", "x\"} or vector(1) #"), List.of(), List.of());
        assertThat(q).isEqualTo("up{job=\"x\\\"} or vector(1) #\"}");
    }

    @Test
    void byBecomesTheBreakdownLabels() {
        assertThat(PromQl.render("sum by ($by) (x)", Map.of(), List.of(), List.of("route", "status", "bad-name")))
                .isEqualTo("sum by (route,status) (x)");
    }
}
