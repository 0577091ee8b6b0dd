package io.dashinsights.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Invoker;
import io.dashinsights.contract.InvokerFactory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;

/**
 * Builds the sqs invoker. Region and credentials come from the SDK's default chains: on Lambda the
 * environment the runtime sets (AWS_REGION, the execution role); elsewhere the usual env/system properties.
 */
@ApplicationScoped
public class SqsInvokerFactory implements InvokerFactory {

    private final ObjectMapper mapper;
    private SqsClient client;

    SqsInvokerFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public InsightsConfig.Invoker.Kind kind() {
        return InsightsConfig.Invoker.Kind.SQS;
    }

    @Override
    public synchronized Invoker create(InsightsConfig.Invoker config) {
        String prefix = config.queueUrlPrefix().orElseThrow(() -> new IllegalStateException(
                "insights.invoker=sqs needs insights.invoker.queue-url-prefix (env INSIGHTS_INVOKER_QUEUE_URL_PREFIX)"));
        if (client == null) {
            SqsClientBuilder builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(config.timeout()).socketTimeout(config.timeout()));
            config.sqsEndpoint().map(URI::create).ifPresent(builder::endpointOverride);
            client = builder.build();
        }
        return new SqsInvoker(client, prefix, mapper);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
