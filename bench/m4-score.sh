#!/usr/bin/env bash
# Scores a forecast file against the M4 test values: sMAPE, MASE, OWA (vs Naive2), MSIS and 95 % coverage.
# Usage: bench/m4-score.sh TRAIN_CSV TEST_CSV FORECAST_CSV
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 TRAIN_CSV TEST_CSV FORECAST_CSV" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
train=$(realpath "$1")
test=$(realpath "$2")
fc=$(realpath "$3")
source bench/classpath.sh
"$(.mvn/jdk.sh)/bin/java" -cp "$CP" io.dashinsights.bench.M4Scorer "$train" "$test" "$fc"
