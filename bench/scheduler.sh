#!/usr/bin/env bash
# One trigger cycle over 1,000 due dashboards, Prometheus and Grafana stand-ins at 50 ms each:
# bounded concurrency (insights.schedule.concurrency, default 8) vs a one-at-a-time baseline.
#   bench/scheduler.sh [DASHBOARDS]   (the last line ends with "speedup <ratio>x")
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=SchedulerBenchmark -Dsurefire.excludedGroups=none -Dbench.dashboards="${1:-1000}" \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "^(dashboards|concurrency|sequential|scheduler cycle)|FAIL|Expect"
