package io.dashinsights.lambda;

import io.dashinsights.contract.Functions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * ElasticMQ (an SQS-compatible server, in this JVM) with the queues serverless.yml declares: one per consuming
 * function, each with a dead-letter queue through a RedrivePolicy. Receives before dead-lettering and the
 * visibility timeout are small so retries happen within a test. The app gets {@code insights.invoker=sqs} and
 * reaches it with the real AWS SDK v2 client; region and keys come from the SDK's system properties, as on a
 * developer's machine (ElasticMQ checks no signature).
 */
public class ElasticMq implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the queues. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Queues {
    }

    static final String PREFIX = "di-test-";
    static final int MAX_RECEIVES = 3;
    static final List<String> CONSUMERS = List.of(Functions.PREPARE_ANOMALY, Functions.PREPARE_TREND,
            Functions.PREPARE_FORECAST, Functions.PUSH_GRAFANA, Functions.WEBHOOK_ERROR_ALERT);

    private SQSRestServer server;
    private TestQueues queues;

    @Override
    public Map<String, String> start() {
        server = SQSRestServerBuilder.withDynamicPort().withInterface("localhost").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        String endpoint = "http://localhost:" + port;
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "elasticmq");
        System.setProperty("aws.secretAccessKey", "elasticmq");
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String prefix = endpoint + "/000000000000/" + PREFIX;
        for (String function : CONSUMERS) {
            String dlq = sqs.createQueue(q -> q.queueName(PREFIX + function + "-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sqs.createQueue(q -> q.queueName(PREFIX + function).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                            + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}")));
        }
        queues = new TestQueues(sqs, prefix);
        return Map.of("insights.invoker", "sqs", "insights.invoker.queue-url-prefix", prefix,
                "insights.invoker.sqs-endpoint", endpoint);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(queues, new TestInjector.AnnotatedAndMatchesType(Queues.class, TestQueues.class));
    }

    @Override
    public void stop() {
        if (queues != null) {
            queues.sqs().close();
        }
        if (server != null) {
            server.stopAndWait();
        }
    }
}
