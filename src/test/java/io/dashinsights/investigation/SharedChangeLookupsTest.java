package io.dashinsights.investigation;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.domain.Investigation;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * insights.investigation.change-cache (default 60s): incidents whose change windows are the same (many dashboards of
 * one cycle in an incident storm, panels of one Grafana dashboard) ask Prometheus each change query and Grafana the
 * dashboard's change annotations once, and each investigation still reports the queries it stood on and the same
 * evidence. Real clients over HTTP against {@link StandIns} (Prometheus range answers, Grafana's annotation API).
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class SharedChangeLookupsTest {

    @StandIns.Server
    WireMockServer stub;

    @Inject
    Investigator investigator;

    @Test
    void incidentsWithTheSameChangeWindowAskPrometheusAndGrafanaOnceAndReportTheSameChanges() {
        StandIns.stubMetricsAndGrafana(stub);
        String uid = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        InvestigationRequest latency = request(uid, "latency", start);
        InvestigationRequest errors = request(uid, "errors", start);
        InvestigationRequest later = request(uid, "latency", start.plus(Duration.ofMinutes(10)));

        // Side by side, as one dashboard run's incidents are: the two of the same window are in flight together.
        List<Investigation> done = investigator.investigateAll(List.of(latency, errors, later));

        // Two windows, so each change query and the dashboard's annotations were asked twice, not three times.
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/v1/query_range"))
                .withRequestBody(containing("_build_info")))).hasSize(2);
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/v1/query_range"))
                .withRequestBody(containing("process_start_time_seconds")))).hasSize(2);
        assertThat(stub.findAll(getRequestedFor(urlPathEqualTo("/api/annotations"))
                .withQueryParam("dashboardUID", com.github.tomakehurst.wiremock.client.WireMock.equalTo(uid)))).hasSize(2);
        // Each investigation still says what it asked and what it found, the same for the same window.
        Investigation.CheckResult first = changes(done.get(0));
        Investigation.CheckResult second = changes(done.get(1));
        assertThat(first.queries()).hasSize(4).anyMatch(q -> q.contains("_build_info"))
                .anyMatch(q -> q.contains("dashboardUID=" + uid));
        assertThat(second.queries()).isEqualTo(first.queries());
        assertThat(second.outcome()).isEqualTo(first.outcome());
        assertThat(second.evidence()).isEqualTo(first.evidence());
        assertThat(second.detail()).isEqualTo(first.detail());
        assertThat(changes(done.get(2)).detail()).isNotEqualTo(first.detail());
    }

    static InvestigationRequest request(String uid, String metric, Instant start) {
        return new InvestigationRequest(uid, metric, "sum(rate(" + metric + "_total{job=\"shop\"}[5m]))", true, start,
                start.plus(Duration.ofMinutes(5)), Map.of(), Map.of(), List.of("dashboard-insights"));
    }

    static Investigation.CheckResult changes(Investigation investigation) {
        return investigation.checks().stream().filter(c -> c.check() == Investigation.Check.CHANGES).findFirst()
                .orElseThrow();
    }
}
