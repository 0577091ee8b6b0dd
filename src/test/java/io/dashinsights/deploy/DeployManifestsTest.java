package io.dashinsights.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.dashboard.DashboardConfigParser;
import io.dashinsights.domain.GrafanaTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.dashinsights.deploy.Manifests.ROOT;
import static io.dashinsights.deploy.Manifests.fieldNames;
import static io.dashinsights.deploy.Manifests.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy artefacts name the functions, handlers, event types and settings the app really has, and hold no
 * secret. Each check reads the artefact with a YAML/JSON parser, as the deploying tool would.
 */
class DeployManifestsTest {

    private static final String LAMBDA_RUNTIME_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** {@code ${ssm:/path}}, where the path may use {@code ${self:…}} variables and an optional secret may default to ''. */
    private static final Pattern SSM_REFERENCE = Pattern.compile("\\$\\{ssm:(?:\\$\\{[^}]+}|[^}$])+(?:, '')?}");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{?[A-Z_][A-Z0-9_]*}?.*");

    private final JsonNode serverless = Manifests.yaml("serverless.yml");

    @Test
    void serverlessDeploysExactlyTheSixFunctionsEachWithItsOwnHandlerAndLimits() {
        JsonNode functions = serverless.path("functions");
        assertThat(fieldNames(functions)).containsExactlyInAnyOrderElementsOf(Functions.ALL);
        functions.fields().forEachRemaining(f -> {
            JsonNode fn = f.getValue();
            assertThat(fn.path("handler").asText()).as(f.getKey()).isEqualTo(LAMBDA_RUNTIME_HANDLER);
            assertThat(fn.path("environment").path("QUARKUS_LAMBDA_HANDLER").asText()).as(f.getKey())
                    .isEqualTo(f.getKey());
            assertThat(fn.path("memorySize").asInt()).as(f.getKey() + " memory").isBetween(512, 10240);
            assertThat(fn.path("timeout").asInt()).as(f.getKey() + " timeout").isBetween(10, 900);
        });
        assertThat(serverless.path("package").path("artifact").asText()).isEqualTo("target/function.zip");
        assertThat(serverless.path("provider").path("name").asText()).isEqualTo("aws");
    }

    @Test
    void everyLambdaHandlerNameHasAHandlerClassInTheLambdaSources() throws IOException {
        // The classes compile only under -Plambda; here we read which @Named handlers the sources declare.
        Pattern named = Pattern.compile("@Named\\(Functions\\.(\\w+)\\)\\s+public class (\\w+) implements RequestHandler");
        Map<String, String> handlers = new HashMap<>();
        try (Stream<java.nio.file.Path> files = Files.list(ROOT.resolve("src/lambda/java/io/dashinsights/lambda"))) {
            for (java.nio.file.Path file : files.toList()) {
                Matcher m = named.matcher(Files.readString(file));
                while (m.find()) {
                    handlers.put(functionConstant(m.group(1)), m.group(2));
                }
            }
        }
        assertThat(handlers.keySet()).containsExactlyInAnyOrderElementsOf(Functions.ALL);
    }

    @Test
    void serverlessTriggersMatchWhatEachFunctionTakes() {
        JsonNode functions = serverless.path("functions");
        JsonNode schedule = functions.path(Functions.TRIGGER).path("events").get(0).path("schedule");
        assertThat(schedule.path("rate").asText()).isEqualTo("${self:custom.schedule}");
        assertThat(serverless.path("custom").path("schedule").asText()).contains("rate(1 minute)");
        // Only the webhook is an HTTP endpoint: stages reach each other through their queues, not API Gateway.
        for (String fn : Functions.ALL) {
            List<String> http = new java.util.ArrayList<>();
            functions.path(fn).path("events").forEach(e -> {
                if (e.has("httpApi")) {
                    http.add(e.path("httpApi").path("method").asText() + " " + e.path("httpApi").path("path").asText());
                }
            });
            assertThat(http).as(fn).isEqualTo(fn.equals(Functions.WEBHOOK_ERROR_ALERT) ? List.of("POST /" + fn) : List.of());
        }
        assertThat(serverless.path("provider").path("environment").path("INSIGHTS_SCHEDULE_ENABLED").asText())
                .isEqualTo("false");
        assertThat(serverless.path("provider").path("environment").path("INSIGHTS_INVOKER").asText()).isEqualTo("sqs");
    }

