package io.dashinsights.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * A model that answers in exactly the shape it is asked for: it reads the JSON schema from the request
 * (Ollama's {@code format} object, OpenAI's {@code response_format.json_schema.schema}) and fills every
 * property the schema names — strings from the stub's {@code texts} by property name, enums with their first
 * value, arrays with one element. Without a schema in the request it answers in prose, as an unconstrained
 * model may, so a test against it shows whether the schema was sent.
 */
public class SchemaAnsweringModel extends NamedTransformer {

    public static final String NAME = "answer-from-schema";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SchemaAnsweringModel() {
        super(NAME);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Parameters p = event.getTransformerParameters();
        String provider = p.getString("provider");
        @SuppressWarnings("unchecked")
        Map<String, String> texts = (Map<String, String>) p.get("texts");
        try {
            JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
            JsonNode schema = provider.equals("openai") ? request.path("response_format").path("json_schema").path("schema")
                    : request.path("format");
            String content = schema.isObject() ? fill(schema, "", texts).toString()
                    : "Sure! Requests look unusual today; I would check the load balancer.";
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(LlmStandIn.body(provider, p.getString("model"), content, "stop", null)).build();
        } catch (Exception e) {
            return aResponse().withStatus(500).withBody("{\"error\":\"" + e.getMessage() + "\"}").build();
        }
    }

    private static JsonNode fill(JsonNode schema, String name, Map<String, String> texts) {
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(0);
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
        switch (type) {
            case "object" -> {
                ObjectNode o = JSON.createObjectNode();
                schema.path("properties").fields().forEachRemaining(e -> o.set(e.getKey(), fill(e.getValue(), e.getKey(), texts)));
                return o;
            }
            case "array" -> {
                ArrayNode a = JSON.createArrayNode();
                a.add(fill(schema.path("items"), name, texts));
                return a;
            }
            default -> {
                return JSON.getNodeFactory().textNode(texts.getOrDefault(name, "n/a"));
            }
        }
    }
}
