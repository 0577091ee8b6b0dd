#!/usr/bin/env bash
# on-webhook-error-alert under load: 1,000 HMAC-signed Grafana deliveries from 50 concurrent senders, one
# in five a repeat, while the model server stand-in (Ollama API) takes 2 s per answer. Prints p50/p99
# answer time, annotations completed per second, and checks each distinct alert was annotated once.
#   bench/webhook.sh [DELIVERIES]   (the last line is the headline)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=WebhookBenchmark -Dsurefire.excludedGroups=none -Dbench.deliveries="${1:-1000}" \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "^(deliveries|all answered|webhook answer time)|FAIL|Tests run:.*Fail"
