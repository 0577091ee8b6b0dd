#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port, for the test suites that run on PostgreSQL.
#   scripts/postgres.sh start [PORT]   installs Debian's postgresql if missing, starts a fresh cluster,
#                                       creates database "insights", prints the JDBC URL
#   scripts/postgres.sh pause|resume   stops/starts the server keeping its data (outage tests)
#   scripts/postgres.sh stop           stops it and deletes its data
set -euo pipefail
PORT="${2:-55432}"
BASE="${PG_BASE:-/tmp/dashboard-insights-pg}"
DATA="$BASE/data"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] || return 1
  echo "$dir"
}

as_pg() {
  # initdb refuses to run as root: run the server as the postgres system user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if ! BIN=$(pg_bin); then
      echo "installing postgresql from Debian packages"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
      BIN=$(pg_bin)
    fi
    "$0" stop >/dev/null 2>&1 || true
    mkdir -p "$BASE"
    [ "$(id -u)" = 0 ] && chown postgres "$BASE"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $BASE -c fsync=off -c max_connections=200" start >/dev/null
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres insights
    echo "jdbc:postgresql://127.0.0.1:$PORT/insights"
    ;;
  pause)
    # Stops the server but keeps its data, to play a database outage.
    BIN=$(pg_bin)
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    ;;
  resume)
    BIN=$(pg_bin)
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $BASE -c fsync=off -c max_connections=200" start >/dev/null
    ;;
  stop)
    if BIN=$(pg_bin) && [ -d "$DATA" ]; then
      as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$BASE"
    ;;
  *)
    echo "usage: $0 start [PORT] | pause [PORT] | resume [PORT] | stop" >&2
    exit 2
    ;;
esac
