#!/usr/bin/env bash
# One trigger cycle over 1,000 due dashboards, Prometheus and Grafana stand-ins at 50 ms each (range queries and
# annotation writes; BenchStandIns, a light Vert.x server, so the stand-ins' CPU does not dominate the figure): the
# default concurrency (virtual threads, bounded by insights.limits.*) vs a one-at-a-time baseline like the seed's
# loop, after an unmeasured warm-up cycle as large as the measured one. Prints CPU per dashboard and the machine's
# load; the headline is last. MAVEN_ARGS=-Dbench.prometheusLatencyMs=0 measures the stand-in as it was before
# 2026-12-02 (Prometheus answered at once); -Dbench.sequential=false skips the baseline (for profiling).
#   bench/scheduler.sh [--postgresql] [DASHBOARDS]   (the last line ends with "speedup <ratio>x")
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/store.sh
./mvnw -B -q test "${STORE_ARGS[@]}" -Dtest=SchedulerBenchmark -Dsurefire.excludedGroups=none \
  -Dbench.dashboards="${1:-1000}" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E "^(dashboards|concurrency|sequential|scheduler cycle)|FAIL|Expect|failed dashboards"
