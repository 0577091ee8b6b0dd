package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The state of one stage run (stage_runs.status); {@link #code()} is what the database and the JSON hold. */
public enum RunStatus implements Coded {
    RUNNING("running"), SUCCEEDED("succeeded"), FAILED("failed");

    private final String code;

    RunStatus(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no version of this app writes */
    @JsonCreator
    public static RunStatus fromCode(String code) {
        return Coded.fromCode(RunStatus.class, code);
    }
}
