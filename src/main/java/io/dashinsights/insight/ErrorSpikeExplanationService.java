package io.dashinsights.insight;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.guardrail.OutputGuardrails;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/** Explains an error-rate alert; labels, annotations and change notes in it are untrusted data. */
// No chat memory and application scope: each explanation stands alone (no earlier facts leak into the
// next prompt), and it can be called from worker and scheduler threads that have no request context.
@RegisterAiService(chatLanguageModelSupplier = AiModels.Selected.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
@ApplicationScoped
@SystemMessage(Prompts.SYSTEM)
@OutputGuardrails(AnswerReader.class)
public interface ErrorSpikeExplanationService {

    @UserMessage("""
            Explain what happened and why it probably happened in one or two sentences that state the error
            rate, give likely causes and up to three recommended actions.
            <data>
            alert: {facts.alertName}
            labels: {facts.labels}
            annotations: {facts.annotations}
            error rate {facts.errorRate} (threshold {facts.threshold}, from {facts.rateSource}) since {facts.startsAt}
            error rate around the start (bucket maxima):
            {#for p in facts.errorRateAround}
            - {p}
            {/for}
            candidate causes found by our checks, strongest first (breakdown by label, changes before the start,
            metrics that moved with it):
            {#for c in facts.likelyCauses}
            - {c}
            {/for}
            </data>
            """)
    AiInsight explain(Facts.ErrorSpike facts);
}
