package io.dashinsights.contract;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.StoreCounts;
import io.dashinsights.support.OidcIssuerStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.dashinsights.support.OidcIssuerStandIn.AUDIENCE;
import static io.dashinsights.support.OidcIssuerStandIn.BROKER;
import static io.dashinsights.support.OidcIssuerStandIn.ISSUER;
import static io.dashinsights.support.OidcIssuerStandIn.KEY;
import static io.dashinsights.support.OidcIssuerStandIn.STRANGER;
import static io.dashinsights.support.OidcIssuerStandIn.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code insights.invoker.auth=oidc}, as a Knative Broker with sender identity (or Cloud Scheduler) calls the stages:
 * a token of the issuer, for this service's audience, from an allowed service account runs the stage; every near
 * miss an attacker inside the cluster could produce is a 401 that changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcIssuerStandIn.class, restrictToAnnotatedClass = true)
class OidcInvokerTest {

    @Inject
    Jdbc jdbc;
    @Inject
    DashboardImporter importer;

    @BeforeEach
    void dashboard() {
        importer.importJson(Dashboards.one("oidc-board", "anomaly_detection", "uid-oidc"));
    }

    private static String prepare(String id) {
        return Dashboards.envelope(Functions.PREPARE_ANOMALY, id, "oidc-board");
    }

    @Test
    void theBrokersTokenForThisAudienceRunsTheStage() {
        String broker = token(KEY, ISSUER, BROKER, AUDIENCE, Instant.now().plus(Duration.ofHours(1)));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + broker).body(prepare("oidc-run-1"))
                .post("/" + Functions.PREPARE_ANOMALY).then().statusCode(200).body("id", equalTo("oidc-run-1"));
    }

    @Test
    void aGoogleStyleTokenIsMatchedByItsServiceAccountEmail() {
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + OidcIssuerStandIn.googleStyle(
                        OidcIssuerStandIn.SCHEDULER_EMAIL))
                .body(prepare("oidc-run-2")).post("/" + Functions.PREPARE_ANOMALY).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + OidcIssuerStandIn.googleStyle(
                        "someone-else@project.iam.gserviceaccount.com"))
                .body(prepare("oidc-run-3")).post("/" + Functions.PREPARE_ANOMALY).then().statusCode(401);
    }

    @Test
    void tokensThatAreNotTheBrokersAreRefusedAndChangeNothing() throws Exception {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("not a JWT", "invoker-secret-for-tests");
        // Any pod can ask the API server for a token of its own service account for any audience.
        refused.put("another workload's own token", token(KEY, ISSUER,
                "system:serviceaccount:default:curious-pod", AUDIENCE, later));
        refused.put("the broker's token for another service", token(KEY, ISSUER, BROKER, "service/insights/other", later));
        refused.put("another issuer", token(KEY, "https://evil.example", BROKER, AUDIENCE, later));
        refused.put("expired", token(KEY, ISSUER, BROKER, AUDIENCE, Instant.now().minus(Duration.ofMinutes(10))));
        refused.put("signed by an unpublished key with the same key id", token(STRANGER, ISSUER, BROKER, AUDIENCE, later));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(BROKER).audience(AUDIENCE)
                .issueTime(new Date()).expirationTime(Date.from(later)).build();
        refused.put("alg none", new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims)
                .serialize());
        // The classic confusion: an HMAC token keyed with the issuer's public key.
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(), claims);
        hmac.sign(new MACSigner(KEY.toPublicJWK().toRSAPublicKey().getEncoded()));
        refused.put("HS256 keyed with the public key", hmac.serialize());

        int n = 0;
        for (var e : refused.entrySet()) {
            String before = StoreCounts.snapshot(jdbc);
            var request = given().contentType(ContentType.JSON).body(prepare("oidc-refused-" + n++));
            if (e.getValue() != null) {
                request.header("Authorization", "Bearer " + e.getValue());
            }
            request.post("/" + Functions.PREPARE_ANOMALY).then().statusCode(401)
                    .body("field", equalTo("Authorization")).body("error", containsString("OIDC token"));
            assertThat(StoreCounts.snapshot(jdbc)).as("store after: %s", e.getKey()).isEqualTo(before);
        }
    }
}
