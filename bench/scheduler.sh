#!/usr/bin/env bash
# One trigger cycle over 1,000 due dashboards, Prometheus and Grafana stand-ins at 50 ms each: the default
# concurrency (virtual threads, bounded by insights.limits.*) vs a one-at-a-time baseline like the seed's loop,
# after an unmeasured warm-up cycle. Prints CPU per dashboard and the machine's load; the headline is last.
#   bench/scheduler.sh [--postgresql] [DASHBOARDS]   (the last line ends with "speedup <ratio>x")
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/store.sh
./mvnw -B -q test "${STORE_ARGS[@]}" -Dtest=SchedulerBenchmark -Dsurefire.excludedGroups=none \
  -Dbench.dashboards="${1:-1000}" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E "^(dashboards|concurrency|sequential|scheduler cycle)|FAIL|Expect|failed dashboards"
