package io.dashinsights.console;

import io.dashinsights.console.Findings.Anomaly;
import io.dashinsights.console.Findings.MetricFindings;
import io.dashinsights.console.Findings.Point;
import io.dashinsights.console.Findings.Prediction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lays out a metric's series and findings as {@link Chart} geometry. Pure: no framework, no I/O. */
public final class ChartBuilder {

    /** An annotation to mark on the chart. */
    public record Mark(long time, String title) {
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 260;
    private static final double LEFT = 64;
    private static final double RIGHT = WIDTH - 12;
    private static final double TOP = 12;
    private static final double BOTTOM = HEIGHT - 28;
    private static final double MIN_REGION_WIDTH = 2;
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ChartBuilder() {
    }

    public static Chart draw(MetricFindings f, List<Mark> marks) {
        Chart.Frame frame = new Chart.Frame(num(LEFT), num(TOP), num(RIGHT), num(BOTTOM), num(RIGHT - LEFT),
                num(BOTTOM - TOP));
        List<Point> trend = trendLine(f);
        Domain d = domain(f, trend);
        if (d == null) {
            return new Chart(f.metric(), WIDTH, HEIGHT, frame, "", "", "", "", List.of(), List.of(), List.of(),
                    List.of());
        }
        Point lastObserved = lastObserved(f.points());

        List<Chart.Region> regions = new ArrayList<>();
        for (Anomaly a : f.anomalies()) {
            double x0 = d.x(Math.max(a.start(), d.t0));
            double x1 = d.x(Math.min(a.end(), d.t1));
            if (x1 >= x0) {
                // A one-sample region would be invisible at its true width.
                double w = Math.max(MIN_REGION_WIDTH, x1 - x0);
                regions.add(new Chart.Region(num(Math.min(x0, RIGHT - w)), num(w), a.severity(), a.title()));
            }
        }

        List<Point> forecastMean = new ArrayList<>();
        if (!f.forecast().isEmpty() && lastObserved != null) {
            forecastMean.add(lastObserved);
        }
        f.forecast().forEach(p -> forecastMean.add(new Point(p.time(), p.value())));

        List<Chart.Marker> markers = new ArrayList<>();
        for (Mark m : marks) {
            if (m.time() >= d.t0 && m.time() <= d.t1) {
                markers.add(new Chart.Marker(num(d.x(m.time())), m.title()));
            }
        }
        return new Chart(f.metric(), WIDTH, HEIGHT, frame, path(f.points(), d), path(trend, d), path(forecastMean, d),
                band(f.forecast(), d), regions, markers, xTicks(d), yTicks(d));
    }

    /**
     * The trend as one line over the window and the projection: the projected points, extended back to the
     * window's start along the reported slope, so the line passes exactly through what was projected.
     */
    private static List<Point> trendLine(MetricFindings f) {
        List<Point> trend = new ArrayList<>();
        if (f.trend().isEmpty()) {
            return trend;
        }
        Point first = f.trend().get(0);
        Long start = f.points().isEmpty() ? null : f.points().get(0).time();
        if (f.slopePerHour() != null && start != null && start < first.time()) {
            trend.add(new Point(start, first.value() - f.slopePerHour() * (first.time() - start) / 3_600_000.0));
        }
        trend.addAll(f.trend());
        return trend;
    }

    private static Point lastObserved(List<Point> points) {
        for (int i = points.size() - 1; i >= 0; i--) {
            if (points.get(i).value() != null && Double.isFinite(points.get(i).value())) {
                return points.get(i);
            }
        }
        return null;
    }

    /** A path through the points, lifting the pen over gaps (null values) instead of drawing across them. */
    private static String path(List<Point> points, Domain d) {
        StringBuilder sb = new StringBuilder();
        boolean penDown = false;
        for (Point p : points) {
            if (p.value() == null || !Double.isFinite(p.value())) {
                penDown = false;
                continue;
            }
            sb.append(sb.isEmpty() ? "" : " ").append(penDown ? 'L' : 'M').append(num(d.x(p.time()))).append(',')
                    .append(num(d.y(p.value())));
            penDown = true;
        }
        return sb.toString();
    }

    /** The 95 % interval as one closed shape: along the upper bounds, back along the lower ones. */
    private static String band(List<Prediction> forecast, Domain d) {
        if (forecast.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < forecast.size(); i++) {
            Prediction p = forecast.get(i);
            sb.append(i == 0 ? "M" : " L").append(num(d.x(p.time()))).append(',').append(num(d.y(p.upper())));
        }
        for (int i = forecast.size() - 1; i >= 0; i--) {
            Prediction p = forecast.get(i);
            sb.append(" L").append(num(d.x(p.time()))).append(',').append(num(d.y(p.lower())));
        }
        return sb.append(" Z").toString();
    }

    private static List<Chart.Tick> xTicks(Domain d) {
        DateTimeFormatter format = d.t1 - d.t0 > 3 * 86_400_000L ? DAYS : HOURS;
        List<Chart.Tick> ticks = new ArrayList<>();
        int n = 5;
        for (int i = 0; i <= n; i++) {
            long t = d.t0 + (d.t1 - d.t0) * i / n;
            ticks.add(new Chart.Tick(num(d.x(t)), format.format(Instant.ofEpochMilli(t)),
                    i == 0 ? "start" : i == n ? "end" : "middle"));
        }
        return ticks;
    }

    private static List<Chart.Tick> yTicks(Domain d) {
        double step = niceStep((d.v1 - d.v0) / 4);
        List<Chart.Tick> ticks = new ArrayList<>();
        for (double v = Math.ceil(d.v0 / step) * step; v <= d.v1 + step * 1e-9; v += step) {
            ticks.add(new Chart.Tick(num(d.y(v)), Times.number(Math.abs(v) < step * 1e-9 ? 0 : v), "end"));
        }
        return ticks;
    }

    /** 1, 2 or 5 times a power of ten: steps people read at a glance. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    private static Domain domain(MetricFindings f, List<Point> trend) {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        double v0 = Double.POSITIVE_INFINITY;
        double v1 = Double.NEGATIVE_INFINITY;
        List<Point> all = new ArrayList<>(f.points());
        all.addAll(trend);
        for (Prediction p : f.forecast()) {
            all.add(new Point(p.time(), p.lower()));
            all.add(new Point(p.time(), p.upper()));
        }
        for (Point p : all) {
            if (p.value() == null || !Double.isFinite(p.value())) {
                continue;
            }
            t0 = Math.min(t0, p.time());
            t1 = Math.max(t1, p.time());
            v0 = Math.min(v0, p.value());
            v1 = Math.max(v1, p.value());
        }
        if (t0 == Long.MAX_VALUE) {
            return null;
        }
        if (t1 == t0) {
            t0 -= 60_000;
            t1 += 60_000;
        }
        double pad = v1 > v0 ? (v1 - v0) * 0.05 : Math.max(1, Math.abs(v0) * 0.1);
        return new Domain(t0, t1, v0 - pad, v1 + pad);
    }

    private record Domain(long t0, long t1, double v0, double v1) {
        double x(long t) {
            return LEFT + (t - t0) / (double) (t1 - t0) * (RIGHT - LEFT);
        }

        double y(double v) {
            return BOTTOM - (v - v0) / (v1 - v0) * (BOTTOM - TOP);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
