package io.dashinsights.insight;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.guardrail.OutputGuardrails;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/** Explains detected anomalies; the model is the one chosen by {@code insights.ai.provider}. */
// No chat memory and application scope: each explanation stands alone (no earlier facts leak into the
// next prompt), and it can be called from worker and scheduler threads that have no request context.
@RegisterAiService(chatLanguageModelSupplier = AiModels.Selected.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
@ApplicationScoped
@SystemMessage(Prompts.SYSTEM)
public interface AnomalyExplanationService {

    @UserMessage("""
            Explain this anomaly in one or two sentences, give likely causes and up to three recommended actions.
            <data>
            dashboard: {facts.dashboard}
            metric: {facts.metric}
            anomalous from {facts.start} to {facts.end}
            peak {facts.peakValue} at {facts.peakTime}; expected {facts.expected} (deviation {facts.deviation})
            anomaly score {facts.score} (0 to 1)
            severity: {facts.severity}
            </data>
            """)
    @OutputGuardrails(AnswerReader.class)
    AiInsight explain(Facts.Anomaly facts);

    @UserMessage("""
            Summarise the anomalies of this metric in one or two sentences, give likely causes and up to three
            recommended actions.
            <data>
            dashboard: {facts.dashboard}
            metric: {facts.metric}
            anomalies: {facts.count}, highest severity {facts.severity}
            largest ones:
            {#for r in facts.regions}
            - {r}
            {/for}
            </data>
            """)
    @OutputGuardrails(AnswerReader.class)
    AiInsight overview(Facts.AnomalyOverview facts);

    @UserMessage("""
            Explain each incident of this dashboard in one or two sentences: what happened and what it probably
            means. Give likely causes and up to three things to check per incident. The reader sees each incident's
            numbers next to your words, so do not repeat them. Answer with one entry in "incidents" per incident, in
            the order given.
            <data>
            dashboard: {facts.dashboard}
            {#for i in facts.incidents}
            incident {i.number}: {i.state}, {i.from} to {i.to} ({i.minutes} minutes), severity {i.severity}
            {#for m in i.metrics}
            - {m}
            {/for}
            {#if i.causes}
            candidate causes found by our checks, strongest first:
            {#for c in i.causes}
            - {c}
            {/for}
            {/if}
            {/for}
            </data>
            """)
    @OutputGuardrails(AnswerReader.ForIncidents.class)
    AiInsights explainIncidents(Facts.Incidents facts);
}
