package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dashinsights.analysis.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of one prepare-* run, as stored with the stage run and read back by the console and the API.
 * The findings are kept per kind ({@code anomalies}, {@code trends}, {@code forecasts}) so the JSON reads
 * naturally; {@link #all()} gives them as one list of {@link Finding}.
 *
 * @param source where the series came from: {@code prometheus} or {@code demo}
 * @param explanation the dashboard-level text (the panel text)
 * @param severity the worst anomaly's severity; null when there is none or the dashboard is not an anomaly one
 * @param push how the push of these findings went; null until it ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record DashboardFindings(String source, String explanation, Severity severity, List<String> recommendations,
                                List<AnomalyIncident> anomalies, List<TrendFinding> trends,
                                List<ForecastFinding> forecasts, List<SeriesSample> series, Push push) {

    public static final DashboardFindings NONE = builder().build();

    public DashboardFindings {
        recommendations = copy(recommendations);
        anomalies = copy(anomalies);
        trends = copy(trends);
        forecasts = copy(forecasts);
        series = copy(series);
    }

    /** The push-grafana answer for these findings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Push(String status, String message, PushReceipt receipt) {
    }

    /** Every finding, anomalies first. */
    @JsonIgnore
    public List<Finding> all() {
        List<Finding> all = new ArrayList<>(anomalies);
        all.addAll(trends);
        all.addAll(forecasts);
        return all;
    }

    public DashboardFindings withSource(String source) {
        return toBuilder().source(source).build();
    }

    public DashboardFindings withSeries(List<SeriesSample> series) {
        return toBuilder().series(series).build();
    }

    public DashboardFindings withPush(Push push) {
        return toBuilder().push(push).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().source(source).explanation(explanation).severity(severity)
                .recommendations(recommendations).anomalies(anomalies).trends(trends).forecasts(forecasts)
                .series(series).push(push);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Fields by name instead of nine positions. */
    public static final class Builder {
        private String source;
        private String explanation;
        private Severity severity;
        private List<String> recommendations = List.of();
        private List<AnomalyIncident> anomalies = List.of();
        private List<TrendFinding> trends = List.of();
        private List<ForecastFinding> forecasts = List.of();
        private List<SeriesSample> series = List.of();
        private Push push;

        private Builder() {
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder explanation(String explanation) {
            this.explanation = explanation;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder recommendations(List<String> recommendations) {
            this.recommendations = recommendations;
            return this;
        }

        public Builder anomalies(List<AnomalyIncident> anomalies) {
            this.anomalies = anomalies;
            return this;
        }

        public Builder trends(List<TrendFinding> trends) {
            this.trends = trends;
            return this;
        }

        public Builder forecasts(List<ForecastFinding> forecasts) {
            this.forecasts = forecasts;
            return this;
        }

        public Builder series(List<SeriesSample> series) {
            this.series = series;
            return this;
        }

        public Builder push(Push push) {
            this.push = push;
            return this;
        }

        public DashboardFindings build() {
            return new DashboardFindings(source, explanation, severity, recommendations, anomalies, trends, forecasts,
                    series, push);
        }
    }
}
