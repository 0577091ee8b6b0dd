package io.dashinsights.insight;

import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import io.dashinsights.analysis.AnomalyIncidents;
import io.dashinsights.analysis.AnomalyRegion;
import io.dashinsights.domain.Unit;
import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Severity;
import io.dashinsights.analysis.TrendReport;
import io.dashinsights.capacity.Dependency;
import io.dashinsights.capacity.DependencyLimits;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Deadline;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.dashinsights.domain.Investigation;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the words around our numbers: the configured model when there is one, bounded by a timeout, one
 * retry on transient errors and a circuit breaker; the {@link TemplateWriter} from the same facts whenever
 * no model is configured, the model fails, or its answer does not pass the {@link Grounding} check. Never
 * throws for a model problem: the pipeline must not stop because a model is down.
 */
@ApplicationScoped
public class Explainer {

    private static final Logger LOG = Logger.getLogger(Explainer.class);

    private final TemplateWriter template;
    private final AiModels models;
    private final AiMetrics metrics;
    private final AnomalyExplanationService anomalies;
    private final TrendInsightService trends;
    private final ForecastNarrativeService forecasts;
    private final ErrorSpikeExplanationService errorSpikes;
    private final int maxQuoted;
    private final TypedGuard<Object> guard;
    private final Duration timeout;
    private final Duration reserve;
    private final DependencyLimits limits;

    Explainer(TemplateWriter template, AiModels models, AiMetrics metrics, AnomalyExplanationService anomalies,
              TrendInsightService trends, ForecastNarrativeService forecasts, ErrorSpikeExplanationService errorSpikes,
              InsightsConfig config, DependencyLimits limits) {
        this.template = template;
        this.limits = limits;
        this.models = models;
        this.metrics = metrics;
        this.anomalies = anomalies;
        this.trends = trends;
        this.forecasts = forecasts;
        this.errorSpikes = errorSpikes;
        InsightsConfig.Ai ai = config.ai();
        this.maxQuoted = ai.maxQuotedLength();
        this.timeout = ai.timeout();
        this.reserve = config.invoker().deadlineReserve();
        // One guard for all four services: they share one model server, so one breaker should trip for all.
        this.guard = TypedGuard.create(Object.class)
                .withTimeout().duration(ai.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withRetry().maxRetries(1).delay(250, ChronoUnit.MILLIS).whenException(Transient::retryable).done()
                .withCircuitBreaker().requestVolumeThreshold(ai.circuitWindow()).failureRatio(ai.circuitFailureRatio())
                .delay(ai.circuitDelay().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    public Explanation anomaly(String dashboardTitle, String metric, AnomalyRegion region) {
        return explain("anomaly", () -> Facts.anomaly(dashboardTitle, metric, region, maxQuoted), anomalies::explain,
                () -> template.anomaly(metric, region));
    }

    public Explanation anomalyOverview(String dashboardTitle, String metric, List<AnomalyRegion> regions,
                                       Severity severity) {
        if (regions.isEmpty()) {
            // Nothing to explain; a model could only add words we would have to check.
            return template.anomalyOverview(metric, regions, severity);
        }
        return explain("anomaly-overview", () -> Facts.anomalyOverview(dashboardTitle, metric, regions, severity, maxQuoted),
                anomalies::overview, () -> template.anomalyOverview(metric, regions, severity));
    }

    public Explanation trend(String dashboardTitle, TrendReport report, Duration window) {
        return explain("trend", () -> Facts.trend(dashboardTitle, report, window, maxQuoted), trends::explain,
                () -> template.trend(report, window));
    }

    public Explanation forecast(String dashboardTitle, ForecastReport report) {
        return explain("forecast", () -> Facts.forecast(dashboardTitle, report, maxQuoted), forecasts::narrate,
                () -> template.forecast(report));
    }

    public Explanation errorSpike(ErrorSpikeFacts facts) {
        return explain("error-spike", () -> Facts.errorSpike(facts, maxQuoted), errorSpikes::explain,
                () -> template.errorSpike(facts)).withInvestigation(facts.investigation());
    }

    /**
     * Every incident of one dashboard run, explained in one model call (so a run waits for one model timeout at
     * most); each answer is checked against its own incident's facts, and any incident without a grounded answer
     * gets the template. Same order as {@code groups}.
     */
    public List<Explanation> anomalyIncidents(String dashboardTitle, List<AnomalyIncidents.Group> groups,
                                              Map<String, Unit> units) {
        return anomalyIncidents(dashboardTitle, groups, units, List.of());
    }

    /**
     * As above, with each incident's investigation (same order): its candidate causes are facts of the prompt and
     * lines of the template, and every explanation keeps the investigation it was based on.
     */
    public List<Explanation> anomalyIncidents(String dashboardTitle, List<AnomalyIncidents.Group> groups,
                                              Map<String, Unit> units, List<Investigation> investigations) {
        List<Explanation> out = explainIncidents(dashboardTitle, groups, units, investigations);
        List<Explanation> with = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            with.add(out.get(i).withInvestigation(i < investigations.size() ? investigations.get(i) : null));
        }
        return with;
    }

    private List<Explanation> explainIncidents(String dashboardTitle, List<AnomalyIncidents.Group> groups,
                                               Map<String, Unit> units, List<Investigation> investigations) {
        List<Supplier<Explanation>> fallbacks = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            AnomalyIncidents.Group g = groups.get(i);
            Investigation inv = i < investigations.size() ? investigations.get(i) : null;
            fallbacks.add(() -> template.incident(g, units, inv));
        }
        if (groups.isEmpty() || !models.enabled()) {
            return fallbacks.stream().map(Supplier::get).toList();
        }
        long start = System.nanoTime();
        Facts.IncidentsPrompt p = Facts.anomalyIncidents(dashboardTitle, groups, units, investigations, maxQuoted);
        AiInsights answer;
        try {
            answer = limits.call(Dependency.MODEL, () -> askModel(() -> anomalies.explainIncidents(p.facts())));
        } catch (Exception e) {
            String reason = reason(e);
            LOG.warnf("anomaly-incidents explanation by %s at %s failed (%s: %s); publishing the template",
                    models.author(), models.baseUrl(), reason, rootMessage(e));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            return fallbacks.stream().map(f -> fallBack("anomaly-incident", reason, latency, f)).toList();
        }
        List<Explanation> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            AiInsight one = answer == null || answer.incidents() == null || answer.incidents().size() <= i
                    ? null : answer.incidents().get(i);
            out.add(grounded("anomaly-incident", p.groundings().get(i), one, start, fallbacks.get(i)));
        }
        return out;
    }

