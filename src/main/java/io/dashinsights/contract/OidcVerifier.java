package io.dashinsights.contract;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.dashinsights.config.InsightsConfig;
import org.jboss.logging.Logger;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks an OIDC bearer token the way the platforms issue them (Knative sender identity: a Kubernetes
 * service-account token for the subscriber's audience; Cloud Scheduler: a Google-signed ID token): signature by a key
 * of the issuer's JWKS (asymmetric algorithms only, so {@code alg: none} or an HMAC token signed with a public key
 * is refused), {@code iss}, {@code aud}, {@code exp}/{@code nbf} with nimbus' default clock skew, and a subject from
 * the configured list. The keys are fetched once at startup and refreshed ahead of expiry in the background, so a
 * request normally verifies from memory; an unknown key id (rotation) triggers one rate-limited fetch.
 */
final class OidcVerifier {

    private static final Logger LOG = Logger.getLogger(OidcVerifier.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.EdDSA);
    /** Bounds the rare fetch on the request path (an unknown key id) and the startup fetch. */
    private static final int TIMEOUT_MS = 2_000;
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<String> subjects;
    private final JWKSource<SecurityContext> keys;

    private OidcVerifier(String issuer, URL jwks, String audience, Set<String> subjects) {
        this.subjects = subjects;
        this.keys = JWKSourceBuilder.create(jwks, new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_JWKS_BYTES))
                .refreshAheadCache(true).build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat")));
    }

    /** The verifier for the configured issuer; a missing or malformed setting refuses startup, naming it. */
    static OidcVerifier of(InsightsConfig.Invoker.Oidc config) {
        List<String> missing = new ArrayList<>();
        if (config.issuer().filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("INSIGHTS_INVOKER_OIDC_ISSUER (insights.invoker.oidc.issuer)");
        }
        if (config.jwksUrl().filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("INSIGHTS_INVOKER_OIDC_JWKS_URL (insights.invoker.oidc.jwks-url)");
        }
        if (config.audience().filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("INSIGHTS_INVOKER_OIDC_AUDIENCE (insights.invoker.oidc.audience)");
        }
        List<String> subjects = config.subjects().orElse(List.of()).stream().map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
        if (subjects.isEmpty()) {
            missing.add("INSIGHTS_INVOKER_OIDC_SUBJECTS (insights.invoker.oidc.subjects: the service accounts that may "
                    + "call; the audience alone would admit every workload of the issuer)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("insights.invoker.auth=oidc needs " + String.join(", ", missing));
        }
        URL jwks;
        try {
            jwks = URI.create(config.jwksUrl().orElseThrow().strip()).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalStateException("insights.invoker.oidc.jwks-url is not a URL: " + e.getMessage());
        }
        return new OidcVerifier(config.issuer().orElseThrow().strip(), jwks, config.audience().orElseThrow().strip(),
                Set.copyOf(subjects));
    }

    /** Fetches the keys now, so the first delivery does not wait for them; an issuer down at startup is only logged. */
    OidcVerifier warm() {
        try {
            keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
        } catch (Exception e) {
            LOG.warnf("the OIDC issuer's keys could not be fetched at startup (%s); calls are refused until they can",
                    e.getMessage());
        }
        return this;
    }

    /** Whether {@code token} (the bearer value) is valid and from an allowed subject; never throws on bad input. */
    boolean verify(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String email = claims.getClaim("email") instanceof String e ? e : null;
            if (subjects.contains(claims.getSubject()) || (email != null && subjects.contains(email))) {
                return true;
            }
            LOG.debugf("OIDC token of subject %s refused: not in insights.invoker.oidc.subjects", claims.getSubject());
            return false;
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            LOG.debugf("OIDC token refused: %s", e.getMessage());
            return false;
        }
    }
}
