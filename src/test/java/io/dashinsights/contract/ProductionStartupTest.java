package io.dashinsights.contract;

import io.quarkus.bootstrap.app.AugmentResult;
import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application in production mode (LaunchMode NORMAL, profile prod), started as an operator starts it:
 * {@code java -jar quarkus-app/quarkus-run.jar} with settings from the environment. The jar is built once here by
 * Quarkus' own production build (the bootstrap API that {@code quarkus:build} and QuarkusProdModeTest use), from
 * target/classes and the local Maven repository, so it needs no network and no earlier {@code package}.
 * <p>
 * #11: without INSIGHTS_INVOKER_TOKEN the app refuses to start and says which setting is missing and how to set it;
 * running open is an explicit INSIGHTS_INVOKER_AUTH=none, logged as a warning. #12: modes are enums and numbers are
 * validated in the config mapping, so a wrong value refuses startup naming the key and the allowed values.
 */
class ProductionStartupTest {

    /** Long enough for a cold JVM on a busy 2-core machine; a refusal comes within seconds. */
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    static Path build;

    private static Path runnerJar;

    @BeforeAll
    static void buildTheProductionJar() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        try (CuratedApplication app = QuarkusBootstrap.builder()
                .setApplicationRoot(project.resolve("target/classes"))
                .setProjectRoot(project)
                .setTargetDirectory(build)
                .setBaseName("prod-startup")
                .setMode(QuarkusBootstrap.Mode.PROD)
                .setLocalProjectDiscovery(true)
                .setIsolateDeployment(true)
                .build().bootstrap()) {
            AugmentResult result = app.createAugmentor().createProductionApplication();
            runnerJar = result.getJar().getPath();
        }
        assertThat(runnerJar).exists();
    }

    /** What an operator's shell passes: nothing from this JVM's environment that names a setting of ours. */
    private record Run(int exitCode, boolean started, String output) {
    }

    private static Run start(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                // Local, throwaway state: an in-memory store, a free port, no scheduler, no imported dashboards.
                "-Dquarkus.http.port=0", "-Dquarkus.datasource.jdbc.url=jdbc:h2:mem:prod-startup;DB_CLOSE_DELAY=-1",
                "-Dinsights.schedule.enabled=false", "-Dinsights.dashboards.import=",
                "-jar", runnerJar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("INSIGHTS_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        Path log = Files.createTempFile(build, "run", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (out.contains("Listening on:") || out.contains("started in")) {
                    return new Run(-1, true, out);
                }
                if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return new Run(p.exitValue(), false, Files.readString(log, StandardCharsets.UTF_8));
                }
            }
            throw new AssertionError("neither started nor stopped within " + STARTUP + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void withoutTheInvokerTokenProductionRefusesToStartNamingTheSettingAndHowToSetIt() throws Exception {
        Run run = start(Map.of());

        assertThat(run.started()).as("started without INSIGHTS_INVOKER_TOKEN:\n%s", run.output()).isFalse();
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("INSIGHTS_INVOKER_TOKEN", "Authorization: Bearer", "INSIGHTS_INVOKER_AUTH=none");
    }

    @Test
    void withTheTokenOrAnExplicitOpenModeItStartsAndOpenIsAWarning() throws Exception {
        Run withToken = start(Map.of("INSIGHTS_INVOKER_TOKEN", "prod-startup-test-token"));
        assertThat(withToken.started()).as("with the token:\n%s", withToken.output()).isTrue();
        assertThat(withToken.output()).doesNotContain("prod-startup-test-token").doesNotContain("accept unauthenticated");

        Run open = start(Map.of("INSIGHTS_INVOKER_AUTH", "none"));
        assertThat(open.started()).as("with INSIGHTS_INVOKER_AUTH=none:\n%s", open.output()).isTrue();
        assertThat(open.output()).containsPattern("WARN .*functions accept unauthenticated calls \\(insights.invoker.auth=none\\)");
    }

    @Test
    void anUnknownModeRefusesStartupNamingTheKeyAndTheAllowedValues() throws Exception {
        Map<String, List<String>> cases = Map.of(
                "INSIGHTS_AI_PROVIDER", List.of("gemini", "insights.ai.provider", "ollama", "openai", "none"),
                "INSIGHTS_ALERTS_AUTH", List.of("digest", "insights.alerts.auth", "basic", "bearer", "hmac"),
                "INSIGHTS_INVOKER_AUTH", List.of("kerberos", "insights.invoker.auth", "token", "oidc", "none"));
        for (var c : cases.entrySet()) {
            Run run = start(Map.of("INSIGHTS_INVOKER_TOKEN", "t", c.getKey(), c.getValue().get(0)));
            assertThat(run.started()).as("%s=%s started:\n%s", c.getKey(), c.getValue().get(0), run.output()).isFalse();
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.output()).as(c.getKey()).contains(c.getValue());
        }
    }

    @Test
    void aNumberOutsideItsRangeRefusesStartupNamingTheKeyAndTheBound() throws Exception {
        Run run = start(Map.of("INSIGHTS_INVOKER_TOKEN", "t", "INSIGHTS_LIMITS_GRAFANA", "0",
                "INSIGHTS_ALERTS_THRESHOLD", "5"));
        assertThat(run.started()).as("started:\n%s", run.output()).isFalse();
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("insights.limits.grafana must be greater than 0",
                "insights.alerts.threshold must be less than or equal to 1");
    }
}
