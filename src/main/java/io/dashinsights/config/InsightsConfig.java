package io.dashinsights.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of dashboard-insights, under the {@code insights.} prefix (env {@code INSIGHTS_…}). Modes are enums
 * and numbers carry Bean Validation constraints: with quarkus-hibernate-validator present Quarkus validates the
 * mapping at startup, so a wrong value stops the app with the key, the value and what is allowed, instead of
 * failing (or silently misbehaving) at run time.
 */
@ConfigMapping(prefix = "insights")
public interface InsightsConfig {

    Dashboards dashboards();

    Schedule schedule();

    Invoker invoker();

    Prometheus prometheus();

    Grafana grafana();

    Ai ai();

    Alerts alerts();

    Console console();

    Investigation investigation();

    Limits limits();

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

        /** Most dashboards one trigger run claims, in one statement. */
        @WithDefault("1000")
        @Positive
        int batchSize();

        /**
         * Dashboards in flight at once in one trigger run, each on a virtual thread: waiting on Prometheus,
         * Grafana or the model holds no platform thread. What reaches each dependency is bounded separately
         * by {@code insights.limits.*}; the analysis runs on a pool sized to the cores.
         */
        @WithDefault("64")
        @Positive
        int concurrency();

        /** First wait after a failed update; doubles per consecutive failure. */
        @WithDefault("1m")
        Duration backoff();

