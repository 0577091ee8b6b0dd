package io.dashinsights.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A Kubernetes service-account token issuer as Knative's sender identity uses it: the API server publishes its
 * public keys at {@code /openid/v1/jwks} (RS256, {@code use: sig}, a {@code kid}; kubernetes/kubernetes
 * pkg/serviceaccount/openidmetadata.go) and signs TokenRequest tokens with {@code iss}, {@code sub =
 * system:serviceaccount:<namespace>:<name>}, {@code aud} = the requested audience, {@code exp}, {@code iat},
 * {@code nbf} (pkg/serviceaccount/claims.go). Tests mint tokens with {@link #token}.
 */
public class OidcIssuerStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    public static final String AUDIENCE = "service/insights/insights-stages";
    public static final String BROKER = "system:serviceaccount:insights:oidc-insights-broker";
    public static final String SCHEDULER_EMAIL = "insights-scheduler@project.iam.gserviceaccount.com";

    /** The issuer's signing key; {@link #STRANGER} has the same key id but is not published. */
    public static final RSAKey KEY = key();
    public static final RSAKey STRANGER = key();

    private WireMockServer server;

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("sa-key-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(get(urlEqualTo("/openid/v1/jwks"))
                .willReturn(okJson(new JWKSet(KEY.toPublicJWK()).toString())));
        return Map.of("insights.invoker.auth", "oidc", "insights.invoker.oidc.issuer", ISSUER,
                "insights.invoker.oidc.jwks-url", "http://localhost:" + server.port() + "/openid/v1/jwks",
                "insights.invoker.oidc.audience", AUDIENCE,
                "insights.invoker.oidc.subjects", BROKER + "," + SCHEDULER_EMAIL);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A token as the issuer signs it; each argument can be made wrong by the test. */
    public static String token(RSAKey key, String issuer, String subject, String audience, Instant expires) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(1)))).notBeforeTime(Date.from(now.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(expires)).build();
        return sign(key, claims);
    }

    /** A Google-style ID token (Cloud Scheduler): a numeric {@code sub} and the service account in {@code email}. */
    public static String googleStyle(String email) {
        Instant now = Instant.now();
        return sign(KEY, new JWTClaimsSet.Builder().issuer(ISSUER).subject("104729348572910384756").audience(AUDIENCE)
                .claim("email", email).claim("email_verified", true).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
