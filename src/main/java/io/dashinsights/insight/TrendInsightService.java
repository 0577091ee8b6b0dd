package io.dashinsights.insight;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.guardrail.OutputGuardrails;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/** Explains a computed trend; the model is the one chosen by {@code insights.ai.provider}. */
// No chat memory and application scope: each explanation stands alone (no earlier facts leak into the
// next prompt), and it can be called from worker and scheduler threads that have no request context.
@RegisterAiService(chatLanguageModelSupplier = AiModels.Selected.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
@ApplicationScoped
@SystemMessage(Prompts.SYSTEM)
@OutputGuardrails(AnswerReader.class)
public interface TrendInsightService {

    @UserMessage("""
            Explain this trend in one or two sentences, give likely causes and up to three recommended actions.
            <data>
            dashboard: {facts.dashboard}
            metric: {facts.metric}
            window: {facts.window}, {facts.points} points
            direction: {facts.direction} (Mann-Kendall p = {facts.pValue})
            Theil-Sen slope: {facts.slopePerHour} per hour
            change over the window: {facts.growth} ({facts.growthBasis})
            fitted line continued: {facts.projection}
            </data>
            """)
    AiInsight explain(Facts.Trend facts);
}
