package io.dashinsights.insight;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.internal.JsonParsingUtils;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's answer into an {@link AiInsight} the way a person would, before the strict number check of
 * {@link Grounding}. Real chat models that were asked for the schema still wrap it in prose or a ```json
 * fence, give causes as plain strings, say {@code recommendations} for {@code recommendedActions} or a number
 * for the confidence, or leave parts out. Only an answer with no usable summary is unusable: then, and when
 * the server says it stopped at its length limit, the guardrail fails and the template is published.
 * <p>
 * Installed as the AI services' output guardrail, so its result replaces LangChain4j's strict POJO parsing
 * (quarkus-langchain4j 1.7.4 {@code AiServiceMethodImplementationSupport}: a guardrail result of the return
 * type is returned as is). It never re-prompts: a second full model call would not fit in the timeout.
 * {@link ForIncidents} reads the batch answer of one dashboard run ({@link AiInsights}) with the same rules, one
 * incident at a time.
 */
@ApplicationScoped
public class AnswerReader implements OutputGuardrail {

    // Models write JSON the way JavaScript allows it, and put raw line breaks inside strings.
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .build();

    // Field names are compared lower-case without separators: likely_causes, likelyCauses and "Likely causes" match.
    private static final List<String> SUMMARY = List.of("summary", "explanation", "overview", "description",
            "analysis", "whathappened", "answer");
    private static final List<String> CAUSES = List.of("likelycauses", "causes", "possiblecauses", "probablecauses",
            "rootcauses", "likelycause", "cause", "reasons", "hypotheses");
    private static final List<String> ACTIONS = List.of("recommendedactions", "recommendations", "actions",
            "nextsteps", "suggestedactions", "recommendedaction", "recommendation", "remediation", "steps",
            "suggestions");
    private static final List<String> CONFIDENCE = List.of("confidence", "confidencelevel", "certainty");
    private static final List<String> CAUSE_TEXT = List.of("cause", "description", "name", "title", "text",
            "hypothesis", "summary", "explanation", "reason");
    private static final List<String> EVIDENCE = List.of("evidence", "fact", "facts", "basis", "supportingfact",
            "supportingevidence", "support", "rationale", "because", "why");
    private static final List<String> ACTION_TEXT = List.of("action", "recommendation", "description", "step",
            "text", "title", "name");

    // Where a batch answer keeps its per-incident answers, when it is an object and not the list itself.
    private static final List<String> INCIDENTS = List.of("incidents", "explanations", "answers", "results",
            "insights", "items", "incidentexplanations", "analyses");

    private static final Pattern SCORE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(%|/\\s*100\\b|/\\s*10\\b)?");

    /** Why an answer could not be used: {@code empty}, {@code malformed} or {@code truncated}. */
    static final class UnusableAnswer extends RuntimeException {
        private final String reason;

        UnusableAnswer(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    @Override
    public OutputGuardrailResult validate(OutputGuardrailRequest request) {
        return validate(this, request, AnswerReader::read);
    }

    /**
     * The guardrail of the batch call ({@code explainIncidents}): the same reading, per incident. Its own class
     * because quarkus-langchain4j only returns a guardrail's result when it is of the method's return type.
     */
    @ApplicationScoped
    public static class ForIncidents implements OutputGuardrail {
        @Override
        public OutputGuardrailResult validate(OutputGuardrailRequest request) {
            return AnswerReader.validate(this, request, AnswerReader::readAll);
        }
    }

    /** What both guardrails do around their reader: a cut-off or unusable answer fails, the rest is read. */
    private static OutputGuardrailResult validate(OutputGuardrail guardrail, OutputGuardrailRequest request,
                                                  Function<String, Object> reader) {
        ChatResponse response = request.responseFromLLM();
        try {
            if (response.finishReason() == FinishReason.LENGTH) {
                // The server cut the answer at its token limit: whatever parses is a fragment.
                throw new UnusableAnswer("truncated", "the answer was cut off at the server's length limit");
            }
            String text = response.aiMessage() == null ? null : response.aiMessage().text();
            return guardrail.successWith(text, reader.apply(text));
        } catch (UnusableAnswer e) {
            return guardrail.fatal(e.getMessage(), e);
        }
    }

    /** The answer in {@code text}, read tolerantly; throws {@link UnusableAnswer} when it has no usable summary. */
    static AiInsight read(String text) {
        return parse(text, AnswerReader::insight);
    }

    /**
     * A batch answer, one {@link AiInsight} per incident in the order given: {@code {"incidents": [...]}} (or a
     * synonym), a bare list, or a single answer for a run of one incident. An entry without a usable summary is
     * null (that incident gets the template); throws {@link UnusableAnswer} when no entry has one.
     */
    static AiInsights readAll(String text) {
        return parse(text, AnswerReader::insights);
    }

    private static <T> T parse(String text, Function<JsonNode, T> reader) {
        if (text == null || text.isBlank()) {
            throw new UnusableAnswer("empty", "the answer was empty");
        }
        try {
            // The whole text, else the last {...} or [...] block in it that reads as an answer (LangChain4j's
            // own extraction, as its POJO parser uses it): covers ```json fences and prose around the JSON.
            return JsonParsingUtils.extractAndParseJson(text.strip(), json -> reader.apply(LENIENT.readTree(json))).value();
        } catch (UnusableAnswer e) {
            throw e;
        } catch (Exception e) {
            throw new UnusableAnswer("malformed", "no JSON answer with a summary in: " + abbreviate(text));
        }
    }

    private static AiInsights insights(JsonNode node) {
        List<AiInsight> all = new ArrayList<>();
        boolean any = false;
        for (JsonNode entry : entries(node, 0)) {
            JsonNode answer = answerObject(entry, 0);
            all.add(answer == null ? null : insight(answer));
            any |= answer != null;
        }
        if (!any) {
            throw new UnusableAnswer("malformed", "no incident answer with a summary");
        }
        // Nulls stand for incidents without an answer, so the others keep their positions.
        return new AiInsights(Collections.unmodifiableList(all));
    }

    /** The per-incident answers of a batch answer: its list, the list under a known name, or the answer itself. */
    private static List<JsonNode> entries(JsonNode node, int depth) {
        if (node.isArray()) {
            return items(node);
        }
        if (!node.isObject() || depth > 2) {
            return List.of();
        }
        JsonNode listed = field(node, INCIDENTS);
        if (listed != null && listed.isArray()) {
            return items(listed);
        }
        if (answerObject(node, 0) != null) {
            return List.of(node);
        }
        // {"response": {"incidents": [...]}}: one level of wrapping, as single answers allow.
        for (JsonNode child : node) {
            List<JsonNode> found = child.isObject() ? entries(child, depth + 1) : List.of();
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static AiInsight insight(JsonNode node) {
        JsonNode answer = answerObject(node, 0);
        if (answer == null) {
            throw new UnusableAnswer("malformed", "no summary in the answer");
        }
        // A summary given as a list of sentences is read as one paragraph.
        String summary = joined(field(answer, SUMMARY), " ");
        return new AiInsight(summary, causes(field(answer, CAUSES)), actions(field(answer, ACTIONS)),
                confidence(field(answer, CONFIDENCE)));
    }

    /** The object holding a usable summary: the answer itself, its first element, or one wrapped in it. */
    private static JsonNode answerObject(JsonNode node, int depth) {
        if (node == null || depth > 2) {
            return null;
        }
        if (node.isArray()) {
            return node.isEmpty() ? null : answerObject(node.get(0), depth + 1);
        }
        if (!node.isObject()) {
            return null;
        }
        String summary = joined(field(node, SUMMARY), " ");
        if (summary != null && !summary.isBlank()) {
            return node;
        }
        for (JsonNode child : node) {
            JsonNode found = child.isObject() ? answerObject(child, depth + 1) : null;
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static JsonNode field(JsonNode object, List<String> names) {
        for (String name : names) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (key(e.getKey()).equals(name) && !e.getValue().isNull()) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    /** A text, or the texts of an array joined into one; null for anything else. */
    private static String joined(JsonNode node) {
        return joined(node, "; ");
    }

    private static String joined(JsonNode node, String separator) {
        if (node == null) {
            return null;
        }
        if (node.isValueNode()) {
            String s = node.asText().strip();
            return s.isEmpty() ? null : s;
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> {
                if (n.isValueNode() && !n.asText().isBlank()) {
                    parts.add(n.asText().strip());
                }
            });
            return parts.isEmpty() ? null : String.join(separator, parts);
        }
        return null;
    }

    private static List<AiInsight.Cause> causes(JsonNode node) {
        List<AiInsight.Cause> causes = new ArrayList<>();
        for (JsonNode item : items(node)) {
            if (item.isValueNode()) {
                String text = joined(item);
                if (text != null) {
                    causes.add(new AiInsight.Cause(text, null));
                }
            } else if (item.isObject()) {
                String cause = joined(field(item, CAUSE_TEXT));
                if (cause == null) {
                    cause = onlyText(item);
                }
                if (cause != null) {
                    causes.add(new AiInsight.Cause(cause, joined(field(item, EVIDENCE))));
                }
            }
        }
        return causes;
    }

    private static List<String> actions(JsonNode node) {
        List<String> actions = new ArrayList<>();
        for (JsonNode item : items(node)) {
            String text = item.isObject() ? joined(field(item, ACTION_TEXT)) : joined(item);
            if (text == null && item.isObject()) {
                text = onlyText(item);
            }
            if (text != null) {
                actions.add(text);
            }
        }
        return actions;
    }

    /** The elements of an array, or a single value or object as one element. */
    private static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    /** An object's text when it has exactly one text field, whatever it is called. */
    private static String onlyText(JsonNode object) {
        String found = null;
        for (JsonNode v : object) {
            if (v.isTextual() && !v.asText().isBlank()) {
                if (found != null) {
                    return null;
                }
                found = v.asText().strip();
            }
        }
        return found;
    }

    /**
     * LOW/MEDIUM/HIGH from a word ("moderate", "very high"), a probability (0.8), a percentage (80, "80%") or
     * a mark out of ten (8, "8/10"); null when it says none of these.
     */
    static AiInsight.Confidence confidence(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return fromNumber(node.decimalValue(), false);
        }
        if (!node.isTextual()) {
            return null;
        }
        String t = node.asText().strip().toLowerCase(Locale.ROOT);
        if (t.contains("high")) {
            return AiInsight.Confidence.HIGH;
        }
        if (t.contains("medium") || t.contains("moderate") || t.equals("mid")) {
            return AiInsight.Confidence.MEDIUM;
        }
        if (t.contains("low")) {
            return AiInsight.Confidence.LOW;
        }
        Matcher m = SCORE.matcher(t);
        if (!m.find()) {
            return null;
        }
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).replace(" ", "");
        return switch (unit) {
            case "%", "/100" -> fromNumber(value.movePointLeft(2), true);
            case "/10" -> fromNumber(value.movePointLeft(1), true);
            default -> fromNumber(value, false);
        };
    }

    private static AiInsight.Confidence fromNumber(BigDecimal value, boolean scaled) {
        double p = value.doubleValue();
        if (!scaled && p > 10) {
            p /= 100;
        } else if (!scaled && p > 1) {
            p /= 10;
        }
        if (p < 0 || p > 1) {
            return null;
        }
        return p < 0.4 ? AiInsight.Confidence.LOW : p < 0.7 ? AiInsight.Confidence.MEDIUM : AiInsight.Confidence.HIGH;
    }

    private static String abbreviate(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }
}
