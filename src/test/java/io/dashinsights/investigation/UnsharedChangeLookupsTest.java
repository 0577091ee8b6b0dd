package io.dashinsights.investigation;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.domain.Investigation;
import io.dashinsights.support.StandIns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code insights.investigation.change-cache=0s}: every investigation asks for its change signals itself. */
@QuarkusTest
@TestProfile(UnsharedChangeLookupsTest.NoChangeCache.class)
class UnsharedChangeLookupsTest {

    public static class NoChangeCache implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandIns.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.investigation.change-cache", "0s");
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @Inject
    Investigator investigator;

    @Test
    void withoutTheChangeCacheEveryIncidentAsksForItsChangeSignals() {
        StandIns.stubMetricsAndGrafana(stub);
        String uid = "unshared-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);

        List<Investigation> done = investigator.investigateAll(List.of(SharedChangeLookupsTest.request(uid, "latency", start),
                SharedChangeLookupsTest.request(uid, "errors", start)));

        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/v1/query_range"))
                .withRequestBody(containing("_build_info")))).hasSize(2);
        assertThat(SharedChangeLookupsTest.changes(done.get(1)).queries())
                .isEqualTo(SharedChangeLookupsTest.changes(done.get(0)).queries());
    }
}
