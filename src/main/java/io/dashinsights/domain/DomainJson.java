package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.analysis.Direction;
import io.dashinsights.analysis.Severity;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Writes and reads the analysis enums by their lowercase labels ({@code "high"}, {@code "up"}), the words
 * annotations and tags already use. Mix-ins, because the analysis package stays free of framework imports.
 */
@Singleton
public class DomainJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        register(mapper);
    }

    /** For mappers built outside CDI (pure unit tests, tools). */
    public static ObjectMapper register(ObjectMapper mapper) {
        return mapper.addMixIn(Severity.class, Labelled.class).addMixIn(Direction.class, Labelled.class);
    }

    private abstract static class Labelled {
        @JsonValue
        abstract String label();
    }
}
