#!/usr/bin/env bash
# Time from `java -jar target/quarkus-app/quarkus-run.jar` to the first 200 answer, and the process's RSS then.
# Builds the packaged app first if it is missing or older than the sources. Runs on a free port with a throwaway
# H2 database, no in-process schedule, demo metrics and the local Grafana sink (nothing external is called).
#
#   bench/startup.sh [runs]        # default 3 runs; the last line is the headline (median)
#   PATH_TO_POLL=/q/health/ready bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-3}"
POLL_PATH="${PATH_TO_POLL:-/q/health/live}"
JAR=target/quarkus-app/quarkus-run.jar

# A -Plambda or -Pknative build leaves a different app in the same place: measure the default (HTTP) one.
other_profile="$(find target/quarkus-app/lib/main \( -name '*amazon-lambda*' -o -name '*knative-events*' \) 2>/dev/null | head -1 || true)"
if [[ ! -f "$JAR" || -n "$other_profile" || -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]]; then
  echo "building $JAR ..." >&2
  ./mvnw -B -q package -DskipTests >&2
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ms() { date +%s%3N; }

results=()
for ((i = 1; i <= RUNS; i++)); do
  port="$(free_port)"
  data="$(mktemp -d)"
  start="$(now_ms)"
  "$(.mvn/jdk.sh)/bin/java" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.datasource.jdbc.url="jdbc:h2:file:${data}/insights;DB_CLOSE_ON_EXIT=FALSE" \
    -Dinsights.schedule.enabled=false -Dquarkus.log.level=WARN \
    -jar "$JAR" >"${data}/app.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port}${POLL_PATH}" || true)" == 200 ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the app exited before answering; its log:" >&2
      cat "${data}/app.log" >&2
      exit 1
    fi
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - start ))
  rss_kb="$(awk '/^VmRSS:/ {print $2}' "/proc/${pid}/status")"
  # CPU the JVM used until then (user + system, all threads): on a busy machine wall time mostly measures the
  # queue for a core, this much less so.
  cpu_ms=$(( $(awk '{print $14 + $15}' "/proc/${pid}/stat") * 1000 / $(getconf CLK_TCK) ))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  trap - EXIT
  rm -rf "$data"
  echo "run $i: first 200 on ${POLL_PATH} after ${elapsed} ms (CPU ${cpu_ms} ms), RSS $((rss_kb / 1024)) MB"
  results+=("${elapsed} $((rss_kb / 1024)) ${cpu_ms}")
done

median="$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')"
echo "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
echo "startup (median of ${RUNS}): $(cut -d' ' -f1 <<<"$median") ms to first answer (CPU $(cut -d' ' -f3 <<<"$median") ms), RSS $(cut -d' ' -f2 <<<"$median") MB"
