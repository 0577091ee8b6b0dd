package io.dashinsights.grafana;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationFormatTest {

    /**
     * Grafana's ParseTagPairs as written in grafana/grafana pkg/services/tag/model.go (commit
     * 229504766f54a9c49f0470d0145ff194493ae18e): split on every ':', keep key and first value, trim, drop empty
     * keys and duplicates. What Grafana stores is what this returns.
     */
    private static Map<String, String> grafanaParse(List<String> tags) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : tags) {
            String key;
            String value = "";
            if (pair.contains(":")) {
                String[] kv = pair.split(":", -1);
                key = kv[0].strip();
                value = kv[1].strip();
            } else {
                key = pair.strip();
            }
            if (!key.isEmpty()) {
                parsed.putIfAbsent(key + "\u0000" + value, value);
            }
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        parsed.forEach((k, v) -> byKey.put(k.substring(0, k.indexOf('\u0000')), v));
        return byKey;
    }

    @Test
    void alertnameWithColonAndCommaKeepsItsFullValueInOneTag() {
        List<String> tags = AnnotationTags.safe(List.of("error-rate", "alertname:Checkout:Errors,High"));

        assertThat(tags).hasSize(2);
        assertThat(grafanaParse(tags)).containsEntry("alertname", "Checkout.Errors;High").containsKey("error-rate");
        // Our own comma-joined lists can no longer split it either.
        assertThat(String.join(",", tags).split(",")).hasSize(2);
    }

    @Test
    void unsafeTagsAreNeverSentAsGrafanaWouldMangleThem() {
        List<String> tags = AnnotationTags.safe(List.of("a:b:c", " spaced : value ", ":nokey", "dup", "dup", "key:"));

        assertThat(tags).containsExactly("a:b.c", "spaced:value", "dup", "key");
        assertThat(tags).allSatisfy(t -> assertThat(t.chars().filter(c -> c == ':').count()).isLessThanOrEqualTo(1));
    }

    @Test
    void tagsBeyondGrafanasLengthLimitAreDroppedLeastImportantFirst() {
        List<String> many = new ArrayList<>(List.of("anomaly", "severity:high"));
        for (int i = 0; i < 20; i++) {
            many.add("metric:" + "m".repeat(40) + i);
        }
        many.add("label:<&>\"" + "x".repeat(200));

        List<String> tags = AnnotationTags.safe(many);

        assertThat(tags).startsWith("anomaly", "severity:high");
        assertThat(AnnotationTags.jsonLength(tags)).isLessThanOrEqualTo(AnnotationTags.MAX_JSON_LENGTH);
        assertThat(tags.size()).isLessThan(many.size());
        assertThat(tags).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(AnnotationTags.MAX_TAG));
    }

    @Test
    void jsonLengthCountsWhatGoWouldWrite() throws Exception {
        List<String> tags = List.of("plain", "quote\"d", "é");
        // ["plain","quote\"d","é"]: é is two bytes in UTF-8.
        assertThat(AnnotationTags.jsonLength(tags)).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(tags).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(AnnotationTags.jsonLength(List.of("<"))).isEqualTo("[\"\\u003c\"]".length());
    }

    @Test
    void htmlInLabelsAndModelTextArrivesEscapedAndLinesAsBreaks() {
        String html = AnnotationText.html(List.of("Error rate 20.0% on <a href=\"https://evil\">checkout</a>",
                "Model says: <img src=x onerror=alert(1)> & more\nsecond physical line", "", "Written by template"));

        assertThat(html).doesNotContain("<a ", "<img", "\n")
                .contains("&lt;a href=&quot;https://evil&quot;&gt;checkout&lt;/a&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt; &amp; more second physical line")
                .startsWith("<b>Error rate 20.0%").contains("</b><br>Model says").endsWith("<br>Written by template");
        assertThat(html.split("<br>")).hasSize(3);
    }

    @Test
    void consoleGetsTheSameLinesBackAsPlainText() {
        List<String> lines = List.of("peak 6.7% at 06:02 (expected 1.0%)", "labels {service=\"a&b\"} <x>");

        assertThat(AnnotationText.plain(AnnotationText.html(lines))).isEqualTo(String.join("\n", lines));
    }

    @Test
    void anAnnotationStaysAFewShortLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("line " + i + " " + "y".repeat(1000));
        }
        String html = AnnotationText.html(lines);
        assertThat(html.split("<br>")).hasSize(AnnotationText.MAX_LINES)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(AnnotationText.MAX_LINE + 10));
    }
}
