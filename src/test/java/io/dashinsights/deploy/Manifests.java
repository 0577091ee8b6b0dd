package io.dashinsights.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dashinsights.config.InsightsConfig;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.common.utils.StringUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the deploy artefacts (serverless.yml, deploy/**) as their tools would, and what the app declares. */
final class Manifests {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    /** Environment names that look like they hold a secret. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|API_KEY|CREDENTIALS).*");

    /**
     * Quarkus' own settings the manifests use (not under insights.*): the datasource, its pool, and the Lambda
     * handler selection. Each is a documented Quarkus property in env form.
     */
    static final Set<String> QUARKUS_KEYS = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "QUARKUS_LAMBDA_HANDLER");

    private Manifests() {
    }

    static JsonNode yaml(String relative) {
        try {
            return YAML.readTree(ROOT.resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML file (kubectl apply -f). */
    static List<JsonNode> documents(String relative) {
        try (var parser = new YAMLFactory().createParser(ROOT.resolve(relative).toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            it.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(ROOT.resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Map<String, String> fields(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        return map;
    }

    static final String UNDECLARED = "settings the app does not declare (neither insights.* in InsightsConfig nor "
            + "one of " + QUARKUS_KEYS + ")";

    /** The names among {@code keys} that no part of the app reads. */
    static Set<String> undeclared(java.util.Collection<String> keys) {
        Set<String> declared = declaredInsightsEnv();
        return keys.stream().filter(k -> !QUARKUS_KEYS.contains(k) && !declared.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The environment names of every insights.* property the app declares right now, from SmallRye's own view of
     * the mapping (so settings other features add are known as soon as they exist), in SmallRye's env form.
     */
    static Set<String> declaredInsightsEnv() {
        return ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(InsightsConfig.class, "insights"))
                .keySet().stream().map(StringUtil::replaceNonAlphanumericByUnderscores)
                .map(String::toUpperCase).collect(Collectors.toCollection(TreeSet::new));
    }
}
