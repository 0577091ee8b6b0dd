package io.dashinsights.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {

    private static final long FIVE_MIN = 5 * 60_000L;
    private static final long T0 = 1_700_006_400_000L; // a UTC midnight

    /** Five days of a noisy daily cycle sampled every 5 minutes. */
    private static Series dailyCycle(long seed) {
        int n = 5 * 288;
        long[] ts = new long[n];
        double[] v = new double[n];
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * FIVE_MIN;
            v[i] = 100 + 30 * Math.sin(2 * Math.PI * (i % 288) / 288.0) + rnd.nextGaussian();
        }
        return new Series("cycle", ts, v);
    }

    private static double maxScore(double[] scores, int from, int to) {
        return Arrays.stream(scores, from, to).max().orElse(0);
    }

    @Test
    void flagsASpikeInADailyCycle() {
        Series s = dailyCycle(1);
        int spike = 4 * 288 + 100;
        s.values()[spike] += 25;

        AnomalyReport report = AnomalyDetector.analyze(s);

        assertThat(report.scores()[spike]).isGreaterThanOrEqualTo(AnomalyDetector.THRESHOLD);
        assertThat(report.regions()).anySatisfy(r -> {
            assertThat(r.peakMs()).isEqualTo(s.timestamps()[spike]);
            assertThat(r.peakValue()).isEqualTo(s.values()[spike]);
            assertThat(r.expected()).isCloseTo(s.values()[spike] - 25, within(5.0));
        });
    }

    @Test
    void staysQuietOnANormalDailyCycleAfterItsFirstDay() {
        Series s = dailyCycle(2);
        AnomalyReport report = AnomalyDetector.analyze(s);

        // The first day is warm-up: error scales and tails are still being learnt (NAB calls it probation).
        assertThat(maxScore(report.scores(), 288, report.scores().length)).isLessThan(AnomalyDetector.THRESHOLD);
        assertThat(report.regions()).allSatisfy(r -> assertThat(r.startMs()).isLessThan(s.timestamps()[288]));
    }

    @Test
    void flagsALevelShift() {
        Series s = dailyCycle(3);
        int shift = 4 * 288;
        for (int i = shift; i < s.size(); i++) {
            s.values()[i] += 60;
        }

        AnomalyReport report = AnomalyDetector.analyze(s);

        assertThat(maxScore(report.scores(), shift, shift + 3)).isGreaterThanOrEqualTo(AnomalyDetector.THRESHOLD);
    }

    @Test
    void scoresAFlatStretchWhereTheDailyCycleWasExpectedAboveAnyNormalDay() {
        Series s = dailyCycle(4);
        double normalMax = maxScore(AnomalyDetector.analyze(s).scores(), 288, s.size());
        int from = 4 * 288 + 36;
        for (int i = from; i < from + 144; i++) {
            s.values()[i] = s.values()[from];
        }

        AnomalyReport report = AnomalyDetector.analyze(s);

        assertThat(maxScore(report.scores(), from, from + 144)).isGreaterThan(normalMax);
    }

    @Test
    void flagsAChangeOnAFlatLine() {
        int n = 500;
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * 3_600_000L;
            v[i] = i < 400 ? 45 : 46;
        }

        AnomalyReport report = AnomalyDetector.analyze(new Series("flat", ts, v));

        assertThat(maxScore(report.scores(), 0, 400)).isZero();
        assertThat(report.scores()[400]).isGreaterThanOrEqualTo(AnomalyDetector.THRESHOLD);
    }

    @Test
    void dampsASmallerRepeatSoonAfterAnAlert() {
        Series alone = dailyCycle(5);
        int first = 4 * 288;
        alone.values()[first + 10] += 15;
        double aloneScore = AnomalyDetector.analyze(alone).scores()[first + 10];

        Series repeated = dailyCycle(5);
        repeated.values()[first] += 40;
        repeated.values()[first + 10] += 15;
        double[] scores = AnomalyDetector.analyze(repeated).scores();

        assertThat(aloneScore).isGreaterThanOrEqualTo(AnomalyDetector.THRESHOLD);
        assertThat(scores[first]).isGreaterThanOrEqualTo(AnomalyDetector.THRESHOLD);
        assertThat(scores[first + 10]).isLessThan(AnomalyDetector.THRESHOLD);
    }

    @Test
    void aGrowingIncidentAlertsOnlyWhenItClearlyOutgrowsTheLastAlert() {
        // A noise burst or ramp sets a new high of the evidence at almost every step; each of those rows used to be
        // a separate alert. Now a score passes only when it beats the last alert by DAMP_MARGIN.
        AnomalyDetector detector = new AnomalyDetector(100, 0.3);
        assertThat(detector.damp(0.6)).isEqualTo(0.6);
        assertThat(detector.damp(0.7)).isCloseTo(0.21, within(1e-12)); // a new high, but not a clearly larger one
        assertThat(detector.damp(0.8)).isCloseTo(0.24, within(1e-12)); // still measured against the alert at 0.6
        assertThat(detector.damp(0.95)).isEqualTo(0.95);                // more than 1.5 x the last alert
        for (int i = 0; i < 100; i++) {
            detector.damp(0);
        }
        assertThat(detector.damp(0.6)).isEqualTo(0.6);                  // the memory of that alert has faded
    }

    @Test
    void scoresDependOnlyOnThePastAndStayInTheUnitInterval() {
        Series full = dailyCycle(6);
        full.values()[3 * 288] += 40;
        int prefix = 3 * 288 + 50;
        Series head = new Series("head", Arrays.copyOf(full.timestamps(), prefix),
                Arrays.copyOf(full.values(), prefix));

        double[] all = AnomalyDetector.analyze(full).scores();
        double[] part = AnomalyDetector.analyze(head).scores();

        assertThat(Arrays.copyOf(all, prefix)).containsExactly(part);
        assertThat(Arrays.stream(all).min().orElse(0)).isGreaterThanOrEqualTo(0.0);
        assertThat(Arrays.stream(all).max().orElse(0)).isLessThanOrEqualTo(1.0);
    }

    @Test
    void missingSamplesScoreZeroAndDoNotDisturbTheDetector() {
        Series s = dailyCycle(7);
        for (int i = 700; i < 760; i++) {
            s.values()[i] = Double.NaN;
        }

        AnomalyReport report = AnomalyDetector.analyze(s);

        assertThat(maxScore(report.scores(), 700, 760)).isZero();
        assertThat(maxScore(report.scores(), 760, s.size())).isLessThan(AnomalyDetector.THRESHOLD);
    }

    @Test
    void handlesEmptyAndTinySeries() {
        assertThat(AnomalyDetector.analyze(new Series("empty", new long[0], new double[0])).regions()).isEmpty();
        AnomalyDetector detector = new AnomalyDetector();
        assertThat(detector.update(T0, 1.0)).isZero();
        assertThat(detector.update(T0 + FIVE_MIN, Double.NaN)).isZero();
    }

    @Test
    void reportCarriesMetricThresholdAndSeverityFromThePeakScore() {
        Series s = dailyCycle(8);
        s.values()[4 * 288 + 20] += 200;

        AnomalyReport report = AnomalyDetector.analyze(s);

        assertThat(report.metric()).isEqualTo("cycle");
        assertThat(report.threshold()).isEqualTo(AnomalyDetector.THRESHOLD);
        assertThat(report.scores()).hasSize(s.size());
        assertThat(report.severity()).isEqualTo(Severity.HIGH);
        assertThat(AnomalyDetector.severity(0.95)).isEqualTo(Severity.HIGH);
        assertThat(AnomalyDetector.severity(0.75)).isEqualTo(Severity.MEDIUM);
        assertThat(AnomalyDetector.severity(0.55)).isEqualTo(Severity.LOW);
    }

    /**
     * Hourly traffic with a weekly shape: every day rises from 10 at midnight to a noon peak of 10 + level, with
     * level 100 on weekdays and 50 on Saturdays and Sundays (T0 is a Tuesday, so days 4 and 5 of each week).
     * With {@code holiday} >= 0 that day, a Monday, runs at the weekend level.
     */
    private static Series weeklyTraffic(long seed, int days, int holiday) {
        int n = days * 24;
        long[] ts = new long[n];
        double[] v = new double[n];
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            int day = i / 24;
            boolean quiet = day % 7 == 4 || day % 7 == 5 || day == holiday;
            ts[i] = T0 + i * 3_600_000L;
            v[i] = 10 + (quiet ? 50 : 100) * (1 - Math.cos(2 * Math.PI * (i % 24) / 24.0)) / 2 + rnd.nextGaussian();
        }
        return new Series("traffic", ts, v);
    }

    @Test
    void flagsAWeekdayThatRunsLikeASundayButStaysQuietOnNormalWeekends() {
        // A Monday holiday: each hour is close to the previous one (persistence sees nothing) and looks like the
        // weekend days just before it (so does the daily profile); only the same hours of earlier Mondays differ.
        int holiday = 34;
        Series normal = weeklyTraffic(11, 37, -1);
        Series withHoliday = weeklyTraffic(11, 37, holiday);

        double[] quiet = AnomalyDetector.analyze(normal).scores();
        double[] flagged = AnomalyDetector.analyze(withHoliday).scores();

        assertThat(maxScore(quiet, 21 * 24, quiet.length)).isLessThan(AnomalyDetector.THRESHOLD);
        assertThat(maxScore(flagged, holiday * 24, (holiday + 1) * 24)).isGreaterThanOrEqualTo(AnomalyDetector.THRESHOLD);
    }

    @Test
    void aNewExtremeStrengthensSurprisingEvidenceButIsNoEvidenceOnItsOwn() {
        assertThat(AnomalyDetector.withRange(0.0, true)).isZero();          // an ordinary step to a new extreme
        assertThat(AnomalyDetector.withRange(2.0, true)).isEqualTo(6.0);    // a surprising one: 4 more
        assertThat(AnomalyDetector.withRange(2.0, false)).isEqualTo(2.0);
    }

    @Test
    void theLongerASeriesIsWatchedTheRarerAPointMustBeToCount() {
        assertThat(AnomalyDetector.forWatchLength(5.0, 500)).isEqualTo(5.0);                  // no correction early on
        assertThat(AnomalyDetector.forWatchLength(5.0, 1_000)).isEqualTo(5.0);
        assertThat(AnomalyDetector.forWatchLength(5.0, 10_000)).isCloseTo(4.5, within(1e-12));
        assertThat(AnomalyDetector.forWatchLength(5.0, 100_000)).isCloseTo(4.0, within(1e-12));
        assertThat(AnomalyDetector.forWatchLength(0.3, 100_000)).isZero();                    // never negative
    }
}
