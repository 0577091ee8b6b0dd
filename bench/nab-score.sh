#!/usr/bin/env bash
# Prints NAB normalised scores (standard, reward_low_FP_rate, reward_low_FN_rate) for a results folder.
#   bench/nab-score.sh RESULTS_DIR LABELS_JSON [DATA_DIR]     (-Dnab.perFile=true via JAVA_OPTS for a per-file table)
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 RESULTS_DIR LABELS_JSON [DATA_DIR]" >&2
  exit 2
fi
args=()
for a in "$@"; do args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"); done
cd "$(dirname "$0")/.."
source bench/classpath.sh
"$(.mvn/jdk.sh)/bin/java" ${JAVA_OPTS:-} -cp "$CP" io.dashinsights.bench.NabScorer "${args[@]}"
