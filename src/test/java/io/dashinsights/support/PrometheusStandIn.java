package io.dashinsights.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers {@code query_range} like Prometheus for whatever window and step it is asked: a daily cycle
 * with small deterministic noise, and a spike of 5x over the points from 80 % to 82 % of the window, so
 * an anomaly detector has exactly one incident to find — or, with transformer parameters {@code spikeFrom}
 * and {@code spikeTo} (epoch seconds), over that fixed span. Enabled per stub with transformer name
 * {@value #NAME}.
 */
public class PrometheusStandIn extends NamedTransformer {

    public static final String NAME = "prometheus-range";

    /**
     * Bodies already built, by window and spike: the same question gets the same answer, and formatting 1,441
     * points was most of the stand-in's CPU in the scheduler benchmark (1,000 dashboards asking the same window).
     */
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    public PrometheusStandIn() {
        super(NAME);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        long start = Long.parseLong(form.get("start"));
        long end = Long.parseLong(form.get("end"));
        long step = Long.parseLong(form.get("step").replace("s", ""));
        // Optional fixed incident (epoch seconds), as real data has: it stays where it was when asked again later.
        var parameters = event.getTransformerParameters();
        Long spikeFrom = parameters != null && parameters.containsKey("spikeFrom") ? ((Number) parameters.get("spikeFrom")).longValue() : null;
        Long spikeTo = parameters != null && parameters.containsKey("spikeTo") ? ((Number) parameters.get("spikeTo")).longValue() : null;
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body(start, end, step, spikeFrom, spikeTo)).build();
    }

    /** The answer to a range query over [start, end] (epoch seconds) at {@code step} seconds, with the default spike. */
    public byte[] body(long start, long end, long step) {
        return body(start, end, step, null, null);
    }

    private byte[] body(long start, long end, long step, Long spikeFrom, Long spikeTo) {
        String key = start + ":" + end + ":" + step + ":" + spikeFrom + ":" + spikeTo;
        byte[] body = bodies.get(key);
        if (body == null) {
            if (bodies.size() > 512) {
                bodies.clear();
            }
            body = format(start, step, (end - start) / step + 1, spikeFrom, spikeTo).getBytes(StandardCharsets.UTF_8);
            bodies.put(key, body);
        }
        return body;
    }

    private static String format(long start, long step, long n, Long spikeFrom, Long spikeTo) {
        StringBuilder values = new StringBuilder();
        for (long i = 0; i < n; i++) {
            long t = start + i * step;
            double v = 100 + 20 * Math.sin(2 * Math.PI * (t % 86_400) / 86_400.0) + ((i * 7919) % 11 - 5) * 0.3;
            if (spikeFrom != null ? t >= spikeFrom && t < spikeTo : i >= n * 80 / 100 && i < n * 82 / 100) {
                v *= 5;
            }
            values.append(i == 0 ? "" : ",").append('[').append(t).append(",\"")
                    .append(String.format(Locale.ROOT, "%.4f", v)).append("\"]");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                + "\"values\":[" + values + "]}]}}";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
