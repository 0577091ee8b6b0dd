package io.dashinsights.lambda;

import io.dashinsights.contract.Functions;
import io.quarkus.amazon.lambda.runtime.MockEventServer;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda cold start of function.zip, run as the managed java21 runtime runs it: a new JVM starts AWS's runtime
 * interface client ({@code AWSLambda}, aws-lambda-java-runtime-interface-client) with the handler serverless.yml
 * names, working directory and {@code LAMBDA_TASK_ROOT} at the unzipped function.zip, {@code QUARKUS_LAMBDA_HANDLER} and
 * {@code AWS_LAMBDA_RUNTIME_API} pointing at Quarkus' own mock event server ({@link MockEventServer}, the one its
 * dev and test modes use), which hands out one event and holds the caller until the function answers. JVM flags as
 * AWS documents for its Java runtimes (tiered compilation stopped at C1, docs.aws.amazon.com lambda
 * java-customization). Time from
 * the process start to that answer, the JVM's CPU until then and its RSS are printed per run; the headline (medians)
 * is last. Each run gets a fresh event server so no poll of an earlier process can take the event.
 * <p>
 * The store is the PostgreSQL the script starts (the Lambda build has no H2); the next stages' queues live in an
 * ElasticMQ in this JVM, so the webhook's answer includes queueing the alert group as on AWS. One unmeasured run
 * applies the migrations first: on AWS they run once per release, not per cold start. Without SnapStart (which only
 * AWS has) this is the upper bound of a cold start; with it, AWS restores a snapshot taken after this init.
 * <p>
 * Not a test: {@code bench/lambda-coldstart.sh} compiles it with the lambda build's test classes and runs {@link #main}.
 */
public final class LambdaColdStartBench {

    private static final String QUEUE_PREFIX = "di-bench-";
    private static final String ALERTS_TOKEN = "bench-alerts-token";
    /** serverless.yml's handler for every function. */
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern STATUS_CODE = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    private LambdaColdStartBench() {
    }

