#!/usr/bin/env bash
# What the investigation adds to each incident's explanation, against a real Prometheus (Debian package) holding
# the backfilled "shop" history of scripts/history-openmetrics.sh (4 routes x 2 statuses, a build marker, a gauge)
# and the OpenAPI-checked Grafana stand-in. Runs INCIDENTS investigations over different windows and prints the
# added latency (p50/p95/max) and queries per incident.
#   bench/investigation.sh [INCIDENTS]   (the last line is the headline)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PROMETHEUS_PORT:-19190}"
command -v prometheus >/dev/null || { echo "needs prometheus (apt-get install prometheus)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/investigation-bench.XXXXXX)"
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
END="$(date +%s)"; T0=$((END - 3600))
scripts/history-openmetrics.sh "$END" "$T0" > "$WORK/history.om"
promtool tsdb create-blocks-from openmetrics "$WORK/history.om" "$WORK/data" >/dev/null
printf 'global: {scrape_interval: 15s}\n' > "$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" --storage.tsdb.retention.time=3650d \
  --web.listen-address="127.0.0.1:$PORT" > "$WORK/prometheus.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break; sleep 0.5; done
./mvnw -B -q test -Dtest=InvestigationBenchmark -Dsurefire.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -De2e.prometheus.url="http://127.0.0.1:$PORT" -De2e.history.t0="$T0" -Dbench.incidents="${1:-50}" 2>&1 \
  | grep -E "^(investigation|incidents)|FAIL|Tests run:.*Fail"
