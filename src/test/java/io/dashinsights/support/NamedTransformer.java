package io.dashinsights.support;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;

/**
 * A stand-in's response transformer that WireMock applies only to the stubs naming it: each stand-in answers its own
 * paths, and tests can still stub a path with a fixed answer (a refusal, an outage) at a higher priority.
 */
abstract class NamedTransformer implements ResponseDefinitionTransformerV2 {

    private final String name;

    NamedTransformer(String name) {
        this.name = name;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final boolean applyGlobally() {
        return false;
    }
}
