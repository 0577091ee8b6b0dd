package io.dashinsights.lambda;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(TriggerHandlerTest.Trigger.class)
class TriggerHandlerTest {

    public static class Trigger extends LambdaEvents.Handler {
        public Trigger() {
            super("trigger-on-schedule");
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
    }

    @Test
    void scheduledEventRunsTheTriggerAndClaimsDueDashboards() {
        importer.importJson(Dashboards.one("lambda-scheduled", "anomaly_detection", "uid-lambda-s"));

        LambdaEvents.invoke(LambdaEvents.scheduledEvent()).statusCode(200)
                .body("claimed", greaterThanOrEqualTo(1))
                .body("dashboards", hasItem("lambda-scheduled"))
                .body("failed", equalTo(0));
    }
}
