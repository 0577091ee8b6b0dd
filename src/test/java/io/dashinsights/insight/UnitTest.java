package io.dashinsights.insight;

import io.dashinsights.domain.Unit;
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

        assertThat(Numbers.value(0.067, Unit.RATIO)).isEqualTo("6.7%");
        assertThat(Numbers.value(12_345, Unit.PER_SECOND)).isEqualTo("12.3k/s");
        assertThat(Numbers.value(3341.9, Unit.PLAIN)).isEqualTo("3.34k");
        assertThat(Numbers.value(999_950, Unit.PLAIN)).isEqualTo("1M");
        assertThat(Numbers.value(2.5e9, Unit.PLAIN)).isEqualTo("2.5G");
        assertThat(Numbers.value(0.0123, Unit.PLAIN)).isEqualTo("0.0123");
        assertThat(Numbers.change(0.057, Unit.RATIO)).isEqualTo("+5.7 pp");
        assertThat(Numbers.change(-630, Unit.PLAIN)).isEqualTo("−630");
    }
}