    @Test
    void everyConsumingFunctionReadsItsOwnQueueInBatchesWithADeadLetterQueueAndAVisibilityAboveItsTimeout() {
        JsonNode functions = serverless.path("functions");
        JsonNode resources = serverless.path("resources").path("Resources");
        String prefix = serverless.path("custom").path("queuePrefix").asText();
        assertThat(prefix).isEqualTo("${self:service}-${sls:stage}-");
        JsonNode queuePrefixEnv = serverless.path("provider").path("environment").path("INSIGHTS_INVOKER_QUEUE_URL_PREFIX");
        assertThat(queuePrefixEnv.toString()).as("the invoker finds <prefix><function>").contains("/${self:custom.queuePrefix}");
        Set<String> sendable = new TreeSet<>();
        serverless.path("provider").path("iam").path("role").path("statements").forEach(st -> {
            if (st.path("Action").toString().contains("sqs:SendMessage")) {
                st.path("Resource").forEach(r -> sendable.add(r.path("Fn::GetAtt").get(0).asText()));
            }
        });
        for (String fn : List.of(Functions.PREPARE_ANOMALY, Functions.PREPARE_TREND, Functions.PREPARE_FORECAST,
                Functions.PUSH_GRAFANA, Functions.WEBHOOK_ERROR_ALERT)) {
            JsonNode sqs = StreamSupport.stream(functions.path(fn).path("events").spliterator(), false)
                    .filter(e -> e.has("sqs")).findFirst().map(e -> e.path("sqs")).orElse(null);
            assertThat(sqs).as(fn + " consumes a queue").isNotNull();
            assertThat(sqs.path("functionResponseType").asText()).as(fn).isEqualTo("ReportBatchItemFailures");
            assertThat(sqs.path("batchSize").asInt()).as(fn).isBetween(1, 10);
            String queueId = sqs.path("arn").path("Fn::GetAtt").get(0).asText();
            JsonNode queue = resources.path(queueId);
            assertThat(queue.path("Type").asText()).as(queueId).isEqualTo("AWS::SQS::Queue");
            assertThat(queue.path("Properties").path("QueueName").asText()).as(queueId)
                    .isEqualTo("${self:custom.queuePrefix}" + fn);
            assertThat(queue.path("Properties").path("VisibilityTimeout").asInt()).as(queueId + " visibility")
                    .isGreaterThan(functions.path(fn).path("timeout").asInt());
            JsonNode redrive = queue.path("Properties").path("RedrivePolicy");
            assertThat(redrive.path("maxReceiveCount").asText()).isEqualTo("${self:custom.maxReceiveCount}");
            String dlqId = redrive.path("deadLetterTargetArn").path("Fn::GetAtt").get(0).asText();
            assertThat(resources.path(dlqId).path("Type").asText()).as(dlqId).isEqualTo("AWS::SQS::Queue");
            assertThat(dlqId).isNotEqualTo(queueId);
            assertThat(sendable).as("functions may send to " + queueId).contains(queueId);
        }
        assertThat(serverless.path("custom").path("maxReceiveCount").asInt()).isBetween(2, 10);
    }

