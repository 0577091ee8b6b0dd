package io.dashinsights.schedule;

import io.dashinsights.config.InsightsConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Drives the trigger in this process (local and long-running deployments); off in serverless builds. */
@ApplicationScoped
public class InProcessSchedule {

    private static final Logger LOG = Logger.getLogger(InProcessSchedule.class);

    private final TriggerService trigger;
    private final InsightsConfig config;

    InProcessSchedule(TriggerService trigger, InsightsConfig config) {
        this.trigger = trigger;
        this.config = config;
    }

    @Scheduled(every = "${insights.schedule.every:60s}", delayed = "${insights.schedule.initial-delay:3s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.schedule().enabled()) {
            return;
        }
        try {
            trigger.runOnce();
        } catch (RuntimeException e) {
            // The next tick tries again; a scheduler thread that throws would only add noise.
            LOG.errorf("scheduled trigger failed: %s", e.getMessage());
        }
    }
}
