package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One sample at {@code time} (epoch ms); {@code value} null where the source had no data. Written as a
 * {@code [time, value]} pair, the shape Prometheus and Grafana use, to keep stored series small.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"time", "value"})
public record Point(long time, Double value) {
}
