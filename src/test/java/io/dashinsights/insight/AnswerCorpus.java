package io.dashinsights.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * Answer shapes real chat models give when asked for an {@link AiInsight}, each with what must happen to it.
 * The content is what the model wrote; the tests serve it in each provider's wire format (Ollama
 * {@code /api/chat}, OpenAI chat completions) through WireMock. Anomaly answers are about
 * {@link InsightSamples#region()} (peak 512 against 102 expected, 10:00–10:30, peak 10:12, severity high);
 * error-spike answers about an alert measured at 7.452 % (shown "7.5%") against a 5 % threshold, which the
 * summary must state.
 */
final class AnswerCorpus {

    private AnswerCorpus() {
    }

    enum Kind { ANOMALY, ERROR_SPIKE }

    /** How the server delivers the content: a normal answer, one cut at the length limit, or a refusal. */
    enum Wire { ANSWER, CUT_OFF, REFUSAL }

    /**
     * @param outcome published (all of it kept), cleaned (ungrounded parts dropped) or template
     * @param reason  for a template: the fallback reason counted in insights_ai_fallbacks_total
     * @param summary for published/cleaned: the summary that must be published
     */
    record Shape(String name, Kind kind, Wire wire, String content, String outcome, String reason, String summary) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String SUMMARY = "Requests peaked at 512 at 10:12 UTC, about five times the expected 102.";
    private static final String CAUSE = "a retry storm after a slow dependency";
    private static final String EVIDENCE = "peak 512 against 102 expected";
    private static final String ACTION = "check deploys between 10:00 and 10:30";
    private static final String EXACT = """
            {"summary": "%s", "likelyCauses": [{"cause": "%s", "evidence": "%s"}],
             "recommendedActions": ["%s"], "confidence": "MEDIUM"}""".formatted(SUMMARY, CAUSE, EVIDENCE, ACTION);

    private static Shape published(String name, String content) {
        return new Shape(name, Kind.ANOMALY, Wire.ANSWER, content, "published", null, SUMMARY);
    }

    private static Shape template(String name, Wire wire, String content, String reason) {
        return new Shape(name, Kind.ANOMALY, wire, content, "template", reason, null);
    }

    static List<Shape> all() {
        return List.of(
                published("exact", EXACT),
                published("fenced", "```json\n" + EXACT + "\n```"),
                published("prose around the JSON", "Here is my analysis of the anomaly:\n\n" + EXACT
                        + "\n\nLet me know if you need more detail."),
                published("fenced inside prose", "Sure! Below is the JSON you asked for.\n```json\n" + EXACT
                        + "\n```\nThe confidence is medium because only one metric moved."),
                published("causes as plain strings (the near-miss that failed before)", """
                        {"summary": "%s", "likelyCauses": ["%s", "a cache that expired at 10:00"],
                         "recommendations": ["%s"], "confidence": 0.8}""".formatted(SUMMARY, CAUSE, ACTION)),
                published("synonyms for every field", """
                        {"explanation": "%s", "possible_causes": [{"description": "%s", "basis": "%s"}],
                         "nextSteps": ["%s"], "confidence_level": "moderate"}""".formatted(SUMMARY, CAUSE, EVIDENCE, ACTION)),
                published("snake_case names", """
                        {"summary": "%s", "likely_causes": [{"cause": "%s", "evidence": "%s"}],
                         "recommended_actions": ["%s"], "confidence": "high"}""".formatted(SUMMARY, CAUSE, EVIDENCE, ACTION)),
                published("only a summary", "{\"summary\": \"" + SUMMARY + "\"}"),
                published("empty lists and a null confidence", "{\"summary\": \"" + SUMMARY
                        + "\", \"likelyCauses\": [], \"recommendedActions\": [], \"confidence\": null}"),
                published("extra fields", """
                        {"summary": "%s", "severity": "high", "metric": "http_requests_total", "model_notes": "none",
                         "likelyCauses": [{"cause": "%s", "evidence": "%s", "probability": "likely"}],
                         "recommendedActions": [{"action": "%s", "priority": 1}], "confidence": "85%%"}"""
                        .formatted(SUMMARY, CAUSE, EVIDENCE, ACTION)),
                published("wrapped in an outer object", "{\"insight\": " + EXACT + "}"),
                published("summary as a list of sentences", """
                        {"summary": ["Requests peaked at 512 at 10:12 UTC,", "about five times the expected 102."],
                         "causes": "%s"}""".formatted(CAUSE)),
                published("JavaScript-style JSON", """
                        {summary: '%s', likelyCauses: ['%s',], // the main one
                         recommendedActions: ['%s',], confidence: 'LOW',}""".formatted(SUMMARY, CAUSE, ACTION)),
                new Shape("invents a number in a sentence and an action", Kind.ANOMALY, Wire.ANSWER, """
                        {"summary": "%s That is 37%% more than last week.", "likelyCauses": ["%s"],
                         "recommendedActions": ["scale to 12 replicas", "%s"], "confidence": "LOW"}"""
                        .formatted(SUMMARY, CAUSE, ACTION), "cleaned", null, SUMMARY),
                template("invents every number", Wire.ANSWER, """
                        {"summary": "Traffic doubled to 1,024 requests per second at 11:45.",
                         "likelyCauses": ["a marketing e-mail to 40,000 users"], "confidence": "HIGH"}""", "ungrounded"),
                template("contradicts the severity", Wire.ANSWER, """
                        {"summary": "A low-severity blip: requests reached 512 at 10:12 UTC.",
                         "likelyCauses": ["%s"], "confidence": "LOW"}""".formatted(CAUSE), "ungrounded"),
                template("cut off at the length limit", Wire.CUT_OFF, """
                        {"summary": "%s", "likelyCauses": [{"cause": "%s", "evid""".formatted(SUMMARY, CAUSE),
                        "truncated"),
                template("refusal", Wire.REFUSAL, "I'm sorry, but I can't help with that request.", null),
                template("prose without JSON", Wire.ANSWER,
                        "The requests spiked, probably because of a retry storm. Check the load balancer.", "malformed"),
                template("broken JSON", Wire.ANSWER, "{\"summary\": \"" + SUMMARY + "\", \"likelyCauses\": [ {\"cause\": ",
                        "malformed"),
                template("JSON without a summary", Wire.ANSWER, """
                        {"likelyCauses": ["%s"], "recommendedActions": ["%s"]}""".formatted(CAUSE, ACTION), "malformed"),
                template("empty answer", Wire.ANSWER, "", "empty"),
                spike("rate written with a space", "{\"summary\": \"The error rate rose to 7.45 % after the deploy of checkout.\"}",
                        "published", "The error rate rose to 7.45 % after the deploy of checkout."),
                spike("rate rounded", "{\"summary\": \"The error rate rose to 7.5% after the deploy of checkout.\"}",
                        "published", "The error rate rose to 7.5% after the deploy of checkout."),
                spike("rate as a fraction in a second sentence", """
                        {"summary": "The error rate rose to 7.45%. As a ratio that is 0.0745 of all requests."}""",
                        "cleaned", "The error rate rose to 7.45%."),
                new Shape("rate only as a fraction", Kind.ERROR_SPIKE, Wire.ANSWER,
                        "{\"summary\": \"The error ratio rose to 0.0745 after the deploy.\"}", "template", "ungrounded", null));
    }

    /**
     * What the batch call of a dashboard run ({@code explainIncidents}, one call for all its incidents) gets back
     * for a run with one incident about {@link InsightSamples#region()}: every anomaly shape above as the entry of
     * {@code {"incidents": [...]}} (a fence or prose stays around the whole answer), with the same outcome, and
     * the shapes only a batch answer has.
     */
    static List<Shape> batch() {
        List<Shape> shapes = new ArrayList<>();
        for (Shape s : all()) {
            if (s.kind() == Kind.ANOMALY) {
                shapes.add(new Shape(s.name(), s.kind(), s.wire(), asBatch(s.content()), s.outcome(), s.reason(),
                        s.summary()));
            }
        }
        shapes.add(published("a bare list of answers", "[" + EXACT + "]"));
        shapes.add(published("the list under another name", "{\"explanations\": [" + EXACT + "]}"));
        shapes.add(published("one answer without the list", EXACT));
        shapes.add(published("the batch wrapped in an outer object", "{\"response\": {\"incidents\": [" + EXACT + "]}}"));
        shapes.add(published("numbered entries with the near-miss fields", """
                {"incidents": [{"incident": 1, "summary": "%s", "causes": ["%s"],
                 "recommendations": ["%s"], "confidence": 7}]}""".formatted(SUMMARY, CAUSE, ACTION)));
        shapes.add(template("an empty list of incidents", Wire.ANSWER, "{\"incidents\": []}", "malformed"));
        return shapes;
    }

    private static String asBatch(String content) {
        if (content.contains(EXACT)) {
            return content.replace(EXACT, "{\"incidents\": [" + EXACT + "]}");
        }
        String json = content.strip();
        return json.startsWith("{") ? "{\"incidents\": [" + json + "]}" : content;
    }

    private static Shape spike(String name, String content, String outcome, String summary) {
        return new Shape(name, Kind.ERROR_SPIKE, Wire.ANSWER, content, outcome, null, summary);
    }
}
