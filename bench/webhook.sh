#!/usr/bin/env bash
# on-webhook-error-alert under load: 1,000 HMAC-signed Grafana deliveries from 50 concurrent senders, one
# in five a repeat, while the model server stand-in (Ollama API) takes 2 s per answer. Prints p50/p99
# answer time (also for the first wave apart), annotations completed per second, the machine's load, and
# checks each distinct alert was annotated exactly once.
#   bench/webhook.sh [--postgresql] [DELIVERIES]   (the last line is the headline; -Dbench.senders=N,
#   -Dbench.probes=N health probes before the run, via MAVEN_ARGS)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/store.sh
./mvnw -B -q test "${STORE_ARGS[@]}" -Dtest=WebhookBenchmark -Dsurefire.excludedGroups=none \
  -Dbench.deliveries="${1:-1000}" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E "^(deliveries|all answered|first [0-9]+ deliveries|CPU while|server side|webhook answer time)|FAIL|Tests run:.*Fail"
