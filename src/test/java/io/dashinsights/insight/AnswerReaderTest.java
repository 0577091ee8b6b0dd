package io.dashinsights.insight;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static io.dashinsights.insight.AiInsight.Confidence.HIGH;
import static io.dashinsights.insight.AiInsight.Confidence.LOW;
import static io.dashinsights.insight.AiInsight.Confidence.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a model's text becomes an answer, without a model (the provider tests serve the same over HTTP). */
class AnswerReaderTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    @Test
    void readsConfidenceAsAWordAProbabilityAPercentageOrAMarkOutOfTen() {
        assertThat(AnswerReader.confidence(N.textNode("Very High"))).isEqualTo(HIGH);
        assertThat(AnswerReader.confidence(N.textNode("moderate"))).isEqualTo(MEDIUM);
        assertThat(AnswerReader.confidence(N.textNode("low"))).isEqualTo(LOW);
        assertThat(AnswerReader.confidence(N.numberNode(0.85))).isEqualTo(HIGH);
        assertThat(AnswerReader.confidence(N.numberNode(0.5))).isEqualTo(MEDIUM);
        assertThat(AnswerReader.confidence(N.numberNode(0.2))).isEqualTo(LOW);
        assertThat(AnswerReader.confidence(N.numberNode(85))).isEqualTo(HIGH);
        assertThat(AnswerReader.confidence(N.textNode("60%"))).isEqualTo(MEDIUM);
        assertThat(AnswerReader.confidence(N.textNode("3/10"))).isEqualTo(LOW);
        assertThat(AnswerReader.confidence(N.numberNode(7))).isEqualTo(HIGH);
        assertThat(AnswerReader.confidence(N.textNode("unsure"))).isNull();
        assertThat(AnswerReader.confidence(N.numberNode(-3))).isNull();
    }

    @Test
    void takesTheLastJsonBlockThatHasASummary() {
        AiInsight a = AnswerReader.read("""
                Example format: {"summary": ""}
                My answer:
                ```json
                {"summary": "Requests peaked at 512.", "likelyCauses": [{"reason": "a retry storm", "because": "peak 512"}],
                 "actions": [{"step": "check the load balancer"}]}
                ```""");

        assertThat(a.summary()).isEqualTo("Requests peaked at 512.");
        assertThat(a.likelyCauses()).containsExactly(new AiInsight.Cause("a retry storm", "peak 512"));
        assertThat(a.recommendedActions()).containsExactly("check the load balancer");
        assertThat(a.confidence()).isNull();
    }

    @Test
    void onlyAnAnswerWithoutUsableSummaryIsUnusable() {
        assertThatThrownBy(() -> AnswerReader.read("  ")).hasFieldOrPropertyWithValue("reason", "empty");
        assertThatThrownBy(() -> AnswerReader.read("{\"summary\": \"  \", \"likelyCauses\": [\"x\"]}"))
                .hasFieldOrPropertyWithValue("reason", "malformed");
        assertThatThrownBy(() -> AnswerReader.read("I cannot help with that."))
                .hasFieldOrPropertyWithValue("reason", "malformed")
                .hasMessageContaining("I cannot help with that.");
        assertThat(AnswerReader.read("[{\"Summary\": \"Requests peaked at 512.\"}]").summary())
                .isEqualTo("Requests peaked at 512.");
    }
}