        /** Longest wait after repeated failures. */
        @WithDefault("1h")
        Duration maxBackoff();
    }

    interface Invoker {
        /** How a stage hands an envelope to the next one. */
        enum Kind {
            /** One process runs every stage (default, dev mode). */
            IN_PROCESS,
            /** POST to the next function's URL and wait for its answer (not the default of any deployment). */
            HTTP,
            /** Binary-mode CloudEvent to the Knative sink ({@code K_SINK}); Triggers route it by type. */
            BROKER,
            /** One SQS message per envelope to the next function's queue (-Plambda build). */
            SQS
        }

        /** {@code in-process}, {@code http}, {@code broker} or {@code sqs} (env INSIGHTS_INVOKER). */
        @WithParentName
        @WithDefault("in-process")
        Kind kind();

        /**
         * Base URL of the deployed functions for the http invoker ({@code <base-url>/<function>}); a URL containing
         * {@code {function}} is a per-function template instead (one host per function: Knative, Cloud Run).
         */
        Optional<String> baseUrl();

        /** How function endpoints check their callers. */
        enum Auth {
            /** {@code Authorization: Bearer <insights.invoker.token>}; production refuses to start without the token. */
            TOKEN,
            /**
             * {@code Authorization: Bearer <OIDC token>} signed by the configured issuer, for the configured audience,
             * from one of the configured subjects: what a Knative Broker or source with sender identity
             * ({@code authentication-oidc}) and Cloud Scheduler's OIDC tokens send. No shared secret to distribute.
             */
            OIDC,
            /** Anyone who reaches the port (cluster-local behind a NetworkPolicy); logged as a warning at startup. */
            NONE
        }

        /**
         * {@code token} (default), {@code oidc} or {@code none} (INSIGHTS_INVOKER_AUTH). Applies to trigger-on-schedule, prepare-*
         * and push-grafana; on-webhook-error-alert checks its senders with {@code insights.alerts.auth}.
         */
        @WithDefault("token")
        Auth auth();

        /**
         * Shared secret every caller of a function presents as {@code Authorization: Bearer …}, and the http
         * invoker sends (INSIGHTS_INVOKER_TOKEN). Required in production with auth=token; from the environment only.
         */
        Optional<String> token();

        /** The token issuer trusted by {@code auth=oidc}; every setting is required in that mode. */
        Oidc oidc();

        interface Oidc {
            /**
             * The {@code iss} a token must carry (INSIGHTS_INVOKER_OIDC_ISSUER): the cluster's service-account
             * issuer for Knative (e.g. {@code https://kubernetes.default.svc.cluster.local}), {@code
             * https://accounts.google.com} for Cloud Scheduler.
             */
            Optional<String> issuer();

            /**
             * Where the issuer publishes its signing keys (INSIGHTS_INVOKER_OIDC_JWKS_URL), e.g. {@code
             * https://kubernetes.default.svc/openid/v1/jwks} or {@code https://www.googleapis.com/oauth2/v3/certs}.
             */
            Optional<String> jwksUrl();

            /** The {@code aud} a token must be issued for (INSIGHTS_INVOKER_OIDC_AUDIENCE): this service's audience. */
            Optional<String> audience();

            /**
             * Who may call (INSIGHTS_INVOKER_OIDC_SUBJECTS, comma-separated), matched against the token's {@code sub}
             * or {@code email}: any workload can get a token for any audience from its own identity, so the audience
             * alone would let every pod of the cluster in. E.g. {@code
             * system:serviceaccount:insights:oidc-insights-broker}, or the scheduler's service account e-mail.
             */
            Optional<List<String>> subjects();
        }

        /**
         * Functions this deployment answers over HTTP (INSIGHTS_INVOKER_SERVE, comma-separated); others are a 404.
         * Default: all six (one process). Set it to the one function of a per-function deployment (Knative Service,
         * Cloud Run service), so the public webhook service cannot be used to reach push-grafana.
         */
        Optional<List<String>> serve();

        /** Timeout of one HTTP invocation, or of handing one event to the broker or queue. */
        @WithDefault("60s")
        Duration timeout();

        /** Where the broker invoker sends events; a SinkBinding injects it as {@code K_SINK} (application.properties). */
        Optional<String> sink();

        /**
         * The sqs invoker's queue URL up to the function name: the queue of {@code prepare-anomaly} is
         * {@code <prefix>prepare-anomaly} (serverless.yml names its queues so).
         */
        Optional<String> queueUrlPrefix();

        /** SQS endpoint instead of AWS's own (an SQS-compatible server such as ElasticMQ; local and test runs). */
        Optional<String> sqsEndpoint();

        /**
         * How long one stage may take where the platform does not say how long it has left (Knative: the
         * Trigger's delivery timeout). Lambda tells each invocation its remaining time; without either there is
         * no deadline (in-process, as before).
         */
        Optional<Duration> stageBudget();

        /** Time kept back from the deadline to publish the template result and push it after giving up waiting. */
        @WithDefault("5s")
        Duration deadlineReserve();
    }

    interface Prometheus {
        /** Prometheus base URL; without it a built-in demo source produces deterministic series. */
        Optional<String> url();

        /** Points requested per series (Prometheus allows at most 11,000). */
        @WithDefault("1440")
        @Positive
        @Max(11_000)
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

        /**
         * How long Grafana's answer to "does this dashboard UID exist" is kept. Annotations for a UID Grafana does
         * not have are not posted (Grafana would store them org-wide), so the check runs before posting.
         */
        @WithDefault("5m")
        Duration dashboardCache();
    }

    interface Ai {
        /** Who writes explanations. */
        enum Provider {
            /** An Ollama server ({@code /api/chat}). */
            OLLAMA,
            /** Any OpenAI-compatible chat completions server (vLLM, llama.cpp, OpenAI). */
            OPENAI,
            /** No model: the template writes every explanation. */
            NONE
        }

        /** {@code ollama}, {@code openai} or {@code none} (INSIGHTS_AI_PROVIDER); anything else refuses startup. */
        @WithDefault("none")
        Provider provider();

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
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        double circuitFailureRatio();

        /** Calls the circuit breaker looks at. */
        @WithDefault("4")
        @Positive
        int circuitWindow();

        /** How long the model is skipped once the circuit is open. */
        @WithDefault("60s")
        Duration circuitDelay();

        /** Longest quoted text (label value, title, annotation) put into a prompt, in characters. */
        @WithDefault("200")
        @Positive
        int maxQuotedLength();

        /**
         * How the answer's shape is asked of the server: {@code json-schema} (the answer record's schema: Ollama
         * {@code format}, OpenAI {@code response_format} json_schema, strict), {@code json-object} (any JSON
         * object) or {@code prompt} (described in the prompt only). A server that refuses a format is asked with
         * the next one from then on.
         */
        @WithDefault("json-schema")
        AnswerFormat responseFormat();

        /**
         * Early re-runs of a dashboard whose annotations went out with the template because the model was down,
         * slow or its answers were dropped; each asks the model again and updates the same annotations. 0: none.
         */
        @WithDefault("3")
        @PositiveOrZero
        int explainAgainAttempts();

        /** Wait before the first early re-run; the n-th waits n times this, never past the dashboard's refresh. */
        @WithDefault("2m")
        Duration explainAgainDelay();
    }

    /** Ways to ask a model server for the answer's JSON shape, strongest first. */
    enum AnswerFormat {
        JSON_SCHEMA, JSON_OBJECT, PROMPT
    }

    /** on-webhook-error-alert: sender verification, the error-rate check and the context of an explanation. */
    interface Alerts {
        /** How webhook senders prove who they are. */
        enum Auth {
            /** Anyone (dev only; logged as a warning). */
            NONE,
            /** {@code Authorization: Basic} with insights.alerts.username/password. */
            BASIC,
            /** {@code Authorization: Bearer} with insights.alerts.token. */
            BEARER,
            /** Grafana's HMAC-SHA256 signature of the body with insights.alerts.hmac-secret. */
            HMAC
        }

        /**
         * {@code none} (dev only), {@code basic}, {@code bearer} or {@code hmac} (env INSIGHTS_ALERTS_AUTH); anything
         * else refuses startup. A mode whose secret is not configured refuses every delivery.
         */
        @WithDefault("bearer")
        Auth auth();

        /** Basic-auth user name (INSIGHTS_ALERTS_USERNAME). */
        Optional<String> username();

        /** Basic-auth password (INSIGHTS_ALERTS_PASSWORD); from the environment only. */
        Optional<String> password();

        /** Bearer token senders put in {@code Authorization: Bearer …} (INSIGHTS_ALERTS_TOKEN). */
        Optional<String> token();

        /** Shared secret of Grafana's HMAC-SHA256 signature (INSIGHTS_ALERTS_HMAC_SECRET). */
        Optional<String> hmacSecret();

        /** Header carrying the unix-seconds timestamp signed with the body; none by default, as in Grafana. */
        Optional<String> hmacTimestampHeader();

        /** Header carrying the signature. */
        @WithDefault("X-Grafana-Alerting-Signature")
        @NotBlank
        String hmacSignatureHeader();

        /** How far a signed timestamp may be from our clock before the delivery is refused as a replay. */
        @WithDefault("5m")
        Duration replayWindow();

        /**
         * Largest webhook body accepted, in bytes (the HTTP layer also caps bodies at quarkus.http.limits). Grafana
         * does not truncate groups by default and never retries a refusal, so this is a guard against abuse, sized
         * for thousands of alerts; {@link #maxAlerts()} bounds the work.
         */
        @WithDefault("16777216")
        @Positive
        int maxBodyBytes();

        /** Alerts processed from one delivery; the rest are recorded as truncated (shown in /api/alerts), not refused. */
        @WithDefault("1000")
        @Positive
        int maxAlerts();

        /** Error ratio above which the panel is annotated (0.05 = 5 %); at or below it the alert is skipped. */
        @WithDefault("0.05")
        @DecimalMin("0")
        @DecimalMax("1")
        double threshold();

        /**
         * PromQL of the error ratio, evaluated at the alert's startsAt when the payload carries no value.
         * {@code $labels} becomes matchers for {@link #matchLabels()} present on the alert
         * ({@code service="checkout"}), {@code $labels.<name>} one label's value.
         */
        @WithDefault("sum(rate(http_requests_total{status=~\"5..\",$labels}[5m])) / sum(rate(http_requests_total{$labels}[5m]))")
        @NotBlank
        String errorRateQuery();

        /** Alert labels that {@code $labels} turns into matchers. */
        @WithDefault("service")
        List<String> matchLabels();

        /** refIds of a Grafana payload's {@code values} that hold the error ratio, first present wins. */
        @WithDefault("A,B")
        List<String> valueRefs();

        /** Error-ratio history fetched before (and, when it exists, after) startsAt. */
        @WithDefault("30m")
        Duration seriesWindow();

        /** Dashboard for a dashboard-wide annotation when neither the alert nor alert_routes name one. */
        Optional<String> dashboardUid();

        /** Attempts at processing a recorded alert group before it is marked failed. */
        @WithDefault("10")
        @Positive
        int maxAttempts();

        /** Wait before processing a group again after a failure (doubles per attempt, capped by schedule.max-backoff). */
        @WithDefault("30s")
        Duration retryDelay();

        /** Alert groups explained at once; different groups wait on a slow model side by side. */
        @WithDefault("8")
        @Positive
        int workers();

        /**
         * How long the processing of a recorded group waits while webhook deliveries keep arriving (a burst), so the
         * answers to the senders get the CPU first; after this it goes ahead anyway, so in a storm that goes on each
         * worker lane still takes a group at least this often. A few seconds are nothing next to Grafana's own
         * group_wait (30 s) and a model's answer time. {@code 0s}: never wait.
         */
        @WithDefault("5s")
        Duration yieldToIntake();

        /**
         * Deliveries this instance sends itself at startup, once its HTTP server listens and before it reports ready,
         * through the whole webhook path (HTTP, sender verification with the configured credentials, binding, parsing,
         * the store's INSERT, rolled back, the answer) so the first alert storm meets compiled code instead of the interpreter and
         * a JIT compiling on the same cores. Nothing is recorded, processed or pushed for them. {@code 0}: none.
         */
        @WithDefault("300")
        @PositiveOrZero
        int primeDeliveries();

        /** How often this process looks for recorded alerts left unprocessed (e.g. by a crash). */
        @WithDefault("30s")
        String sweepEvery();
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

    /**
     * How much this process asks of each shared dependency at once, across every stage and the webhook worker,
     * so a big trigger cycle cannot flood a shared Prometheus, Grafana or model server. Callers beyond a limit
     * wait for a free slot (at most {@code max-wait}, then the call fails as busy).
     */
    interface Limits {
        /** Prometheus requests in flight at once. */
        @WithDefault("32")
        @Positive
        int prometheus();

        /** Grafana requests in flight at once. */
        @WithDefault("32")
        @Positive
        int grafana();

        /** Model (LLM) calls in flight at once. */
        @WithDefault("8")
        @Positive
        int model();

        /** Longest wait for a free slot before a call fails as busy (as long as a dashboard's lease by default). */
        @WithDefault("5m")
        Duration maxWait();

        /** Threads for CPU-bound analysis (anomaly, trend, forecast); 0 means one per core. */
        @WithDefault("0")
        @PositiveOrZero
        int analysisThreads();
    }

    /**
     * The checks run before an incident is explained (breakdown, changes, co-moving metrics, saturation). Each is
     * optional: a source that fails or is not configured only removes its part.
     */
    interface Investigation {
        /** Whether incidents are investigated before they are explained. */
        @WithDefault("true")
        boolean enabled();

        /** Longest time all checks of one incident take together; what is not done by then is left out. */
        @WithDefault("4s")
        Duration timeout();

        /** Most Prometheus and Grafana requests one investigation sends. */
        @WithDefault("24")
        @PositiveOrZero
        int maxQueries();

        /** Shortest baseline before the incident that its levels are compared with. */
        @WithDefault("1h")
        Duration baseline();

        /** Labels the breakdown may use; empty = every label the query's series carry (minus the excluded). */
        Optional<List<String>> breakdownInclude();

        /** Labels never used for a breakdown (histogram buckets, quantiles). */
        @WithDefault("le,quantile")
        List<String> breakdownExclude();

        /**
         * Labels that describe the deviation rather than locate it (status codes): still shown, ranked below a
         * route or a pod that carries the same share.
         */
        @WithDefault("status,code,status_code")
        List<String> breakdownDescriptive();

        /** Most labels one breakdown tries (two queries each), preferring the ones listed in breakdown-include. */
        @WithDefault("4")
        @PositiveOrZero
        int breakdownLabels();

        /** Tags of Grafana annotations that mark a deploy or a config change (any of them counts). */
        @WithDefault("deploy,release,change,config")
        List<String> changeTags();

        /** How far before the incident a change counts. */
        @WithDefault("2h")
        Duration changeLookback();

        /**
         * How long the change signals looked up for one window (each change query, a dashboard's change annotations)
         * answer the same look-up again instead of asking Prometheus or Grafana anew. Incidents that start at the same
         * step (many dashboards of one cycle in an incident storm; several panels of one Grafana dashboard) ask for
         * exactly the same windows: one request serves them all, and identical look-ups in flight at once wait for
         * the first. A failed look-up is not kept. A change recorded within this time after a look-up shows from the
         * next window on. {@code 0s} asks every time.
         */
        @WithDefault("60s")
        Duration changeCache();

        /**
         * Change signals in Prometheus, name → PromQL: a value change or a series that appears marks a change
         * (a restart, a new build, a new deployment generation). Defaults in application.properties.
         */
        Map<String, String> changeQueries();

        /** Labels that identify a service: a change signal whose value for one of them differs is another service's. */
        @WithDefault("job,service,namespace,app,deployment")
        List<String> scopeLabels();

        /** Queries compared in every investigation besides the dashboard's own, name → PromQL ($labels allowed). */
        Map<String, String> related();

        /** CPU, memory or queue queries for the service, name → PromQL ($labels allowed); none by default. */
        Map<String, String> saturation();

        /** Robust z-score from which another metric counts as moving with the incident. */
        @WithDefault("3")
        @Positive
        double coMovingZ();
    }
}
