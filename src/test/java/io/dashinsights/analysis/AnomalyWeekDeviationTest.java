package io.dashinsights.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyWeekDeviationTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_006_400_000L; // a UTC midnight

    @Test
    void needsAStepThatDividesADayAndAWeekOfAtMost2016Slots() {
        assertThat(AnomalyWeekDeviation.forStep(HOUR)).isNotNull();
        assertThat(AnomalyWeekDeviation.forStep(5 * 60_000L)).isNotNull();
        assertThat(AnomalyWeekDeviation.forStep(60_000L)).isNull();       // 10,080 slots: too much memory per series
        assertThat(AnomalyWeekDeviation.forStep(7 * 60_000L)).isNull();   // a day is not a whole number of steps
        assertThat(AnomalyWeekDeviation.forStep(6 * HOUR)).isNull();      // 28 slots a week: no shape to learn
    }

    /** Feeds {@code weeks} of a noisy weekly pattern, then {@code shiftedHours} hours at {@code shift} above it. */
    private static double maxEvidence(int weeks, int shiftedHours, double shift) {
        AnomalyWeekDeviation d = AnomalyWeekDeviation.forStep(HOUR);
        Random rnd = new Random(3);
        double max = 0;
        int n = weeks * 168;
        for (int i = 0; i < n + shiftedHours; i++) {
            double value = 50 + 20 * Math.sin(2 * Math.PI * (i % 168) / 168.0) + rnd.nextGaussian();
            if (i >= n) {
                value += shift;
                max = Math.max(max, d.evidence(T0 + i * HOUR, value, 1e-9));
            } else {
                d.evidence(T0 + i * HOUR, value, 1e-9);
            }
            d.learn(T0 + i * HOUR, value, true);
        }
        return max;
    }

    @Test
    void givesNoEvidenceBeforeItHasAWeekOfErrorsAndEnoughWindowMeans() {
        assertThat(maxEvidence(0, 2 * 168, 10)).isZero(); // the first week fills the profile, the second its error
    }

    @Test
    void evidenceGrowsWithTheSizeOfASustainedDepartureFromTheWeek() {
        double none = maxEvidence(5, 24, 0);
        double small = maxEvidence(5, 24, 1.5);
        double large = maxEvidence(5, 24, 4);

        assertThat(none).isLessThan(3);
        assertThat(small).isGreaterThan(none);
        assertThat(large).isGreaterThan(small).isGreaterThan(5); // tail probability below 1e-5: the detector alerts
    }
}
