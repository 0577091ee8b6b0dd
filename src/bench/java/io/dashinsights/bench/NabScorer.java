package io.dashinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Numenta Anomaly Benchmark scorer, following NAB v1 ({@code nab/sweeper.py}, {@code nab/optimizer.py}):
 * <ul>
 *   <li>the first {@code min(floor(0.15 N), 750)} rows of a file are probationary and not scored;</li>
 *   <li>inside a labelled window only the best (= earliest) detection counts, worth
 *       {@code A_TP · σ(y)/σ(-1)} with {@code y = -(right - i + 1)/width} and {@code σ(y) = 2/(1+e^{5y}) - 1},
 *       so a detection at the left edge is worth exactly {@code A_TP}; a window without detection costs
 *       {@code -A_FN};</li>
 *   <li>every detection outside a window costs {@code A_FP · σ(|i - right_prev|/(width_prev - 1))}
 *       (σ = -1 from 3 widths on), or {@code -A_FP} before the first window;</li>
 *   <li>one threshold for the whole corpus: the one with the best total (ties go to the higher threshold);</li>
 *   <li>normalised score {@code 100 (S - S_null)/(S_perfect - S_null)} with {@code S_null = -A_FN · windows}
 *       and {@code S_perfect = A_TP · windows}.</li>
 * </ul>
 * A row is a detection when its score is {@code >=} the threshold.
 *
 * <p>Usage: {@code NabScorer RESULTS_DIR LABELS_JSON [DATA_DIR]}: RESULTS_DIR holds
 * {@code <category>/<file>.csv} with columns {@code timestamp,value,anomaly_score} for every key of the
 * labels file; with DATA_DIR the row counts are checked against the original data.
 */
public final class NabScorer {

    /** Cost matrix of a NAB application profile. */
    public record Profile(String name, double tpWeight, double fnWeight, double fpWeight) {
    }

