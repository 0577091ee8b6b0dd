#!/usr/bin/env bash
# on-webhook-error-alert answer time: 1,000 HMAC-signed Grafana deliveries (after 100 warm-up), each a new
# firing alert above 5 %, while the explainer is stubbed to take 2 s per alert group (SlowExplainer, a
# test-only CDI alternative of io.dashinsights.insight.Explainer). The answer waits only for the durable
# record; explaining and annotating queue behind it on the worker.
#   bench/webhook.sh [DELIVERIES]   (prints "webhook deliveries … p50 … p99 …")
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=WebhookBenchmark -Dsurefire.excludedGroups=none -Dbench.deliveries="${1:-1000}" \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "^webhook deliveries|FAIL|Tests run:.*Fail"
