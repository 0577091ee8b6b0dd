package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The classes serverless.yml names exist in the lambda build, and each function's handler name has a handler. */
class ServerlessHandlersTest {

    @Test
    void everyServerlessFunctionRunsAnExistingHandlerForItsName() throws Exception {
        JsonNode functions = new YAMLMapper().readTree(Path.of("serverless.yml").toFile()).path("functions");
        Map<String, Class<?>> handlers = namedHandlers();
        assertThat(handlers.keySet()).containsExactlyInAnyOrderElementsOf(Functions.ALL);

        functions.fields().forEachRemaining(f -> {
            String entryPoint = f.getValue().path("handler").asText();
            String className = entryPoint.substring(0, entryPoint.indexOf("::"));
            try {
                assertThat(RequestStreamHandler.class.isAssignableFrom(Class.forName(className))).as(entryPoint).isTrue();
            } catch (ClassNotFoundException e) {
                throw new AssertionError(f.getKey() + " names a handler class that is not in the build: " + className, e);
            }
            assertThat(handlers).as(f.getKey())
                    .containsKey(f.getValue().path("environment").path("QUARKUS_LAMBDA_HANDLER").asText());
        });
    }

    private static Map<String, Class<?>> namedHandlers() throws IOException, ClassNotFoundException {
        Map<String, Class<?>> handlers = new HashMap<>();
        Path dir = Path.of("target/classes/io/dashinsights/lambda");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("io.dashinsights.lambda." + name);
                Named named = type.getAnnotation(Named.class);
                if (named != null && RequestHandler.class.isAssignableFrom(type)) {
                    handlers.put(named.value(), type);
                }
            }
        }
        return handlers;
    }

    @Test
    void theLambdaBuildDoesNotPrimeAWebhookItNeverServesOverHttp() throws IOException {
        // The lambda build's own config file (src/lambda/resources), whatever serverless.yml or a deployer sets.
        java.util.Properties lambdaConfig = new java.util.Properties();
        for (java.net.URL url : java.util.Collections.list(getClass().getClassLoader()
                .getResources("META-INF/microprofile-config.properties"))) {
            try (var in = url.openStream()) {
                lambdaConfig.load(in);
            }
        }
        assertThat(lambdaConfig.getProperty("insights.alerts.prime-deliveries")).isEqualTo("0");
    }
}