    /**
     * The model call under the guard. The stage's deadline (Lambda's remaining time, or the configured budget) may
     * allow less than the model timeout: then stop waiting in time to publish the template instead of losing the
     * update to the platform's timeout.
     */
    private <R> R askModel(Supplier<R> call) {
        Duration wait = Deadline.bound(timeout, reserve);
        if (wait.compareTo(timeout) >= 0) {
            return guarded(call);
        }
        try {
            return Deadline.call(wait, () -> guarded(call));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private <T> Explanation explain(String kind, Supplier<Facts.Prompt<T>> prompt, Function<T, AiInsight> ask,
                                    Supplier<Explanation> fallback) {
        if (!models.enabled()) {
            return fallback.get();
        }
        long start = System.nanoTime();
        Facts.Prompt<T> p = prompt.get();
        AiInsight answer;
        try {
            // The limit is outside the guard: waiting for a slot is our queue, not the model failing or timing out.
            answer = limits.call(Dependency.MODEL, () -> askModel(() -> ask.apply(p.facts())));
        } catch (Exception e) {
            String reason = reason(e);
            // URL, status and body say what went wrong; the key is never part of them.
            LOG.warnf("%s explanation by %s at %s failed (%s: %s); publishing the template", kind, models.author(),
                    models.baseUrl(), reason, rootMessage(e));
            return fallBack(kind, reason, Duration.ofNanos(System.nanoTime() - start), fallback);
        }
        return grounded(kind, p.grounding(), answer, start, fallback);
    }

    /** The answer after the number check, or the template when nothing grounded is left. */
    private Explanation grounded(String kind, Grounding grounding, AiInsight answer, long start,
                                 Supplier<Explanation> fallback) {
        Optional<Grounding.Cleaned> cleaned = answer == null ? Optional.empty() : grounding.check(answer);
        if (cleaned.isEmpty()) {
            LOG.warnf("%s explanation by %s was empty, ungrounded or contradicted the analysis; publishing the template",
                    kind, models.author());
            return fallBack(kind, answer == null || answer.summary() == null || answer.summary().isBlank()
                    ? "empty" : "ungrounded", Duration.ofNanos(System.nanoTime() - start), fallback);
        }
        Grounding.Cleaned c = cleaned.get();
        metrics.explanation(kind, c.dropped() ? "cleaned" : "published", Duration.ofNanos(System.nanoTime() - start));
        return new Explanation(c.summary(), c.likelyCauses(), c.recommendedActions(), models.author(),
                c.confidence() == null ? null : c.confidence().name().toLowerCase(Locale.ROOT));
    }

    /**
     * One model call through the guard, inside a slot of insights.limits.model (taken outside the guard: waiting
     * for a slot is our queue, not the model failing or timing out).
     */
    @SuppressWarnings("unchecked")
    private <R> R guarded(Supplier<R> call) {
        try {
            return (R) guard.call(call::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private Explanation fallBack(String kind, String reason, Duration latency, Supplier<Explanation> fallback) {
        metrics.explanation(kind, "fallback", latency);
        metrics.fallback(kind, reason);
        return fallback.get();
    }

    private static String reason(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit-open";
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Deadline.Exceeded) {
                return "deadline";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AnswerReader.UnusableAnswer u) {
                return u.reason();
            }
            if (t instanceof ContentFilteredException) {
                // OpenAI-compatible servers put a refusal in message.refusal; LangChain4j raises it as this.
                return "refused";
            }
        }
        return Transient.isTimeout(e) ? "timeout" : Transient.isMalformed(e) ? "malformed" : "error";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t instanceof HttpException) {
                break;
            }
        }
        String m = t instanceof HttpException h ? "HTTP " + h.statusCode() + ": " + h.getMessage()
                : t == e ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + " ← " + t.getClass().getSimpleName() + ": " + t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
