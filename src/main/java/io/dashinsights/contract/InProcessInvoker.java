package io.dashinsights.contract;

import jakarta.enterprise.inject.Instance;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Calls the next stage's bean directly: one deployment runs every stage (the default, and dev mode). */
public class InProcessInvoker implements Invoker {

    private final Map<String, Stage> stages;

    public InProcessInvoker(Instance<Stage> stages) {
        this.stages = stages.stream().collect(Collectors.toMap(Stage::function, Function.identity()));
    }

    @Override
    public StageResult invoke(String function, Envelope envelope) {
        Stage stage = stages.get(function);
        if (stage == null) {
            throw new IllegalArgumentException("no stage named " + function);
        }
        return stage.handle(envelope);
    }
}
