package io.dashinsights.console;

import java.util.List;

/**
 * One metric as SVG geometry, computed on the server so the page needs no script. Every coordinate and
 * path is a preformatted number string; only {@code metric} and the titles are text, and the template
 * escapes those.
 */
public record Chart(String metric, int width, int height, Frame frame, String seriesPath, String trendPath,
                    String forecastPath, String bandPath, List<Region> regions, List<Marker> markers,
                    List<Tick> xTicks, List<Tick> yTicks) {

    /** The plot area inside the axes. */
    public record Frame(String left, String top, String right, String bottom, String width, String height) {
    }

    /** An anomalous time span, drawn over the full plot height. */
    public record Region(String x, String width, String severity, String title) {
    }

    /** An annotation pushed to Grafana, drawn as a vertical line at its start. */
    public record Marker(String x, String title) {
    }

    /**
     * An axis label at {@code position} (x for the time axis, y for the value axis); {@code anchor} is the SVG
     * text-anchor that keeps the outermost time labels inside the picture.
     */
    public record Tick(String position, String label, String anchor) {
    }

    public boolean hasData() {
        return !seriesPath.isEmpty();
    }
}
