package io.dashinsights.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.analysis.Series;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streamed reading of a range answer gives exactly the series the JSON-tree reading gave (PrometheusClient.toSeries,
 * still used for labelled change signals): nearest step, several series added up, NaN/±Inf missing, samples outside
 * the window dropped, unknown fields and Prometheus' warnings ignored.
 */
class RangeAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    private static final Instant END = START.plusSeconds(600);
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    void aStreamedRangeAnswerIsTheSameSeriesAsTheTreeReadOne() throws Exception {
        long s = START.getEpochSecond();
        String body = "{\"status\":\"success\",\"warnings\":[\"x\"],\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"job\":\"a\"},\"values\":[[" + s + ",\"1.5\"],[" + (s + 61) + ",\"NaN\"],[" + (s + 119.6)
                + ",\"2\"],[" + (s + 180) + ",\"+Inf\"],[" + (s + 240) + ",\"-Inf\"],[" + (s + 9_000) + ",\"7\"]]},"
                + "{\"metric\":{\"job\":\"b\"},\"values\":[[" + s + ",\"10\"],[" + (s + 300) + ",\"1e3\"]],\"extra\":{\"k\":[1,2]}}"
                + "]},\"infos\":[]}";

        Series streamed = RangeAnswer.read(MAPPER, body.getBytes(StandardCharsets.UTF_8), "m", START, END, STEP, "w", "q");
        Series tree = PrometheusClient.toSeries("m", MAPPER.readTree(body).path("data").path("result"), START, END, STEP);

        assertThat(streamed.timestamps()).containsExactly(tree.timestamps());
        assertThat(streamed.values()).containsExactly(tree.values());
        assertThat(streamed.values()[0]).isEqualTo(11.5);
        assertThat(streamed.values()[2]).isEqualTo(2.0);
        assertThat(streamed.values()[5]).isEqualTo(1000.0);
        assertThat(streamed.values()[1]).isNaN();
        assertThat(streamed.values()[3]).isNaN();
    }

    @Test
    void anUnsuccessfulOrUnreadableAnswerIsLeftToTheErrorReport() {
        assertThat(RangeAnswer.read(MAPPER, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8), "m", START, END, STEP, "w", "q")).isNull();
        assertThat(RangeAnswer.read(MAPPER, "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8), "m", START,
                END, STEP, "w", "q")).isNull();
        assertThatThrownBy(() -> RangeAnswer.read(MAPPER, ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                + "\"result\":[]}}").getBytes(StandardCharsets.UTF_8), "m", START, END, STEP, "http://p/api/v1/query_range",
                "up")).isInstanceOf(NonTransientPrometheusException.class)
                .hasMessage("http://p/api/v1/query_range: expected a matrix for up, got vector");
    }
}
