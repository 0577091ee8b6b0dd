package io.dashinsights.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dashinsights.bench.NabScorer.Result;
import io.dashinsights.bench.NabScorer.ScoredFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {

    /** 100 rows (probation 15) with one window over rows 50..59 (width 10). */
    private static ScoredFile file(double[] scores) {
        return new ScoredFile("f.csv", scores, new int[][] {{50, 59}});
    }

    private static double[] detectionsAt(int... rows) {
        double[] s = new double[100];
        for (int r : rows) {
            s[r] = 1.0;
        }
        return s;
    }

    private static Result standard(double[] scores) {
        return NabScorer.score(List.of(file(scores)), NabScorer.STANDARD);
    }

    @Test
    void nullDetectorScoresZero() {
        Result r = standard(new double[100]);
        assertThat(r.normalized()).isZero();
        assertThat(r.score()).isEqualTo(-1.0);
        assertThat(r.missedWindows()).isEqualTo(1);
    }

    @Test
    void perfectDetectorScoresHundred() {
        for (NabScorer.Profile p : NabScorer.PROFILES) {
            Result r = NabScorer.score(List.of(file(detectionsAt(50))), p);
            assertThat(r.normalized()).as(p.name()).isCloseTo(100.0, within(1e-9));
        }
    }

    @Test
    void detectionHalfwayThroughTheWindowScoresTheScaledSigmoid() {
        // y = -(59 - 55 + 1)/10 = -0.5: sigma = 2/(1+e^-2.5) - 1 = 0.848284, scaled by 1/sigma(-1) = 1/0.986614
        Result r = standard(detectionsAt(55));
        assertThat(r.score()).isCloseTo(0.859793, within(1e-5));
        assertThat(r.normalized()).isCloseTo(100 * (0.859793 + 1) / 2, within(1e-3));
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCounts() {
        assertThat(standard(detectionsAt(55, 56, 57, 58)).score()).isCloseTo(0.859793, within(1e-5));
    }

    @Test
    void falsePositiveBeforeAnyWindowCostsTheFullFpWeight() {
        assertThat(standard(detectionsAt(20, 50)).score()).isCloseTo(1 - 0.11, within(1e-9));
        assertThat(NabScorer.score(List.of(file(detectionsAt(20, 50))), NabScorer.REWARD_LOW_FP_RATE).score())
                .isCloseTo(1 - 0.22, within(1e-9));
    }

    @Test
    void falsePositiveJustAfterAWindowIsWeightedByDistance() {
        // y = |59 - 62| / (10 - 1) = 1/3: sigma = 2/(1+e^(5/3)) - 1 = -0.682245
        assertThat(standard(detectionsAt(50, 62)).score()).isCloseTo(1 - 0.11 * 0.682245, within(1e-5));
        // three widths or more after the window: the full cost
        assertThat(standard(detectionsAt(50, 99)).score()).isCloseTo(1 - 0.11, within(1e-9));
    }

    @Test
    void probationaryRowsAreNotScored() {
        assertThat(NabScorer.probationaryLength(100)).isEqualTo(15);
        assertThat(NabScorer.probationaryLength(100_000)).isEqualTo(750);
        assertThat(standard(detectionsAt(5, 50)).score()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void picksTheThresholdThatMaximisesTheCorpusScore() {
        double[] s = new double[100];
        s[50] = 0.9;  // true positive
        s[20] = 0.5;  // false positive, only included by a threshold <= 0.5
        Result r = standard(s);
        assertThat(r.threshold()).isEqualTo(0.9);
        assertThat(r.normalized()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aThresholdFixedElsewhereIsAppliedAsGiven() {
        double[] s = new double[100];
        s[50] = 0.6;
        s[20] = 0.8;
        // At 0.7 only the false positive fires: -0.11 for it, -1 for the missed window.
        Result r = NabScorer.scoreAt(List.of(file(s)), NabScorer.STANDARD, 0.7);
        assertThat(r.score()).isCloseTo(-1.11, within(1e-9));
        assertThat(r.missedWindows()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(1);
    }

    @Test
    void heldOutScoreJudgesEachCategoryAtTheThresholdOfTheOthers() {
        // Category a alone would pick 0.9 (its detection is at 0.9, its false alarm at 0.5); category b's only
        // detection is at 0.4, so b's own best threshold is 0.4 but a's (0.9) misses it.
        double[] a = new double[100];
        a[50] = 0.9;
        a[20] = 0.5;
        double[] b = new double[100];
        b[55] = 0.4;
        List<ScoredFile> files = List.of(new ScoredFile("a/x.csv", a, new int[][] {{50, 59}}),
                new ScoredFile("b/y.csv", b, new int[][] {{50, 59}}));

        Result corpus = NabScorer.score(files, NabScorer.STANDARD);
        Result heldOut = NabScorer.heldOutByCategory(files, NabScorer.STANDARD);

        // Held out: a is judged at b's threshold 0.4 (hit + false alarm), b at a's 0.9 (missed).
        assertThat(heldOut.score()).isCloseTo(1.0 - 0.11 - 1.0, within(1e-9));
        assertThat(heldOut.missedWindows()).isEqualTo(1);
        assertThat(heldOut.normalized()).isLessThan(corpus.normalized());
    }

    @Test
    void missedWindowCostsTheFnWeightOfTheProfile() {
        Result lowFn = NabScorer.score(List.of(file(new double[100])), NabScorer.REWARD_LOW_FN_RATE);
        assertThat(lowFn.score()).isEqualTo(-2.0);
        assertThat(lowFn.normalized()).isZero();
    }

    @Test
    void mapsWindowTimestampsToRows() {
        long[] ts = {0, 10, 20, 30, 40};
        int[][] rows = NabScorer.windowIndices(ts, List.of(new long[] {10, 30}, new long[] {15, 19}));
        assertThat(rows).hasDimensions(1, 2);
        assertThat(rows[0]).containsExactly(1, 3);
    }

    @Test
    void parsesNabTimestampsAsUtc() {
        assertThat(NabRunner.parseTimestamp("2014-04-01 00:05:00")).isEqualTo(1_396_310_700_000L);
        assertThat(NabRunner.parseTimestamp("2014-04-01 00:05:00.000000")).isEqualTo(1_396_310_700_000L);
    }
}
