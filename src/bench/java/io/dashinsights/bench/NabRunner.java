package io.dashinsights.bench;

import io.dashinsights.analysis.AnomalyDetector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@link AnomalyDetector} over every {@code timestamp,value} CSV under DATA_DIR (recursively) and
 * writes OUT_DIR/&lt;same relative path&gt; with header {@code timestamp,value,anomaly_score}, one row per
 * input row, in the NAB results layout. Prints total points and scoring throughput (detector time only).
 *
 * <p>Usage: {@code NabRunner DATA_DIR OUT_DIR}
 */
public final class NabRunner {

    private NabRunner() {
    }

    /** One CSV file as read: the raw "timestamp,value" text (echoed verbatim on output), epoch ms, values. */
    record CsvSeries(List<String> rawRows, long[] timestampsMs, double[] values, double[] scores) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: NabRunner DATA_DIR OUT_DIR");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        List<Path> files = csvFiles(dataDir);
        if (files.isEmpty()) {
            System.err.println("no .csv files under " + dataDir);
            System.exit(1);
        }
        List<CsvSeries> series = new ArrayList<>();
        long points = 0;
        for (Path file : files) {
            CsvSeries csv = readCsv(file, false);
            series.add(csv);
            points += csv.values().length;
        }
        for (int i = 0; i < files.size(); i++) {
            CsvSeries csv = series.get(i);
            write(outDir.resolve(dataDir.relativize(files.get(i)).toString()), csv,
                    score(csv.timestampsMs(), csv.values()));
        }
        // Throughput: the output above doubled as JIT warm-up; now time repeated passes of detector work only.
        int passes = (int) Math.max(1, Math.min(20, 5_000_000 / Math.max(points, 1)));
        double sink = 0;
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (CsvSeries csv : series) {
                double[] s = score(csv.timestampsMs(), csv.values());
                sink += s.length == 0 ? 0 : s[s.length - 1];
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("scored %d files, %d points; throughput %.0f points/s (detector only, one thread, "
                + "%d timed passes)%s%n", files.size(), points, points * (double) passes / seconds, passes,
                Double.isNaN(sink) ? " " : "");
    }

    /** Scores one series with a fresh detector, exactly as a streaming caller would. */
    static double[] score(long[] timestampsMs, double[] values) {
        AnomalyDetector detector = new AnomalyDetector();
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            scores[i] = detector.update(timestampsMs[i], values[i]);
        }
        return scores;
    }

    /** All *.csv files below {@code dir}, sorted for reproducible output. */
    static List<Path> csvFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Reads a CSV whose first two columns are timestamp and value (a header row is skipped); with
     * {@code withScores} the third column is read as {@code anomaly_score}. Unparsable values become NaN.
     */
    static CsvSeries readCsv(Path file, boolean withScores) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> raw = new ArrayList<>(lines.size());
        List<String[]> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.toLowerCase().startsWith("timestamp"))) {
                continue;
            }
            String[] cols = line.split(",", -1);
            raw.add(cols[0].strip() + "," + (cols.length > 1 ? cols[1].strip() : ""));
            rows.add(cols);
        }
        int n = rows.size();
        long[] ts = new long[n];
        double[] values = new double[n];
        double[] scores = withScores ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            String[] cols = rows.get(i);
            ts[i] = parseTimestamp(cols[0]);
            values[i] = cols.length > 1 ? parseDouble(cols[1]) : Double.NaN;
            if (withScores) {
                if (cols.length < 3) {
                    throw new IllegalArgumentException(file + ": row " + (i + 1) + " has no anomaly_score");
                }
                scores[i] = parseDouble(cols[2]);
            }
        }
        return new CsvSeries(raw, ts, values, scores);
    }

    /** NAB timestamps ({@code yyyy-MM-dd HH:mm:ss[.ffffff]}, read as UTC) or plain epoch seconds/ms. */
    static long parseTimestamp(String text) {
        String s = text.strip();
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            long v = Long.parseLong(s);
            return v < 100_000_000_000L ? v * 1000 : v; // seconds before year 5138, else already ms
        }
        return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void write(Path out, CsvSeries csv, double[] scores) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                w.write("timestamp,value,anomaly_score\n");
                for (int i = 0; i < scores.length; i++) {
                    w.write(csv.rawRows().get(i) + "," + scores[i] + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
