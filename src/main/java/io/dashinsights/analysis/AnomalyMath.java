package io.dashinsights.analysis;

/** Small numeric helpers shared by the anomaly classes. */
final class AnomalyMath {

    private static final double LN10 = Math.log(10);

    private AnomalyMath() {
    }

    /**
     * {@code -log10 P(Z > z)} for a standard normal Z, accurate in the far tail (where the probability
     * underflows) via the asymptotic Mills-ratio expansion; 0 for {@code z <= 0}.
     */
    static double minusLog10UpperTail(double z) {
        if (!(z > 0)) {
            return 0.0;
        }
        if (z < 5) {
            return -Math.log10(0.5 * erfc(z / Math.sqrt(2)));
        }
        double z2 = z * z;
        double lnP = -0.5 * z2 - Math.log(z) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(-1 / z2 + 3 / (z2 * z2));
        return -lnP / LN10;
    }

    /** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
