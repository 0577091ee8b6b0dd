package io.dashinsights.insight;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitTest {

    @Test
    void ratioReadsAsPercentageRateWithItsUnitBigNumbersWithSiSuffixes() {
        assertThat(Unit.infer("error_ratio", "sum(rate(x{status=~\"5..\"}[5m])) / sum(rate(x[5m]))",
                new double[]{0.01, 0.067})).isEqualTo(Unit.RATIO);
        assertThat(Unit.infer("errors", "sum(rate(http_requests_total{status=~\"5..\"}[5m]))", new double[]{0.5, 3}))
                .isEqualTo(Unit.PER_SECOND);
        assertThat(Unit.infer("conversion_rate", "a / b", new double[]{1060, 1143})).isEqualTo(Unit.PLAIN);
        assertThat(Unit.infer("inventory_units", "sum(inventory_units)", new double[]{1, 2})).isEqualTo(Unit.PLAIN);

        assertThat(Unit.RATIO.format(0.067)).isEqualTo("6.7%");
        assertThat(Unit.PER_SECOND.format(12_345)).isEqualTo("12.3k/s");
        assertThat(Unit.PLAIN.format(3341.9)).isEqualTo("3.34k");
        assertThat(Unit.PLAIN.format(999_950)).isEqualTo("1M");
        assertThat(Unit.PLAIN.format(2.5e9)).isEqualTo("2.5G");
        assertThat(Unit.PLAIN.format(0.0123)).isEqualTo("0.0123");
        assertThat(Unit.RATIO.formatChange(0.057)).isEqualTo("+5.7 pp");
        assertThat(Unit.PLAIN.formatChange(-630)).isEqualTo("−630");
    }
}
