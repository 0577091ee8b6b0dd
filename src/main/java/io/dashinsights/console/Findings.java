package io.dashinsights.console;

import java.util.List;

/**
 * What one prepare-* run found, read back from its stored result: per metric the analysed series and the
 * findings drawn over it, and the texts with who wrote them. Times are epoch milliseconds.
 *
 * @param explanation the dashboard-level text (the panel text)
 * @param source where the series came from: {@code prometheus} or {@code demo}
 */
public record Findings(String explanation, String source, List<MetricFindings> metrics, List<Note> notes) {

    public static final Findings NONE = new Findings(null, null, List.of(), List.of());

    /** One sample; {@code value} null where the source had no data. */
    public record Point(long time, Double value) {
    }

    /** An anomalous region with its tooltip text. */
    public record Anomaly(long start, long end, String severity, String title) {
    }

    /** One forecast step with its 95 % interval. */
    public record Prediction(long time, double value, double lower, double upper) {
    }

    /**
     * @param trend projected trend points (empty unless a trend dashboard)
     * @param slopePerHour the trend's slope, to draw the line back over the analysed window; null when unknown
     */
    public record MetricFindings(String metric, List<Point> points, List<Anomaly> anomalies, List<Point> trend,
                                 Double slopePerHour, List<Prediction> forecast) {
    }

    /** A piece of explanation: which metric and finding it is about, and its author ("template" or a model). */
    public record Note(String metric, String about, String text, String author, InvestigationView investigation) {

        public Note(String metric, String about, String text, String author) {
            this(metric, about, text, author, null);
        }

        /** How the page names the writer, the same words the annotation text uses. */
        public String writtenBy() {
            return author == null ? "unknown" : author.equals("template") ? "template" : "AI model " + author;
        }
    }
}
