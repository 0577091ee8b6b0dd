#!/usr/bin/env bash
# Time from `java -jar quarkus-run.jar` to the first 200 answer, the CPU the JVM used until then, and its RSS,
# for the packaged app as before (fast-jar, no cache) and with the JDK's AOT cache (Quarkus' aot-jar packaging
# trained at build time: JDK >= 25 -XX:AOTCache, AppCDS on older JDKs). Runs on a free port with a throwaway H2
# database, no in-process schedule, demo metrics and the local Grafana sink (nothing external is called), with the
# product's JVM flags (deploy/jvm.options, as deploy/Dockerfile starts it).
# Builds what is missing or older than the sources.
#
#   bench/startup.sh [runs]        # default 3 runs each; the last line is the headline (medians)
#   PATH_TO_POLL=/q/health/ready bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-3}"
POLL_PATH="${PATH_TO_POLL:-/q/health/live}"
JDK="$(.mvn/jdk.sh)"
JAVA="$JDK/bin/java"
JVM_OPTIONS="$(pwd)/deploy/jvm.options"
FEATURE="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JDK/release")"
PREVIOUS="3.55 s to first answer, RSS 208 MB (2026-11-27, fast-jar on Java 17); 2.43 s / 269 MB with the AOT cache, 3.36 s / 219 MB without (2026-12-01, JDK 25, C2 on)"

stale() { # $1 = app dir: missing, built by another profile, or older than the sources
  [[ ! -f "$1/quarkus-run.jar" ]] \
    || [[ -n "$(find "$1/lib" \( -name '*amazon-lambda*' -o -name '*knative-events*' \) 2>/dev/null | head -1)" ]] \
    || [[ -n "$(find src/main pom.xml -newer "$1/quarkus-run.jar" -print -quit)" ]]
}

if stale target/quarkus-app; then
  echo "building target/quarkus-app (fast-jar) ..." >&2
  ./mvnw -B -q package -DskipTests >&2
fi
if [[ "$FEATURE" -ge 25 ]]; then AOT_TYPE=AOT; CACHE_FLAG="-XX:AOTCache=app.aot"; else AOT_TYPE=AppCDS; CACHE_FLAG="-XX:SharedArchiveFile=app-cds.jsa"; fi
if stale target/quarkus-app-aot; then
  echo "building target/quarkus-app-aot (aot-jar, $AOT_TYPE trained at build) ..." >&2
  ./mvnw -B -q package -DskipTests -Dquarkus.package.output-directory=quarkus-app-aot \
    -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type="$AOT_TYPE" -Dquarkus.package.jar.aot.phase=BUILD >&2
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ms() { date +%s%3N; }

# measure LABEL APP_DIR [JVM flags...]: prints one line per run, sets MEDIAN="ms rss_mb cpu_ms"
measure() {
  local label="$1" dir="$2"; shift 2
  local results=() i port data start pid elapsed rss_kb cpu_ms
  for ((i = 1; i <= RUNS; i++)); do
    port="$(free_port)"
    data="$(mktemp -d)"
    start="$(now_ms)"
    # From the app's own directory: the cache records the class path as the training run saw it.
    # Production refuses to start without an invoker token (#12): a throwaway one per run, from the environment; the
    # webhook's bearer token too, as a deployment has it, so the instance primes its webhook path before it is ready
    # (insights.alerts.prime-deliveries; PATH_TO_POLL=/q/health/ready includes that).
    (cd "$dir" && INSIGHTS_INVOKER_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(24))')" \
      INSIGHTS_ALERTS_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(24))')" \
      exec "$JAVA" @"$JVM_OPTIONS" "$@" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
      -Dquarkus.datasource.jdbc.url="jdbc:h2:file:${data}/insights;DB_CLOSE_ON_EXIT=FALSE" \
      -Dinsights.schedule.enabled=false -Dquarkus.log.level=WARN \
      -jar quarkus-run.jar) >"${data}/app.log" 2>&1 &
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
    if grep -q "AOT cache\|Unable to map\|archive.*fail" "${data}/app.log"; then
      echo "$label: the JVM refused the cache:" >&2
      grep "aot\|cds\|archive" "${data}/app.log" >&2 || true
    fi
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    trap - EXIT
    rm -rf "$data"
    echo "$label run $i: first 200 on ${POLL_PATH} after ${elapsed} ms (CPU ${cpu_ms} ms), RSS $((rss_kb / 1024)) MB"
    results+=("${elapsed} $((rss_kb / 1024)) ${cpu_ms}")
  done
  MEDIAN="$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')"
}

summary() { # "ms rss cpu" -> "X ms (CPU Y ms), RSS Z MB"
  read -r ms rss cpu <<<"$1"
  echo "$ms ms (CPU $cpu ms), RSS $rss MB"
}

measure "fast-jar, no cache" target/quarkus-app
plain="$MEDIAN"
measure "aot-jar + $AOT_TYPE cache" target/quarkus-app-aot "$CACHE_FLAG"
cached="$MEDIAN"

echo "JDK $FEATURE, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
echo "previous: $PREVIOUS"
echo "fast-jar, no cache (median of ${RUNS}): $(summary "$plain")"
echo "startup (median of ${RUNS}) with the $AOT_TYPE cache: $(summary "$cached"); without: $(summary "$plain"); previous $PREVIOUS"
