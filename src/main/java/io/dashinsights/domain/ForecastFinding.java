package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A metric's forecast: the model the backtest chose, its backtested accuracy ({@code accuracyMetric} names
 * how it was measured) and one prediction with a 95 % interval per step.
 */
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForecastFinding(String metric, String model, String accuracyMetric, double accuracyEstimate,
                              List<Prediction> predictions, String explanation, String author) implements Finding {

    public ForecastFinding {
        predictions = predictions == null ? List.of() : List.copyOf(predictions);
    }

    /** One forecast step. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prediction(Instant time, double value, double lower95, double upper95) {
    }

    @Override
    public Instant start() {
        return predictions.isEmpty() ? null : predictions.get(0).time();
    }

    @Override
    public Instant end() {
        return predictions.isEmpty() ? null : predictions.get(predictions.size() - 1).time();
    }
}
