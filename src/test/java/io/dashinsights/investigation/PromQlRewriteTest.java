package io.dashinsights.investigation;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlRewriteTest {

    private static final String RATIO = "sum(rate(http_requests_total{status=~\"5..\",service=\"checkout\"}[5m]))"
            + " / sum(rate(http_requests_total{service=\"checkout\"}[5m]))";

    @Test
    void aRatioIsBrokenDownByItsNumerator() {
        assertThat(PromQlRewrite.numerator(RATIO))
                .isEqualTo("sum(rate(http_requests_total{status=~\"5..\",service=\"checkout\"}[5m]))");
        assertThat(PromQlRewrite.numerator("(sum(rate(a[5m])) / sum(rate(b[5m])))")).isEqualTo("sum(rate(a[5m]))");
    }

    @Test
    void aDivisionInsideAStringOrAnAggregationIsNotTheRatio() {
        String q = "sum(rate(x{path=\"/a/b\"}[5m]) / 2)";
        assertThat(PromQlRewrite.numerator(q)).isEqualTo(q);
    }

    @Test
    void selectorsAreFoundButFunctionsKeywordsAndNumbersAreNot() {
        assertThat(PromQlRewrite.selectors("sum by (route) (rate(http_requests_total{status=~\"5..\"}[5m])) * 1e3"))
                .containsExactly("http_requests_total{status=~\"5..\"}");
        assertThat(PromQlRewrite.selectors("histogram_quantile(0.99, sum by (le) (rate(lat_bucket[5m]))) > bool 0"))
                .containsExactly("lat_bucket");
        assertThat(PromQlRewrite.selectors("{__name__=\"up\", job=\"a\"}")).containsExactly("{__name__=\"up\", job=\"a\"}");
    }

    @Test
    void onlyEqualityMatchersPinALabel() {
        Map<String, String> pinned = PromQlRewrite.equalityMatchers(
                "http_requests_total{service=\"checkout\",status=~\"5..\",route!=\"/health\",env=\"a\\\"b\"}");
        assertThat(pinned).containsOnlyKeys("service", "env").containsEntry("env", "a\"b");
    }

    @Test
    void groupingAddsTheLabelToEveryAggregation() {
        assertThat(PromQlRewrite.groupBy("sum(rate(errors_total{status=~\"5..\"}[5m]))", "route"))
                .isEqualTo("sum by (route) (sum by (route) (rate(errors_total{status=~\"5..\"}[5m])))");
        assertThat(PromQlRewrite.groupBy("sum by (service) (rate(e[5m]))", "route"))
                .isEqualTo("sum by (route) (sum by (service, route) (rate(e[5m])))");
        assertThat(PromQlRewrite.groupBy("sum(rate(e[5m])) by (service)", "route"))
                .isEqualTo("sum by (route) (sum(rate(e[5m])) by (service, route))");
        assertThat(PromQlRewrite.groupBy("rate(e{by=\"sum(\"}[5m])", "pod"))
                .isEqualTo("sum by (pod) (rate(e{by=\"sum(\"}[5m]))");
    }
}
