package io.dashinsights.insight;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** Explains a computed trend; the model is the one chosen by {@code insights.ai.provider}. */
@RegisterAiService(chatLanguageModelSupplier = AiModels.Selected.class)
@SystemMessage(Prompts.SYSTEM)
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
