#!/usr/bin/env bash
# Captures what a real Prometheus answers about a known 20-minute incident, for the panel tests
# (src/test/resources/prometheus/backfill-*.json; AnomalyExtentTest, IncidentAnnotationTest read them).
#   4 days of http_requests_total at 15 s for service "checkout": ~50 req/s with a daily cycle, 1 % errors,
#   and 2026-11-30 05:54:00Z–06:14:00Z at 6.7 % errors; written as OpenMetrics, loaded with
#   `promtool tsdb create-blocks-from openmetrics`, served by a Prometheus started here on a loopback port,
#   and asked the dashboard's queries over the anomaly stage's window (24 h + 3 days warm-up, step 240 s).
# Usage: scripts/capture-incident-backfill.sh [OUT_DIR]   (needs prometheus + promtool: apt-get install prometheus)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-src/test/resources/prometheus}"
PORT="${CAPTURE_PROMETHEUS_PORT:-19099}"
WORK="$(mktemp -d /tmp/incident-backfill.XXXXXX)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$PID" ] && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

END=$(date -u -d 2026-11-30T08:00:00Z +%s)
START=$((END - 4 * 86400))
INC_FROM=$(date -u -d 2026-11-30T05:54:00Z +%s)
INC_TO=$(date -u -d 2026-11-30T06:14:00Z +%s)

# Counters per status, contiguous and time-ordered per series as promtool wants; awk's srand makes it repeatable.
awk -v start="$START" -v end="$END" -v from="$INC_FROM" -v to="$INC_TO" 'BEGIN {
  srand(13); pi = atan2(0, -1); ok = 0; err = 0; n = 0
  for (t = start; t <= end; t += 15) {
    rps = 50 + 15 * sin(2 * pi * ((t % 86400) / 86400.0 - 0.25))
    u1 = rand(); u2 = rand(); g = sqrt(-2 * log(u1 + 1e-12)) * cos(2 * pi * u2)
    req = int(rps * 15 + sqrt(rps * 15) * g + 0.5); if (req < 0) req = 0
    ratio = (t >= from && t < to) ? 0.067 : 0.01
    u1 = rand(); u2 = rand(); g = sqrt(-2 * log(u1 + 1e-12)) * cos(2 * pi * u2)
    e = int(req * ratio + sqrt(req * ratio) * g + 0.5); if (e < 0) e = 0; if (e > req) e = req
    ok += req - e; err += e; n++
    times[n] = t; oks[n] = ok; errs[n] = err
  }
  print "# HELP http_requests_total Requests served."
  print "# TYPE http_requests counter"
  for (i = 1; i <= n; i++) printf "http_requests_total{service=\"checkout\",status=\"200\"} %d %d\n", oks[i], times[i]
  for (i = 1; i <= n; i++) printf "http_requests_total{service=\"checkout\",status=\"500\"} %d %d\n", errs[i], times[i]
  print "# EOF"
}' > "$WORK/history.om"

promtool tsdb create-blocks-from openmetrics "$WORK/history.om" "$WORK/data" >/dev/null
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1h
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --storage.tsdb.retention.time=3650d --web.listen-address="127.0.0.1:$PORT" >"$WORK/prometheus.log" 2>&1 &
PID=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break; sleep 0.5; done

mkdir -p "$OUT"
q_start=$((END - 4 * 86400 + 3600))
capture() { # name query
  curl -fsS "http://127.0.0.1:$PORT/api/v1/query_range" --data-urlencode "query=$2" \
    --data-urlencode "start=$q_start" --data-urlencode "end=$END" --data-urlencode "step=240s" > "$OUT/backfill-$1.json"
  echo "captured $OUT/backfill-$1.json ($(grep -o '\],\[' "$OUT/backfill-$1.json" | wc -l) points)"
}
capture error_ratio 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))'
capture errors_per_second 'sum(rate(http_requests_total{status=~"5.."}[5m]))'
capture requests_per_second 'sum(rate(http_requests_total[5m]))'
