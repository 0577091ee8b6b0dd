package io.dashinsights.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.alert.AlertDispatch;
import io.dashinsights.alert.AlertWorker;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Invoker;
import io.dashinsights.contract.StageResult;
import io.dashinsights.contract.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The webhook Lambda's hand-off: Lambda freezes the execution environment once the answer is sent, so a recorded
 * alert group is not left to a worker thread. With the sqs invoker it becomes a message on the webhook's own
 * queue, which the same function consumes ({@link #process}); otherwise it is processed before the answer,
 * within the invocation.
 */
@ApplicationScoped
public class AlertQueue implements AlertDispatch {

    private final Instance<Invoker> invoker;
    private final Instance<AlertWorker> worker;
    private final ObjectMapper mapper;
    private final boolean queued;

    // Lazy: the worker takes every AlertDispatch when it is built, and the invoker may be another deployment's.
    AlertQueue(Instance<Invoker> invoker, Instance<AlertWorker> worker, ObjectMapper mapper, InsightsConfig config) {
        this.invoker = invoker;
        this.worker = worker;
        this.mapper = mapper;
        this.queued = config.invoker().kind() == InsightsConfig.Invoker.Kind.SQS;
    }

    @Override
    public boolean dispatch(long groupId, String groupKey) {
        if (queued) {
            Invoker next = invoker.get();
            Envelope envelope = Envelope.create(Functions.WEBHOOK_ERROR_ALERT, "alert-group:" + groupId,
                    "/" + Functions.WEBHOOK_ERROR_ALERT, groupKey, null,
                    mapper.createObjectNode().put("groupId", groupId));
            next.invoke(Functions.WEBHOOK_ERROR_ALERT, envelope);
        } else {
            worker.get().runHere(groupId);
        }
        return true;
    }

    /**
     * One queued group, on the consumer's thread. A processing failure is kept in the store with its retry
     * time (trigger-on-schedule sweeps it), so only an unreadable message is a batch item failure.
     */
    public StageResult process(Envelope envelope) {
        StageRunner.validate(Functions.WEBHOOK_ERROR_ALERT, envelope);
        var id = envelope.data().get("groupId");
        if (id == null || !id.canConvertToLong()) {
            throw new IllegalArgumentException("field 'data.groupId' must be the recorded group's id");
        }
        boolean done = worker.get().runHere(id.asLong());
        return new StageResult(envelope.id(), Functions.WEBHOOK_ERROR_ALERT, null, done ? "succeeded" : "failed", false,
                done ? "alert group processed" : "alert group not processed now (claimed elsewhere or kept for retry)",
                null);
    }
}
