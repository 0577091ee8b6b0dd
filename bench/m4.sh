#!/usr/bin/env bash
# Forecasts every series of an M4 hourly file 48 steps ahead with io.dashinsights.analysis.Forecaster.
# Usage: bench/m4.sh TRAIN_CSV OUT_CSV   (OUT_CSV: id,step,forecast,lower95,upper95; time per series on stdout)
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 TRAIN_CSV OUT_CSV" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
train=$(realpath "$1")
out=$(realpath -m "$2")
source bench/classpath.sh
"$(.mvn/jdk.sh)/bin/java" -cp "$CP" io.dashinsights.bench.M4Runner "$train" "$out"
