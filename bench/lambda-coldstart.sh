#!/usr/bin/env bash
# AWS Lambda cold start without SnapStart: target/function.zip of the -Plambda build, unzipped and started by
# LambdaColdStartBench as the managed java21 runtime starts it (AWS's runtime interface client calling
# QuarkusStreamHandler), polling Quarkus' mock Lambda event server for one event:
# on-webhook-error-alert (an API Gateway HTTP API event with an Alertmanager body; answering includes the store
# insert and queueing the group in ElasticMQ) and trigger-on-schedule (an EventBridge event). Prints time from
# process start to the function's answer, CPU and RSS per run; the headline (medians) is last.
#   bench/lambda-coldstart.sh [runs]     (default 3)
# The lambda build goes to target/lambda-coldstart (a copy of the sources) so target/ keeps the default build.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
JDK="$(.mvn/jdk.sh)"
JAVA="$JDK/bin/java"
BUILD=target/lambda-coldstart
mkdir -p "$BUILD"
tar --exclude=./target --exclude=./.git -cf - . | tar -C "$BUILD" -xf -
(
  cd "$BUILD"
  # No -o: on a fresh clone Maven downloads what it needs.
  ./mvnw -B -q -Plambda package -DskipTests >&2
  ./mvnw -B -q -Plambda org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test >&2
)
export PG_BASE="${PG_BASE:-/tmp/dashboard-insights-coldstart-pg}"
PG_PORT="${BENCH_PG_PORT:-55441}"
trap 'scripts/postgres.sh stop "$PG_PORT" >/dev/null 2>&1 || true' EXIT
PG_URL="$(scripts/postgres.sh start "$PG_PORT")"
echo "function.zip: $(stat -c %s "$BUILD/target/function.zip") bytes"
rm -rf "$BUILD/task" && mkdir -p "$BUILD/task" && (cd "$BUILD/task" && "$JDK/bin/jar" xf ../target/function.zip)
RIC_CP="$(tr ':' '\n' <"$BUILD/target/cp.txt" | grep -E '(aws-lambda-java-(runtime-interface-client|serialization|core)|utils-lite)-' | paste -sd:)"
"$JAVA" -cp "$BUILD/target/test-classes:$BUILD/target/classes:$(cat "$BUILD/target/cp.txt")" \
  io.dashinsights.lambda.LambdaColdStartBench "$BUILD/task" "$RIC_CP" "$RUNS" "$PG_URL" postgres \
  src/test/resources/payloads/alertmanager-0.25-real-firing.json "$JAVA" 2>&1 \
  | grep -vE "^(SLF4J|WARNING|INFO|ERROR: (The LogManager|nextEvent interrupted)|[A-Z][a-z]{2} [0-9]{2}, [0-9]{4})"
