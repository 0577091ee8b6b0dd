package io.dashinsights.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of dashboard-insights, under the {@code insights.} prefix (env {@code INSIGHTS_…}). */
@ConfigMapping(prefix = "insights")
public interface InsightsConfig {

    Dashboards dashboards();

    Schedule schedule();

    Invoker invoker();

    Prometheus prometheus();

    Grafana grafana();

    Ai ai();

    Console console();

    interface Dashboards {
        /** Seed-format dashboard_config.json to upsert at startup: a file path, or {@code classpath:…}. */
        @WithName("import")
        Optional<String> importLocation();
    }

    interface Schedule {
        /** Whether the in-process Quarkus Scheduler drives trigger-on-schedule (false in serverless builds). */
        @WithDefault("true")
        boolean enabled();

        /** How often the in-process scheduler runs the trigger. */
        @WithDefault("60s")
        String every();

        /** Wait after startup before the first in-process run. */
        @WithDefault("3s")
        String initialDelay();

        /** How long a claimed dashboard stays leased; a crashed instance's lease expires after this. */
        @WithDefault("5m")
        Duration lease();

        /** Most dashboards one trigger run claims. */
        @WithDefault("200")
        int batchSize();

        /**
         * Dashboards processed at once by one trigger run. The work is mostly waiting on Prometheus and
         * Grafana, so more than the core count pays; bounded because both are shared.
         */
        @WithDefault("8")
        int concurrency();

        /** First wait after a failed update; doubles per consecutive failure. */
        @WithDefault("1m")
        Duration backoff();

        /** Longest wait after repeated failures. */
        @WithDefault("1h")
        Duration maxBackoff();
    }

    interface Invoker {
        /** How a stage hands an envelope to the next one: {@code in-process} or {@code http}. */
        @WithParentName
        @WithDefault("in-process")
        String kind();

        /** Base URL of the deployed functions for the http invoker ({@code <base-url>/<function>}). */
        Optional<String> baseUrl();

        /** Timeout of one HTTP invocation. */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Prometheus {
        /** Prometheus base URL; without it a built-in demo source produces deterministic series. */
        Optional<String> url();

        /** Points requested per series (Prometheus allows at most 11,000). */
        @WithDefault("1440")
        int targetPoints();
    }

    interface Grafana {
        /** Grafana base URL; without it pushes go to a local sink in the store. */
        Optional<String> url();

        /** Service-account token, sent as a bearer token. From the environment only. */
        Optional<String> token();

        /** Tags put on every annotation we create, so we can find ours again. */
        @WithDefault("dashboard-insights")
        List<String> tags();
    }

    interface Ai {
        /** Who writes explanations: {@code ollama}, {@code openai} (any OpenAI-compatible server) or {@code none} (template). */
        @WithDefault("none")
        String provider();

        /** Model server base URL; default per provider: http://localhost:11434 (Ollama), http://localhost:8000/v1 (OpenAI-compatible). */
        Optional<String> baseUrl();

        /** Model name sent to the server; also published in the {@code ai:<model>} tag. */
        @WithDefault("llama3")
        String model();

        /** API key for OpenAI-compatible servers that need one. From the environment only; never logged. */
        Optional<String> apiKey();

        /** Longest wait for one model answer; then the template explanation is published. */
        @WithDefault("20s")
        Duration timeout();

        /** Failed calls among the last {@code circuit-window} after which the model is skipped for {@code circuit-delay}. */
        @WithDefault("0.5")
        double circuitFailureRatio();

        /** Calls the circuit breaker looks at. */
        @WithDefault("4")
        int circuitWindow();

        /** How long the model is skipped once the circuit is open. */
        @WithDefault("60s")
        Duration circuitDelay();

        /** Longest quoted text (label value, title, annotation) put into a prompt, in characters. */
        @WithDefault("200")
        int maxQuotedLength();
    }

    interface Console {
        /** Who may open the operator console. */
        enum Auth { NONE, BASIC, BEARER }

        /** {@code none} (local dev), {@code basic} (username + password) or {@code bearer} (token). */
        @WithDefault("none")
        Auth auth();

        /** User name for basic auth. */
        Optional<String> username();

        /** Password for basic auth. From the environment only. */
        Optional<String> password();

        /** Token for bearer auth (for a proxy or script in front of the console). From the environment only. */
        Optional<String> token();

        /** Whether the console only shows, without "run now". On in the prod profile (application.properties). */
        @WithDefault("false")
        boolean readOnly();

        /**
         * Key that signs the run-now forms. Without it each process picks a random one; set it when several
         * instances serve the console behind one address, so a form from one is accepted by the others.
         */
        Optional<String> formKey();
    }
}
