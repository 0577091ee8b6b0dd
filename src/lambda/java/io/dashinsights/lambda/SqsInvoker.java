package io.dashinsights.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Failures;
import io.dashinsights.contract.InvocationException;
import io.dashinsights.contract.Invoker;
import io.dashinsights.contract.StageResult;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Map;

/**
 * Sends the envelope as one SQS message to the next function's queue ({@code <queue-url-prefix><function>}) and
 * returns once SQS stored it; that function's Lambda consumes the queue (serverless.yml). Delivery is at least
 * once; the stage runner answers a repeated envelope id from the store, so a duplicate does nothing twice.
 */
public class SqsInvoker implements Invoker {

    private final SqsClient sqs;
    private final String queueUrlPrefix;
    private final ObjectMapper mapper;

    SqsInvoker(SqsClient sqs, String queueUrlPrefix, ObjectMapper mapper) {
        this.sqs = sqs;
        this.queueUrlPrefix = queueUrlPrefix;
        this.mapper = mapper;
    }

    /** The queue a function consumes. */
    public String queueUrl(String function) {
        return queueUrlPrefix + function;
    }

    @Override
    public StageResult invoke(String function, Envelope envelope) {
        String queue = queueUrl(function);
        String body;
        try {
            body = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            // The type as an attribute too, so a message can be told apart in the console or a DLQ without parsing.
            sqs.sendMessage(m -> m.queueUrl(queue).messageBody(body).messageAttributes(Map.of("type",
                    MessageAttributeValue.builder().dataType("String").stringValue(envelope.type()).build())));
        } catch (SdkException e) {
            throw new InvocationException("SQS " + queue + " did not take envelope " + envelope.id() + ": "
                    + Failures.describe(e), e);
        }
        return StageResult.sent(function, envelope, queue);
    }
}
