package io.dashinsights.store;

import io.dashinsights.domain.AlertStatus;
import io.dashinsights.domain.GrafanaTarget;

import java.util.List;

/**
 * One alert occurrence (fingerprint + startsAt) as alert_states holds it: the decision taken, the measured rate,
 * the panels and the Grafana annotation ids, so a retried delivery or a duplicate alert never annotates twice.
 * Rates are ratios (0.072 = 7.2 %); times are epoch milliseconds. Built by name ({@link #builder()},
 * {@link #toBuilder()}), never by its twenty positions.
 *
 * @param labels   the alert's labels as the JSON object the sender sent
 * @param targets  the panels (or dashboards) annotated, in order
 * @param tags     the annotation's tags as pushed (before push-grafana adds its own)
 * @param text     the annotation text without the progress line (that line is made at each push)
 * @param peakRate the highest error ratio measured while it fired, as last pushed; null when none was measured
 * @param peakAt   when {@code peakRate} was reached
 */
public record AlertState(String key, String fingerprint, long startsAt, Long endsAt, String alertName, String labels,
                         Long groupId, AlertStatus status, Double errorRate, String rateSource, Double threshold,
                         List<GrafanaTarget> targets, List<Long> annotationIds, List<String> tags, String text,
                         String reason, Double peakRate, Long peakAt, long createdAt, long updatedAt) {

    public AlertState {
        targets = targets == null ? List.of() : List.copyOf(targets);
        annotationIds = annotationIds == null ? List.of() : List.copyOf(annotationIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().key(key).fingerprint(fingerprint).startsAt(startsAt).endsAt(endsAt).alertName(alertName)
                .labels(labels).groupId(groupId).status(status).errorRate(errorRate).rateSource(rateSource)
                .threshold(threshold).targets(targets).annotationIds(annotationIds).tags(tags).text(text).reason(reason)
                .peakRate(peakRate).peakAt(peakAt).createdAt(createdAt).updatedAt(updatedAt);
    }

    /** Fields by name; unset lists are empty, unset numbers null (or 0 for the two non-null times). */
    public static final class Builder {
        private String key;
        private String fingerprint;
        private long startsAt;
        private Long endsAt;
        private String alertName;
        private String labels;
        private Long groupId;
        private AlertStatus status;
        private Double errorRate;
        private String rateSource;
        private Double threshold;
        private List<GrafanaTarget> targets;
        private List<Long> annotationIds;
        private List<String> tags;
        private String text;
        private String reason;
        private Double peakRate;
        private Long peakAt;
        private long createdAt;
        private long updatedAt;

        private Builder() {
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder fingerprint(String fingerprint) {
            this.fingerprint = fingerprint;
            return this;
        }

        public Builder startsAt(long startsAt) {
            this.startsAt = startsAt;
            return this;
        }

        public Builder endsAt(Long endsAt) {
            this.endsAt = endsAt;
            return this;
        }

        public Builder alertName(String alertName) {
            this.alertName = alertName;
            return this;
        }

        public Builder labels(String labels) {
            this.labels = labels;
            return this;
        }

        public Builder groupId(Long groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder status(AlertStatus status) {
            this.status = status;
            return this;
        }

        public Builder errorRate(Double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        public Builder rateSource(String rateSource) {
            this.rateSource = rateSource;
            return this;
        }

        public Builder threshold(Double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder targets(List<GrafanaTarget> targets) {
            this.targets = targets;
            return this;
        }

        public Builder annotationIds(List<Long> annotationIds) {
            this.annotationIds = annotationIds;
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder peakRate(Double peakRate) {
            this.peakRate = peakRate;
            return this;
        }

        public Builder peakAt(Long peakAt) {
            this.peakAt = peakAt;
            return this;
        }

        public Builder createdAt(long createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(long updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public AlertState build() {
            return new AlertState(key, fingerprint, startsAt, endsAt, alertName, labels, groupId, status, errorRate,
                    rateSource, threshold, targets, annotationIds, tags, text, reason, peakRate, peakAt, createdAt,
                    updatedAt);
        }
    }
}
