#!/usr/bin/env bash
# End-to-end tests with the real systems (AlertingEndToEndTest, InvestigationEndToEndTest):
#   Prometheus + Alertmanager (Debian packages, installed if missing) on loopback ports,
#   an exporter (in the test JVM) whose error ratio goes above 5 % and back,
#   Alertmanager's webhook -> the application (a @QuarkusTest on a fixed port, bearer token),
#   a Grafana stand-in checked against Grafana's OpenAPI spec;
#   and a backfilled history (scripts/history-openmetrics.sh) with a known incident for the investigation.
# Usage: scripts/alerting-e2e.sh [extra Maven arguments]
# Ports can be moved with E2E_PROMETHEUS_PORT, E2E_ALERTMANAGER_PORT, E2E_APP_PORT, E2E_EXPORTER_PORT.
# Everything started here is stopped by PID on exit, also on failure or Ctrl-C.
set -euo pipefail

cd "$(dirname "$0")/.."
PROM_PORT="${E2E_PROMETHEUS_PORT:-19090}"
AM_PORT="${E2E_ALERTMANAGER_PORT:-19093}"
APP_PORT="${E2E_APP_PORT:-18089}"
EXPORTER_PORT="${E2E_EXPORTER_PORT:-18090}"
TOKEN="e2e-$(date +%s%N | sha256sum | cut -c1-24)"

if ! command -v prometheus >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
  echo "e2e: installing prometheus and prometheus-alertmanager from Debian"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager
fi
command -v prometheus >/dev/null || { echo "e2e: prometheus is not installed and could not be installed" >&2; exit 1; }
command -v prometheus-alertmanager >/dev/null || { echo "e2e: prometheus-alertmanager is missing" >&2; exit 1; }

for port in "$PROM_PORT" "$AM_PORT" "$APP_PORT" "$EXPORTER_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "e2e: port $port on 127.0.0.1 is already in use; set E2E_*_PORT to free ones" >&2
    exit 1
  fi
done

WORK="$(mktemp -d /tmp/alerting-e2e.XXXXXX)"
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    # Prometheus takes ~2 s to flush and exit; do not leave it behind.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "e2e: FAILED (status $status); logs kept in $WORK" >&2
    tail -n 20 "$WORK/prometheus.log" "$WORK/alertmanager.log" >&2 || true
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

cat > "$WORK/rules.yml" <<YAML
groups:
  - name: error-rate
    interval: 1s
    rules:
      - alert: HighErrorRate
        expr: sum by (service) (rate(http_requests_total{status=~"5.."}[10s])) / sum by (service) (rate(http_requests_total[10s])) > 0.05
        for: 0s
        labels:
          severity: page
        annotations:
          summary: "Error rate of {{ \$labels.service }} is {{ \$value | humanizePercentage }}"
YAML
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: ["$WORK/rules.yml"]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:$AM_PORT"]
scrape_configs:
  - job_name: checkout
    static_configs:
      - targets: ["127.0.0.1:$EXPORTER_PORT"]
YAML
cat > "$WORK/alertmanager.yml" <<YAML
route:
  receiver: dashboard-insights
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: dashboard-insights
    webhook_configs:
      - url: http://127.0.0.1:$APP_PORT/on-webhook-error-alert
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: $TOKEN
YAML
promtool check config "$WORK/prometheus.yml" >/dev/null
# History for the investigation test: a known incident an hour ago, loaded before Prometheus starts.
HISTORY_END="$(date +%s)"
HISTORY_T0=$((HISTORY_END - 3600))
scripts/history-openmetrics.sh "$HISTORY_END" "$HISTORY_T0" > "$WORK/history.om"
promtool tsdb create-blocks-from openmetrics "$WORK/history.om" "$WORK/prometheus-data" >/dev/null
prometheus-alertmanager --version >/dev/null 2>&1 || true

prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
  --storage.tsdb.retention.time=3650d --web.listen-address="127.0.0.1:$PROM_PORT" \
  >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
prometheus-alertmanager --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/alertmanager-data" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= \
  --web.external-url="http://127.0.0.1:$AM_PORT" >"$WORK/alertmanager.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 \
     && curl -fsS "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null 2>&1; then
    break
  fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { echo "e2e: Prometheus did not start" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null || { echo "e2e: Alertmanager did not start" >&2; exit 1; }
echo "e2e: Prometheus on 127.0.0.1:$PROM_PORT, Alertmanager on 127.0.0.1:$AM_PORT (logs in $WORK)"

./mvnw -B test -Pe2e \
  -De2e.prometheus.url="http://127.0.0.1:$PROM_PORT" -De2e.app.port="$APP_PORT" \
  -De2e.exporter.port="$EXPORTER_PORT" -De2e.token="$TOKEN" -De2e.history.t0="$HISTORY_T0" "$@"
