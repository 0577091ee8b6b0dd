#!/usr/bin/env bash
# on-webhook-error-alert under load: 1,000 HMAC-signed Grafana deliveries from 50 concurrent senders, one
# in five a repeat, while the model server stand-in (Ollama API) takes 2 s per answer. Prints p50/p99
# answer time (also for the first wave apart), annotations completed per second, the machine's load, and
# checks each distinct alert was annotated exactly once.
# Two runs, each in a new JVM: a fresh instance (started and ready as deployed: it has primed its webhook path
# with its own deliveries, insights.alerts.prime-deliveries, but never received one) and an instance in operation
# (it has answered WARMUP deliveries before, default 1,000, not measured but annotated and checked all the same).
# The last line is the headline: both.
#   bench/webhook.sh [--postgresql] [DELIVERIES] [WARMUP]   (-Dbench.senders=N, -Dbench.probes=N readiness
#   probes before the run, -Dbench.priming=N deliveries the instance primes with (0: none, a webhook path never
#   run), -Dbench.trace=FILE each delivery's send and answer time, via MAVEN_ARGS)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/store.sh
DELIVERIES="${1:-1000}"
WARMUP="${2:-1000}"
headlines=()
for warmup in 0 "$WARMUP"; do
  out="$(./mvnw -B -q test "${STORE_ARGS[@]}" -Dtest=WebhookBenchmark -Dsurefire.excludedGroups=none \
    -Dbench.deliveries="$DELIVERIES" -Dbench.warmup="$warmup" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | grep -E "^(deliveries|all answered|first [0-9]+ deliveries|CPU while|server side|webhook answer time)|FAIL|Tests run:.*Fail" || true)"
  echo "$out" | grep -v "^webhook answer time" || true
  line="$(echo "$out" | grep "^webhook answer time" || true)"
  [[ -n "$line" ]] || { echo "the run with $warmup deliveries before did not finish" >&2; exit 1; }
  echo "$line"
  headlines+=("$(echo "$line" | sed -E 's/.*concurrent, ([^:]+): p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\1 p50 \2 ms, p99 \3 ms/')")
done
echo "webhook answer time, $DELIVERIES deliveries from 50 senders: ${headlines[0]}; ${headlines[1]}"
