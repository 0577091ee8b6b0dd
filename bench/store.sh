# Sourced by bench/scheduler.sh and bench/webhook.sh: "--postgresql" as the first argument runs the benchmark
# on a throwaway PostgreSQL (scripts/postgres.sh, own port and directory, stopped on exit) instead of H2.
# Sets STORE_ARGS (Maven arguments) and shifts the option away.
STORE_ARGS=()
if [[ "${1:-}" == "--postgresql" ]]; then
  shift
  export PG_BASE="${PG_BASE:-/tmp/dashboard-insights-bench-pg}"
  BENCH_PG_PORT="${BENCH_PG_PORT:-55439}"
  trap 'scripts/postgres.sh stop "$BENCH_PG_PORT" >/dev/null 2>&1 || true' EXIT
  PG_URL="$(scripts/postgres.sh start "$BENCH_PG_PORT")"
  export _TEST_QUARKUS_DATASOURCE_JDBC_URL="$PG_URL" _TEST_QUARKUS_DATASOURCE_USERNAME=postgres
  STORE_ARGS=(-Ppostgresql)
fi
