package io.dashinsights.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The test's view of the queues, and Lambda's SQS event source mapping played by hand: {@link #poll} receives
 * a batch, delivers it through the mock Lambda event server as the event AWS sends (documented shape:
 * Records[] with messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody, eventSource,
 * eventSourceARN, awsRegion), and, as with {@code ReportBatchItemFailures}, deletes every record the answer
 * did not list; those listed become visible again after the visibility timeout.
 */
public record TestQueues(SqsClient sqs, String prefix) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery to the function: what was received, and the ids the handler answered as failed. */
    public record Delivery(List<Message> messages, Set<String> failed) {
        boolean includes(String messageId) {
            return messages.stream().anyMatch(m -> m.messageId().equals(messageId));
        }
    }

    public String url(String function) {
        return prefix + function;
    }

    public String deadLetterUrl(String function) {
        return prefix + function + "-dlq";
    }

    public String send(String function, String body) {
        return sqs.sendMessage(m -> m.queueUrl(url(function)).messageBody(body)).messageId();
    }

    /** Messages visible now, without receiving them for good (they come back at once). */
    public List<Message> peek(String queueUrl) {
        List<Message> seen = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message m : seen) {
            sqs.changeMessageVisibility(v -> v.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        return seen;
    }

    public List<Message> peekDeadLetters(String function) {
        return peek(deadLetterUrl(function));
    }

    public int approximateCount(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(a -> a.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Receives up to {@code batchSize} messages of {@code function}'s queue and delivers them, if any. */
    public Delivery poll(String function, int batchSize) {
        String queue = url(function);
        List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(batchSize).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
        if (batch.isEmpty()) {
            return new Delivery(batch, Set.of());
        }
        JsonNode answer = deliver(function, batch);
        Set<String> failed = new java.util.HashSet<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        return new Delivery(batch, failed);
    }

    /** Invokes the function (through the mock event server) with the SQS event for {@code batch}; its answer. */
    public JsonNode deliver(String function, List<Message> batch) {
        String body = LambdaEvents.invoke(event(function, batch)).statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("handler answer is not JSON: " + body, e);
        }
    }

    /** The SQS event AWS's event source mapping sends for {@code batch} received from {@code function}'s queue. */
    public static String event(String function, List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle()).put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> messageAttributes.putObject(name)
                    .put("stringValue", value.stringValue()).put("dataType", value.dataType())
                    .<ObjectNode>set("stringListValues", JSON.createArrayNode())
                    .set("binaryListValues", JSON.createArrayNode()));
            r.put("md5OfBody", m.md5OfBody()).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:eu-west-1:000000000000:" + ElasticMq.PREFIX + function)
                    .put("awsRegion", "eu-west-1");
        }
        return event.toString();
    }

    /** Receives what is visible on {@code queueUrl} until none is left, deleting it (clean slate for a test). */
    public void drain(String queueUrl) {
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            for (Message m : batch) {
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
    }

    static List<String> ids(List<Message> messages) {
        return messages.stream().map(Message::messageId).collect(Collectors.toCollection(ArrayList::new));
    }
}