    @Test
    void serverlessSetsOnlySettingsTheAppReadsAndTakesEverySecretFromSsm() {
        Map<String, String> env = new HashMap<>(fields(serverless.path("provider").path("environment")));
        serverless.path("functions").forEach(fn -> env.putAll(fields(fn.path("environment"))));

        assertThat(Manifests.undeclared(env.keySet())).as(Manifests.UNDECLARED).isEmpty();
        assertThat(env).allSatisfy((key, value) -> {
            if (Manifests.SECRET_NAME.matcher(key).matches()) {
                assertThat(value).as(key + " must be an SSM reference").matches(SSM_REFERENCE);
            }
        });
        assertThat(env).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "INSIGHTS_GRAFANA_URL", "INSIGHTS_GRAFANA_TOKEN",
                "INSIGHTS_PROMETHEUS_URL", "INSIGHTS_INVOKER_QUEUE_URL_PREFIX");
        assertThat(env).as("no HTTP invoker between stages").doesNotContainKey("INSIGHTS_INVOKER_BASE_URL");
    }

    @Test
    void knativeRunsEachFunctionAsItsOwnServiceWithConfigFromConfigMapAndSecret() {
        List<JsonNode> services = Manifests.ofKind(Manifests.documents("deploy/knative/services.yaml"), "Service");
        assertThat(services).extracting(s -> s.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(Functions.ALL);
        List<JsonNode> config = Manifests.documents("deploy/knative/config.yaml");
        JsonNode configMap = Manifests.ofKind(config, "ConfigMap").get(0);
        assertThat(Manifests.ofKind(config, "Secret")).as("secrets are created by the operator, not shipped").isEmpty();
        for (JsonNode service : services) {
            JsonNode container = service.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(container.path("envFrom").findValuesAsText("name")).as(service.path("metadata").path("name").asText())
                    .containsExactlyInAnyOrder(configMap.path("metadata").path("name").asText(), "dashboard-insights-secrets");
            boolean local = "cluster-local".equals(service.path("metadata").path("labels")
                    .path("networking.knative.dev/visibility").asText());
            assertThat(local).as("only the webhook is reachable from outside: " + service.path("metadata").path("name"))
                    .isEqualTo(!service.path("metadata").path("name").asText().equals(Functions.WEBHOOK_ERROR_ALERT));
        }
        Map<String, String> env = fields(configMap.path("data"));
        assertThat(Manifests.undeclared(env.keySet())).as(Manifests.UNDECLARED).isEmpty();
        assertThat(env.keySet()).as("secrets belong in the Secret").noneMatch(k -> Manifests.SECRET_NAME.matcher(k).matches());
        assertThat(env).containsEntry("INSIGHTS_SCHEDULE_ENABLED", "false").containsEntry("INSIGHTS_INVOKER", "broker")
                .containsKey("INSIGHTS_INVOKER_STAGE_BUDGET").doesNotContainKey("INSIGHTS_INVOKER_BASE_URL");
    }

    @Test
    void knativeTriggersRouteEachFunctionsEventTypeAsTheAppMapsIt() throws IOException {
        Properties mapping = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("src/knative/resources/META-INF/microprofile-config.properties"))) {
            mapping.load(in);
        }
        List<JsonNode> eventing = Manifests.documents("deploy/knative/eventing.yaml");
        List<JsonNode> triggers = Manifests.ofKind(eventing, "Trigger");
        assertThat(triggers).extracting(t -> t.path("spec").path("subscriber").path("ref").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(Functions.ALL);
        for (JsonNode trigger : triggers) {
            String fn = trigger.path("spec").path("subscriber").path("ref").path("name").asText();
            String type = trigger.path("spec").path("filter").path("attributes").path("type").asText();
            assertThat(type).as(fn).isEqualTo(mapping.getProperty("quarkus.funqy.knative-events.mapping." + fn + ".trigger"));
            if (!fn.equals(Functions.TRIGGER)) {
                assertThat(type).as(fn + " takes its envelope's type").isEqualTo(Envelope.typeOf(fn));
            }
        }
        for (JsonNode trigger : triggers) {
            JsonNode delivery = trigger.path("spec").path("delivery");
            assertThat(delivery.path("retry").asInt()).as("retried on 5xx").isPositive();
            assertThat(delivery.path("deadLetterSink").path("ref").path("name").asText()).as("dead-lettered")
                    .isEqualTo("insights-dead-letters");
        }
        assertThat(Manifests.ofKind(eventing, "Service")).extracting(s -> s.path("metadata").path("name").asText())
                .contains("insights-dead-letters");
        // The functions that hand work on get K_SINK pointed at the Broker.
        assertThat(Manifests.ofKind(eventing, "SinkBinding")).allSatisfy(b ->
                        assertThat(b.path("spec").path("sink").path("ref").path("kind").asText()).isEqualTo("Broker"))
                .extracting(b -> b.path("spec").path("subject").path("name").asText())
                .containsExactlyInAnyOrder(Functions.TRIGGER, Functions.PREPARE_ANOMALY, Functions.PREPARE_TREND,
                        Functions.PREPARE_FORECAST);
        JsonNode ping = Manifests.ofKind(eventing, "PingSource").get(0);
        assertThat(ping.path("spec").path("sink").path("ref").path("kind").asText()).isEqualTo("Broker");
        assertThat(mapping.getProperty("quarkus.funqy.knative-events.mapping." + Functions.TRIGGER + ".trigger"))
                .isEqualTo("dev.knative.sources.ping");
    }

    @Test
    void cloudRunScriptDeploysEveryFunctionAndSchedulesTheTriggerWithOidc() {
        String script = Manifests.text("deploy/gcp/deploy.sh");
        Matcher list = Pattern.compile("FUNCTIONS=\\(([^)]*)\\)").matcher(script);
        assertThat(list.find()).isTrue();
        assertThat(List.of(list.group(1).trim().split("\\s+"))).containsExactlyInAnyOrderElementsOf(Functions.ALL);
        assertThat(script).contains("--oidc-service-account-email", "/" + Functions.TRIGGER);
        Map<String, String> env = fields(Manifests.yaml("deploy/gcp/env.yaml"));
        assertThat(Manifests.undeclared(env.keySet())).as(Manifests.UNDECLARED).isEmpty();
        assertThat(env.keySet()).noneMatch(k -> Manifests.SECRET_NAME.matcher(k).matches());
    }

    @Test
    void everyDeploymentGivesItsFunctionsTheInvokerTokenAndServesOneFunctionPerService() {
        // Lambda: the token from SSM for every function; each Lambda already serves only its own path.
        assertThat(serverless.path("provider").path("environment").path("INSIGHTS_INVOKER_TOKEN").asText())
                .matches(SSM_REFERENCE);
        assertThat(Manifests.text("serverless.yml")).doesNotContain("INSIGHTS_INVOKER_AUTH");

        // Knative: the token in the Secret the operator creates; every Service answers only its own function, and
        // those the Broker delivers to (it cannot send the token) run open, cluster-local; the webhook does not.
        assertThat(Manifests.text("deploy/knative/config.yaml")).contains("INSIGHTS_INVOKER_TOKEN=");
        for (JsonNode service : Manifests.ofKind(Manifests.documents("deploy/knative/services.yaml"), "Service")) {
            String name = service.path("metadata").path("name").asText();
            Map<String, String> env = new HashMap<>();
            service.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                    .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            assertThat(env).as(name).containsEntry("INSIGHTS_INVOKER_SERVE", name);
            if (!name.equals(Functions.WEBHOOK_ERROR_ALERT)) {
                assertThat(env).containsEntry("INSIGHTS_INVOKER_AUTH", "none");
                assertThat(service.path("metadata").path("labels").path("networking.knative.dev/visibility").asText())
                        .isEqualTo("cluster-local");
            } else {
                assertThat(env).as(name).doesNotContainKey("INSIGHTS_INVOKER_AUTH");
            }
        }
        assertThat(fields(Manifests.ofKind(Manifests.documents("deploy/knative/config.yaml"), "ConfigMap").get(0)
                .path("data"))).doesNotContainKey("INSIGHTS_INVOKER_AUTH");

        // Cloud Run: the token from Secret Manager for every service, one function per service; only the trigger,
        // private behind Cloud Run IAM and the scheduler's OIDC token, skips the app's own check.
        String script = Manifests.text("deploy/gcp/deploy.sh");
        assertThat(script).contains("INSIGHTS_INVOKER_TOKEN=insights-invoker-token:latest", "INSIGHTS_INVOKER_SERVE=${fn}");
        Matcher open = Pattern.compile("if \\[\\[ \"\\$fn\" == ([a-z-]+) ]]; then\\s+envs\\+=\",INSIGHTS_INVOKER_AUTH=none\"")
                .matcher(script);
        assertThat(open.find()).as("INSIGHTS_INVOKER_AUTH=none only for one named function").isTrue();
        assertThat(open.group(1)).isEqualTo(Functions.TRIGGER);
        assertThat(script).contains("--no-allow-unauthenticated");
        assertThat(fields(Manifests.yaml("deploy/gcp/env.yaml"))).doesNotContainKey("INSIGHTS_INVOKER_AUTH");
    }

    @Test
    void grafanaContactPointCallsTheWebhookFunctionWithHmacFromTheEnvironment() {
        JsonNode receiver = Manifests.yaml("deploy/grafana/provisioning/alerting/contact-points.yaml")
                .path("contactPoints").get(0).path("receivers").get(0);
        assertThat(receiver.path("type").asText()).isEqualTo("webhook");
        JsonNode settings = receiver.path("settings");
        assertThat(settings.path("url").asText()).endsWith("/" + Functions.WEBHOOK_ERROR_ALERT);
        assertThat(settings.path("hmacConfig").path("secret").asText()).matches(ENV_REFERENCE);
        // The function must verify with the timestamp header Grafana signs with.
        assertThat(settings.path("hmacConfig").path("timestampHeader").asText())
                .isEqualTo(serverless.path("functions").path(Functions.WEBHOOK_ERROR_ALERT).path("environment")
                        .path("INSIGHTS_ALERTS_HMAC_TIMESTAMP_HEADER").asText());
        JsonNode route = Manifests.yaml("deploy/grafana/provisioning/alerting/policies.yaml")
                .path("policies").get(0).path("routes").get(0);
        assertThat(route.path("receiver").asText()).isEqualTo(
                Manifests.yaml("deploy/grafana/provisioning/alerting/contact-points.yaml").path("contactPoints").get(0)
                        .path("name").asText());
    }

    @Test
    void grafanaAlertRuleFiresAboveFivePercentAndLinksAPanelOfTheExampleDashboard() {
        JsonNode rule = Manifests.yaml("deploy/grafana/provisioning/alerting/alert-rules.yaml")
                .path("groups").get(0).path("rules").get(0);
        JsonNode threshold = StreamSupport.stream(rule.path("data").spliterator(), false)
                .filter(d -> d.path("refId").asText().equals(rule.path("condition").asText())).findFirst().orElseThrow()
                .path("model").path("conditions").get(0).path("evaluator");
        assertThat(threshold.path("type").asText()).isEqualTo("gt");
        assertThat(threshold.path("params").get(0).asDouble()).isEqualTo(0.05);
        JsonNode dashboard = Manifests.json("deploy/grafana/dashboards/insights-demo.json");
        assertThat(rule.path("annotations").path("__dashboardUid__").asText()).isEqualTo(dashboard.path("uid").asText());
        assertThat(panelIds(dashboard)).contains(rule.path("annotations").path("__panelId__").asInt());
        JsonNode route = Manifests.yaml("deploy/grafana/provisioning/alerting/policies.yaml")
                .path("policies").get(0).path("routes").get(0).path("object_matchers").get(0);
        assertThat(rule.path("labels").path(route.get(0).asText()).asText()).isEqualTo(route.get(2).asText());
    }

    @Test
    void exampleDashboardHasEveryPanelTheSampleConfigTargets() throws IOException {
        JsonNode dashboard = Manifests.json("deploy/grafana/dashboards/insights-demo.json");
        JsonNode sample = Manifests.JSON.readTree(ROOT.resolve("src/main/resources/dashboard_config.json").toFile());
        List<GrafanaTarget> targets = DashboardConfigParser.parse(sample).stream()
                .map(p -> p.config().grafana()).toList();
        assertThat(targets).isNotEmpty().allSatisfy(t -> {
            assertThat(t.dashboardUid()).isEqualTo(dashboard.path("uid").asText());
            assertThat(panelIds(dashboard)).contains(t.panelId());
        });
        assertThat(dashboard.path("uid").asText()).isEqualTo("insights-demo");
    }

    @Test
    void alertmanagerSendsToTheWebhookFunctionWithATokenFromAFile() {
        JsonNode am = Manifests.yaml("deploy/prometheus/alertmanager.yml");
        JsonNode hook = StreamSupport.stream(am.path("receivers").spliterator(), false)
                .flatMap(r -> StreamSupport.stream(r.path("webhook_configs").spliterator(), false))
                .findFirst().orElseThrow();
        assertThat(hook.path("url").asText()).endsWith("/" + Functions.WEBHOOK_ERROR_ALERT);
        assertThat(hook.path("send_resolved").asBoolean()).isTrue();
        JsonNode auth = hook.path("http_config").path("authorization");
        assertThat(auth.path("credentials_file").asText()).isNotBlank();
        assertThat(auth.has("credentials")).as("no inline credentials").isFalse();
        JsonNode rule = Manifests.yaml("deploy/prometheus/error-rate-rules.yml").path("groups").get(0).path("rules").get(0);
        assertThat(rule.path("expr").asText()).endsWith("> 0.05");
        assertThat(rule.path("labels").path("insights").asText()).isEqualTo("error-rate");
    }

    @Test
    void noDeployFileContainsSomethingShapedLikeACredential() throws IOException {
        // Grafana service-account tokens, OpenAI keys, AWS access keys, PEM keys, inline basic-auth URLs.
        Pattern credential = Pattern.compile("glsa_[A-Za-z0-9_]{8,}|sk-[A-Za-z0-9]{16,}|AKIA[0-9A-Z]{16}"
                + "|-----BEGIN [A-Z ]*PRIVATE KEY-----|://[^/\\s:@]+:[^/\\s@]+@");
        Set<String> offenders = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Stream.concat(Stream.of(ROOT.resolve("serverless.yml")),
                Files.walk(ROOT.resolve("deploy")).filter(Files::isRegularFile))) {
            for (java.nio.file.Path file : files.toList()) {
                if (credential.matcher(Files.readString(file)).find()) {
                    offenders.add(ROOT.relativize(file).toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theImageStartsTheJvmWithTheShippedOptionsAndTheOperatorsOwnFlagsLast() {
        String dockerfile = Manifests.text("deploy/Dockerfile");
        assertThat(dockerfile).contains("COPY deploy/jvm.options /app/jvm.options");
        String entryPoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        // The file first, JAVA_OPTS_APPEND after it: for -XX flags the last one given wins.
        assertThat(entryPoint.indexOf("@/app/jvm.options")).isPositive()
                .isLessThan(entryPoint.indexOf("$JAVA_OPTS_APPEND"));
        assertThat(entryPoint.indexOf("$JAVA_OPTS_APPEND")).isLessThan(entryPoint.indexOf("-jar"));
    }

    @Test
    void theShippedJvmOptionsRunC1OnlyWithTheTieredCodeCacheAndAFlagGivenAfterThemRestoresC2() throws Exception {
        // The JVM reads the file as the image's entry point does; a typo in it would stop every instance at start.
        String shipped = shippedJvmFlags();
        assertThat(flag(shipped, "TieredStopAtLevel")).isEqualTo("1");
        // C1 only would shrink the code cache to 48 MB, and a GC would start for every ~7 MB of compiled code.
        assertThat(Long.parseLong(flag(shipped, "ReservedCodeCacheSize"))).isGreaterThanOrEqualTo(240L << 20);
        assertThat(flag(shippedJvmFlags("-XX:TieredStopAtLevel=4"), "TieredStopAtLevel")).isEqualTo("4");
    }

    /** -XX:+PrintFlagsFinal of a JVM of this JDK started with deploy/jvm.options, then {@code after}. */
    private static String shippedJvmFlags(String... after) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ROOT.resolve("deploy/jvm.options")));
        command.addAll(List.of(after));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    /** A flag's final value in {@code -XX:+PrintFlagsFinal} output. */
    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s+=\\s+(\\S+)").matcher(printFlagsFinal);
        assertThat(m.find()).as(name + " in " + printFlagsFinal).isTrue();
        return m.group(1);
    }

    private static Set<Integer> panelIds(JsonNode dashboard) {
        return StreamSupport.stream(dashboard.path("panels").spliterator(), false)
                .map(p -> p.path("id").asInt()).collect(Collectors.toSet());
    }

    private static String functionConstant(String constant) {
        try {
            return (String) Functions.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Functions." + constant + " does not exist", e);
        }
    }
}
