package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** The state of one stage run (stage_runs.status); {@link #code()} is what the database and the JSON hold. */
public enum RunStatus {
    RUNNING("running"), SUCCEEDED("succeeded"), FAILED("failed");

    private final String code;

    RunStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no version of this app writes */
    public static RunStatus fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stage run status '" + code + "'"));
    }
}
