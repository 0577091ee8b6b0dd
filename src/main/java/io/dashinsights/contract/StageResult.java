package io.dashinsights.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a function answers. {@code status}: succeeded, failed, in-progress; {@code duplicate} is true when
 * the envelope id was seen before and this is the stored answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageResult(String id, String function, String dashboardId, String status, boolean duplicate,
                          String message, JsonNode result) {

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    public StageResult asDuplicate() {
        return new StageResult(id, function, dashboardId, status, true, message, result);
    }
}
