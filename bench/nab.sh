#!/usr/bin/env bash
# Scores every timestamp,value CSV under DATA_DIR (recursively) with AnomalyDetector and writes
# OUT_DIR/<same relative path> (timestamp,value,anomaly_score). With LABELS_JSON, also prints NAB scores.
#   bench/nab.sh DATA_DIR OUT_DIR [LABELS_JSON]
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 DATA_DIR OUT_DIR [LABELS_JSON]" >&2
  exit 2
fi
data_dir=$(cd "$1" && pwd)
mkdir -p "$2"
out_dir=$(cd "$2" && pwd)
labels=${3:+$(cd "$(dirname "$3")" && pwd)/$(basename "$3")}
cd "$(dirname "$0")/.."
source bench/classpath.sh
"$(.mvn/jdk.sh)/bin/java" -cp "$CP" io.dashinsights.bench.NabRunner "$data_dir" "$out_dir"
if [[ -n "$labels" ]]; then
  "$(.mvn/jdk.sh)/bin/java" -cp "$CP" io.dashinsights.bench.NabScorer "$out_dir" "$labels" "$data_dir"
fi
