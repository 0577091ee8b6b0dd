package io.dashinsights.domain;

import java.util.List;

/** A metric's analysed series, thinned for display, kept with the findings so people see what they came from. */
public record SeriesSample(String metric, List<Point> points) {

    public SeriesSample {
        points = points == null ? List.of() : List.copyOf(points);
    }
}