    /** args: unzipped function.zip, the runtime interface client's class path, runs, JDBC URL, DB user, webhook
     * payload file, java executable. */
    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]).toAbsolutePath();
        String runtimeClasspath = args[1];
        int runs = Integer.parseInt(args[2]);
        String jdbcUrl = args[3];
        String dbUser = args[4];
        String payload = Files.readString(Path.of(args[5]));
        String java = args[6];

        SQSRestServer sqs = SQSRestServerBuilder.withDynamicPort().withInterface("localhost").start();
        int sqsPort = sqs.waitUntilStarted().localAddress().getPort();
        String sqsEndpoint = "http://localhost:" + sqsPort;
        createQueues(sqsEndpoint);
        Map<String, String> env = Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", dbUser),
                Map.entry("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "4"),
                Map.entry("INSIGHTS_SCHEDULE_ENABLED", "false"),
                Map.entry("INSIGHTS_INVOKER", "sqs"),
                Map.entry("INSIGHTS_INVOKER_QUEUE_URL_PREFIX", sqsEndpoint + "/000000000000/" + QUEUE_PREFIX),
                Map.entry("INSIGHTS_INVOKER_SQS_ENDPOINT", sqsEndpoint),
                Map.entry("INSIGHTS_INVOKER_TOKEN", "bench-invoker-token"),
                Map.entry("INSIGHTS_ALERTS_AUTH", "bearer"),
                Map.entry("INSIGHTS_ALERTS_TOKEN", ALERTS_TOKEN),
                Map.entry("INSIGHTS_AI_PROVIDER", "none"),
                Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "elasticmq"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "elasticmq"));

        String webhookEvent = LambdaEvents.httpApiPost("/" + Functions.WEBHOOK_ERROR_ALERT, payload,
                Map.of("authorization", "Bearer " + ALERTS_TOKEN));
        try {
            // Migrations once, unmeasured (a release applies them once, not each cold start).
            coldStart(java, task, runtimeClasspath, env, Functions.TRIGGER, LambdaEvents.scheduledEvent());
            List<String> headline = new ArrayList<>();
            for (String[] function : new String[][] {
                    {Functions.WEBHOOK_ERROR_ALERT, webhookEvent}, {Functions.TRIGGER, LambdaEvents.scheduledEvent()}}) {
                List<Run> results = new ArrayList<>();
                for (int i = 1; i <= runs; i++) {
                    Run run = coldStart(java, task, runtimeClasspath, env, function[0], function[1]);
                    System.out.printf("%s run %d: answered %s after %d ms (Quarkus started in %s; CPU %d ms), RSS %d MB%n",
                            function[0], i, run.answer, run.millis, run.started, run.cpuMillis, run.rssMb);
                    results.add(run);
                }
                Run median = results.stream().sorted(Comparator.comparingLong(Run::millis)).toList().get((runs - 1) / 2);
                headline.add("%s %d ms (CPU %d ms, RSS %d MB)".formatted(function[0], median.millis, median.cpuMillis,
                        median.rssMb));
            }
            System.out.printf("load average %s, %d cores%n",
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0], Runtime.getRuntime().availableProcessors());
            System.out.println("lambda cold start to first answer, no SnapStart (median of " + runs + "): "
                    + String.join("; ", headline));
        } finally {
            sqs.stopAndWait();
        }
    }

    /** {@code started} is Quarkus' own "started in" figure (init), the rest of {@code millis} is the invocation. */
    record Run(long millis, long cpuMillis, long rssMb, String answer, String started) {
    }

    private static Run coldStart(String java, Path task, String runtimeClasspath, Map<String, String> env,
            String function, String event) throws Exception {
        MockEventServer events = new MockEventServer();
        int port = freePort();
        events.start(port);
        Path log = Files.createTempFile("lambda-coldstart-", ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", runtimeClasspath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER)
                // The client loads the function from its working directory (user.dir), /var/task on AWS.
                .directory(task.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("_HANDLER", HANDLER);
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "dashboard-insights-bench-" + function);
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        builder.environment().put("QUARKUS_LAMBDA_HANDLER", function);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", "localhost:" + port + MockEventServer.BASE_PATH);
        // The app's own HTTP server is not what Lambda talks to; a free port keeps runs from clashing.
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            CompletableFuture<HttpResponse<String>> answer = client.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + MockEventServer.POST_EVENT))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // A process that dies before answering would leave the event server holding the request.
            while (!answer.isDone()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(function + " exited before answering:\n" + Files.readString(log));
                }
                Thread.sleep(5);
            }
            HttpResponse<String> response = answer.join();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long pid = process.pid();
            long cpuMillis = cpuMillis(pid);
            long rssMb = rssKb(pid) / 1024;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(function + " answered " + response.statusCode() + ": " + response.body()
                        + "\n" + Files.readString(log));
            }
            Matcher status = STATUS_CODE.matcher(response.body());
            if (status.find() && !status.group(1).startsWith("2")) {
                // A refusal is not a cold start of the function's work: say why and stop.
                throw new IllegalStateException(function + " answered " + response.body() + "\n" + Files.readString(log));
            }
            Matcher started = STARTED.matcher(Files.readString(log));
            return new Run(millis, cpuMillis, rssMb, status.find(0) ? "HTTP " + status.group(1) : "its result",
                    started.find() ? started.group(1) + " s" : "?");
        } catch (IOException | RuntimeException e) {
            System.err.println(Files.readString(log));
            throw e;
        } finally {
            process.destroy();
            process.waitFor();
            events.close();
            Files.deleteIfExists(log);
        }
    }

    private static void createQueues(String endpoint) {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("elasticmq", "elasticmq")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String function : ElasticMq.CONSUMERS) {
                sqs.createQueue(q -> q.queueName(QUEUE_PREFIX + function));
            }
        }
    }

    private static long cpuMillis(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command name; clock ticks are 100/s on Linux.
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10;
    }

    private static long rssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
