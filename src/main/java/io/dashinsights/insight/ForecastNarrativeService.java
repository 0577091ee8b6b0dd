package io.dashinsights.insight;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.guardrail.OutputGuardrails;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/** Narrates a computed forecast; the model is the one chosen by {@code insights.ai.provider}. */
// No chat memory and application scope: each explanation stands alone (no earlier facts leak into the
// next prompt), and it can be called from worker and scheduler threads that have no request context.
@RegisterAiService(chatLanguageModelSupplier = AiModels.Selected.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
@ApplicationScoped
@SystemMessage(Prompts.SYSTEM)
@OutputGuardrails(AnswerReader.class)
public interface ForecastNarrativeService {

    @UserMessage("""
            Describe this forecast in one or two sentences for planning, give what could make it wrong as likely
            causes, and up to three recommended actions.
            <data>
            dashboard: {facts.dashboard}
            metric: {facts.metric}
            model: {facts.model}, {facts.horizonPoints} forecast points
            forecast (time: mean, 95% interval):
            {#for m in facts.milestones}
            - {m}
            {/for}
            backtest accuracy: {facts.accuracyMetric} = {facts.accuracy}
            </data>
            """)
    AiInsight narrate(Facts.Forecast facts);
}