    public static final Profile STANDARD = new Profile("standard", 1.0, 1.0, 0.11);
    public static final Profile REWARD_LOW_FP_RATE = new Profile("reward_low_FP_rate", 1.0, 1.0, 0.22);
    public static final Profile REWARD_LOW_FN_RATE = new Profile("reward_low_FN_rate", 1.0, 2.0, 0.11);
    public static final List<Profile> PROFILES = List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);

    /**
     * One scored file: detector scores per row and the labelled windows as inclusive row-index pairs
     * {@code {left, right}}, in time order.
     */
    public record ScoredFile(String name, double[] scores, int[][] windows) {
    }

    /** Per-file outcome at the chosen threshold. */
    public record FileResult(String name, double score, int detectedWindows, int missedWindows,
                             int falsePositives) {
    }

    /** Corpus outcome for one profile. */
    public record Result(Profile profile, double threshold, double score, double nullScore, double perfectScore,
                         List<FileResult> files) {
        public double normalized() {
            return 100.0 * (score - nullScore) / (perfectScore - nullScore);
        }

        public int detectedWindows() {
            return files.stream().mapToInt(FileResult::detectedWindows).sum();
        }

        public int missedWindows() {
            return files.stream().mapToInt(FileResult::missedWindows).sum();
        }

        public int falsePositives() {
            return files.stream().mapToInt(FileResult::falsePositives).sum();
        }
    }

    private static final int PROBATIONARY = -2;
    private static final int NO_WINDOW = -1;

    private NabScorer() {
    }

    /** NAB's probationary length: 15 % of the rows, at most 750. */
    public static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    /** NAB's scaled sigmoid: +0.987 at the left window edge (-1), 0 at the right edge, -1 from 3 on. */
    static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    /**
     * Maps windows given as epoch-ms {@code {start, end}} to row indices: first row at or after the start,
     * last row at or before the end. Windows matching no row are dropped.
     */
    public static int[][] windowIndices(long[] timestampsMs, List<long[]> windowsMs) {
        List<int[]> out = new ArrayList<>();
        for (long[] w : windowsMs) {
            int left = lowerBound(timestampsMs, w[0]);
            int right = lowerBound(timestampsMs, w[1] + 1) - 1;
            if (left <= right) {
                out.add(new int[] {left, right});
            }
        }
        return out.toArray(int[][]::new);
    }

    private static int lowerBound(long[] sorted, long key) {
        int i = Arrays.binarySearch(sorted, key);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == key) {
            i--;
        }
        return i;
    }

    /** Per-row weighted contribution (if detected) and window id, as in NAB's {@code calcSweepScore}. */
    private record Sweep(double[] weighted, int[] windowId, int firstWindowId) {
    }

    private static Sweep sweep(ScoredFile file, Profile p, int firstWindowId) {
        int n = file.scores().length;
        double[] weighted = new double[n];
        int[] windowId = new int[n];
        double maxTp = scaledSigmoid(-1.0);
        int probation = probationaryLength(n);
        int next = 0;
        int prevRight = -1;
        int prevWidth = 0;
        for (int i = 0; i < n; i++) {
            int w = -1;
            while (next < file.windows().length && file.windows()[next][1] < i) {
                prevRight = file.windows()[next][1];
                prevWidth = file.windows()[next][1] - file.windows()[next][0] + 1;
                next++;
            }
            if (next < file.windows().length && file.windows()[next][0] <= i) {
                w = next;
            }
            if (w >= 0) {
                int right = file.windows()[w][1];
                int width = right - file.windows()[w][0] + 1;
                weighted[i] = scaledSigmoid(-(right - i + 1) / (double) width) * p.tpWeight() / maxTp;
            } else {
                double position = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (double) Math.max(prevWidth - 1, 1);
                weighted[i] = scaledSigmoid(position) * p.fpWeight();
            }
            windowId[i] = i < probation ? PROBATIONARY : (w >= 0 ? firstWindowId + w : NO_WINDOW);
        }
        return new Sweep(weighted, windowId, firstWindowId);
    }

    /** Scores a corpus with one profile: corpus-wide threshold sweep, then per-file scores at that threshold. */
    public static Result score(List<ScoredFile> files, Profile profile) {
        List<Sweep> sweeps = new ArrayList<>();
        int windows = 0;
        int rows = 0;
        for (ScoredFile f : files) {
            sweeps.add(sweep(f, profile, windows));
            windows += f.windows().length;
            rows += f.scores().length;
        }
        // Flatten scorable rows, then walk them from the highest score down (NAB's calcScoreByThreshold).
        double[] score = new double[rows];
        double[] weighted = new double[rows];
        int[] window = new int[rows];
        boolean[] windowScorable = new boolean[windows];
        int m = 0;
        for (int k = 0; k < files.size(); k++) {
            Sweep s = sweeps.get(k);
            for (int i = 0; i < s.windowId().length; i++) {
                if (s.windowId()[i] == PROBATIONARY) {
                    continue;
                }
                score[m] = files.get(k).scores()[i];
                weighted[m] = s.weighted()[i];
                window[m] = s.windowId()[i];
                if (window[m] >= 0) {
                    windowScorable[window[m]] = true;
                }
                m++;
            }
        }
        int scorableWindows = 0;
        for (boolean b : windowScorable) {
            scorableWindows += b ? 1 : 0;
        }
        final double[] sc = score;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -sc[i]));

        double[] best = new double[windows];
        Arrays.fill(best, -profile.fnWeight());
        double total = -profile.fnWeight() * scorableWindows;
        double bestTotal = total;
        double bestThreshold = 1.1; // above every score: nothing detected
        for (int j = 0; j < m; j++) {
            int i = order[j];
            if (window[i] >= 0) {
                if (weighted[i] > best[window[i]]) {
                    total += weighted[i] - best[window[i]];
                    best[window[i]] = weighted[i];
                }
            } else {
                total += weighted[i];
            }
            // A threshold is complete once every row with the same score is in.
            boolean lastOfScore = j + 1 == m || score[order[j + 1]] != score[i];
            if (lastOfScore && total > bestTotal) {
                bestTotal = total;
                bestThreshold = score[i];
            }
        }
        return atThreshold(files, sweeps, profile, bestThreshold, scorableWindows);
    }

    /** Scores a corpus with one profile at a given threshold (no sweep): how a threshold fixed elsewhere fares. */
    public static Result scoreAt(List<ScoredFile> files, Profile profile, double threshold) {
        List<Sweep> sweeps = new ArrayList<>();
        int windows = 0;
        int scorableWindows = 0;
        for (ScoredFile f : files) {
            Sweep s = sweep(f, profile, windows);
            sweeps.add(s);
            windows += f.windows().length;
            boolean[] scorable = new boolean[f.windows().length];
            for (int id : s.windowId()) {
                if (id >= 0) {
                    scorable[id - s.firstWindowId()] = true;
                }
            }
            for (boolean b : scorable) {
                scorableWindows += b ? 1 : 0;
            }
        }
        return atThreshold(files, sweeps, profile, threshold, scorableWindows);
    }

    /** The NAB category of a file key such as {@code realKnownCause/nyc_taxi.csv}. */
    static String category(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /**
     * Leave-one-category-out: each category is scored at the threshold that is best on all the other categories,
     * and the held-out results are added up. Unlike the corpus score, no file's score helped choose the threshold
     * it is judged at, which is how a detector meets files it was not developed on.
     */
    public static Result heldOutByCategory(List<ScoredFile> files, Profile profile) {
        java.util.TreeSet<String> categories = new java.util.TreeSet<>();
        files.forEach(f -> categories.add(category(f.name())));
        List<FileResult> results = new ArrayList<>();
        double total = 0;
        double nullScore = 0;
        double perfect = 0;
        for (String c : categories) {
            List<ScoredFile> in = files.stream().filter(f -> category(f.name()).equals(c)).toList();
            List<ScoredFile> rest = files.stream().filter(f -> !category(f.name()).equals(c)).toList();
            double threshold = rest.isEmpty() ? 1.1 : score(rest, profile).threshold();
            Result r = scoreAt(in, profile, threshold);
            results.addAll(r.files());
            total += r.score();
            nullScore += r.nullScore();
            perfect += r.perfectScore();
        }
        return new Result(profile, Double.NaN, total, nullScore, perfect, results);
    }

    private static Result atThreshold(List<ScoredFile> files, List<Sweep> sweeps, Profile p, double threshold,
                                      int scorableWindows) {
        List<FileResult> results = new ArrayList<>();
        double total = 0;
        for (int k = 0; k < files.size(); k++) {
            ScoredFile f = files.get(k);
            Sweep s = sweeps.get(k);
            double[] best = new double[f.windows().length];
            boolean[] scorable = new boolean[f.windows().length];
            boolean[] hit = new boolean[f.windows().length];
            double fpScore = 0;
            int fp = 0;
            for (int i = 0; i < f.scores().length; i++) {
                int w = s.windowId()[i];
                if (w == PROBATIONARY) {
                    continue;
                }
                boolean detected = f.scores()[i] >= threshold;
                if (w >= 0) {
                    int local = w - s.firstWindowId();
                    scorable[local] = true;
                    if (detected && (!hit[local] || s.weighted()[i] > best[local])) {
                        best[local] = s.weighted()[i];
                        hit[local] = true;
                    }
                } else if (detected) {
                    fpScore += s.weighted()[i];
                    fp++;
                }
            }
            double fileScore = fpScore;
            int tp = 0;
            int fn = 0;
            for (int w = 0; w < best.length; w++) {
                if (!scorable[w]) {
                    continue;
                }
                if (hit[w]) {
                    fileScore += best[w];
                    tp++;
                } else {
                    fileScore -= p.fnWeight();
                    fn++;
                }
            }
            total += fileScore;
            results.add(new FileResult(f.name(), fileScore, tp, fn, fp));
        }
        return new Result(p, threshold, total, -p.fnWeight() * scorableWindows, p.tpWeight() * scorableWindows,
                results);
    }

    /** Reads NAB's {@code combined_windows.json}: file key to {@code {startMs, endMs}} windows. */
    public static Map<String, List<long[]>> readLabels(Path labelsJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(labelsJson.toFile());
        Map<String, List<long[]>> labels = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<long[]> windows = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                windows.add(new long[] {NabRunner.parseTimestamp(w.get(0).asText()),
                        NabRunner.parseTimestamp(w.get(1).asText())});
            }
            labels.put(e.getKey(), windows);
        }
        return labels;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: NabScorer RESULTS_DIR LABELS_JSON [DATA_DIR]");
            System.exit(2);
        }
        Path resultsDir = Path.of(args[0]);
        Map<String, List<long[]>> labels = readLabels(Path.of(args[1]));
        List<ScoredFile> files = new ArrayList<>();
        for (Map.Entry<String, List<long[]>> e : labels.entrySet()) {
            Path results = resultsDir.resolve(e.getKey());
            if (!Files.exists(results)) {
                throw new IllegalArgumentException("missing results file " + results);
            }
            NabRunner.CsvSeries csv = NabRunner.readCsv(results, true);
            if (args.length == 3) {
                int expected = NabRunner.readCsv(Path.of(args[2]).resolve(e.getKey()), false).values().length;
                if (expected != csv.scores().length) {
                    throw new IllegalArgumentException(results + ": " + csv.scores().length
                            + " rows, data has " + expected);
                }
            }
            files.add(new ScoredFile(e.getKey(), csv.scores(),
                    windowIndices(csv.timestampsMs(), e.getValue())));
        }
        boolean perFile = Boolean.getBoolean("nab.perFile");
        Result standard = score(files, STANDARD);
        if (perFile) {
            for (FileResult f : standard.files()) {
                System.out.printf("    %-60s %7.3f  hit %d miss %d fp %d%n", f.name(), f.score(),
                        f.detectedWindows(), f.missedWindows(), f.falsePositives());
            }
        }
        // Per category at the corpus threshold of the standard profile: where windows are missed, where FPs come from.
        java.util.Map<String, List<FileResult>> byCategory = new java.util.TreeMap<>();
        standard.files().forEach(f -> byCategory.computeIfAbsent(category(f.name()), k -> new ArrayList<>()).add(f));
        byCategory.forEach((c, list) -> System.out.printf("%-22s raw %7.3f  windows hit %d/%d  FP rows %d%n", c,
                list.stream().mapToDouble(FileResult::score).sum(),
                list.stream().mapToInt(FileResult::detectedWindows).sum(),
                list.stream().mapToInt(f -> f.detectedWindows() + f.missedWindows()).sum(),
                list.stream().mapToInt(FileResult::falsePositives).sum()));
        for (Profile p : PROFILES) {
            Result r = heldOutByCategory(files, p);
            System.out.printf("held-out %-20s normalised %6.2f  (threshold from the other categories)  windows hit "
                    + "%d/%d  FP rows %d%n", p.name(), r.normalized(), r.detectedWindows(),
                    r.detectedWindows() + r.missedWindows(), r.falsePositives());
        }
        for (Profile p : PROFILES) {
            Result r = p == STANDARD ? standard : score(files, p);
            System.out.printf("%-20s normalised %6.2f  raw %8.3f  threshold %.6f  windows hit %d/%d  FP rows %d%n",
                    p.name(), r.normalized(), r.score(), r.threshold(), r.detectedWindows(),
                    r.detectedWindows() + r.missedWindows(), r.falsePositives());
        }
    }
}
