package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dashinsights.analysis.Direction;

import java.time.Instant;
import java.util.List;

/**
 * A metric's trend over the analysed window [{@code start}, {@code end}]: Theil–Sen slope, Mann–Kendall p,
 * growth over the window ({@code growthBasis} says relative to what) and the fitted line continued as
 * {@code projection}.
 */
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrendFinding(String metric, Instant start, Instant end, Direction direction, double growthRate,
                           String growthBasis, double slopePerHour, double mannKendallP, List<Point> projection,
                           String explanation, String author) implements Finding {

    public TrendFinding {
        projection = projection == null ? List.of() : List.copyOf(projection);
    }
}
