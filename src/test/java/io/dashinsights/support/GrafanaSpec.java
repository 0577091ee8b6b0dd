package io.dashinsights.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Validates every request the stand-in received for Grafana against Grafana 11.4's own OpenAPI spec. */
public final class GrafanaSpec {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(GrafanaSpec.class.getResource("/grafana/openapi-11.4.json").toString())
            .build();

    private GrafanaSpec() {
    }

    /** Asserts that at least one Grafana request was made and all of them match the spec; returns them. */
    public static List<LoggedRequest> assertAllRequestsValid(WireMockServer server) {
        List<LoggedRequest> grafana = new ArrayList<>();
        for (var event : server.getAllServeEvents()) {
            LoggedRequest r = event.getRequest();
            if (r.getUrl().startsWith("/api/") && !r.getUrl().startsWith("/api/v1/")) {
                grafana.add(r);
            }
        }
        assertThat(grafana).as("requests sent to Grafana").isNotEmpty();
        for (LoggedRequest r : grafana) {
            ValidationReport report = VALIDATOR.validateRequest(toRequest(r));
            assertThat(report.getMessages()).as(r.getMethod() + " " + r.getUrl() + " against Grafana's OpenAPI spec")
                    .isEmpty();
        }
        return grafana;
    }

    private static Request toRequest(LoggedRequest r) {
        URI uri = URI.create(r.getUrl());
        SimpleRequest.Builder b = new SimpleRequest.Builder(r.getMethod().getName(), uri.getPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                b.withQueryParam(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
            }
        }
        for (var header : r.getHeaders().all()) {
            b.withHeader(header.key(), header.values());
        }
        if (!r.getBodyAsString().isEmpty()) {
            b.withBody(r.getBodyAsString());
        }
        return b.build();
    }
}
