package io.dashinsights.domain;

/** The state of one stage run (stage_runs.status); {@link #code()} is what the database and the JSON hold. */
public enum RunStatus implements Coded {
    RUNNING("running"), SUCCEEDED("succeeded"), FAILED("failed");

    private final String code;

    RunStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
