#!/usr/bin/env bash
# Speed of `attune generate`, as a ratio against references measured in the same run on the
# same disk: copying the produced interactions.csv (`cat > copy`: the cost of just writing those
# bytes) and counting its lines (`wc -l`: reading them once).
# Usage: bench/synth/run.sh [INTERACTIONS (default 10000000)] [ATTUNE_BINARY] [WORK_DIR]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-10000000}"
attune="${2:-$repo/build/src/main/attune}"
work="${3:-$(mktemp -d)}"
mkdir -p "$work"
trap 'rm -rf "$work/site" "$work/copy.csv"' EXIT

seconds() {  # seconds COMMAND...: wall-clock seconds of the command (stdout discarded)
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

gen=$(seconds sh -c "'$attune' generate --out '$work/site' --interactions $count && sync '$work/site/interactions.csv'")
bytes=$(stat -c %s "$work/site/interactions.csv")
copy=$(seconds sh -c "cat '$work/site/interactions.csv' > '$work/copy.csv' && sync '$work/copy.csv'")
lines=$(seconds wc -l "$work/site/interactions.csv")
printf 'interactions %s, interactions.csv %s bytes, load %s\n' "$count" "$bytes" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'generate %.2f s (%.0f rows/s), cat copy %.2f s, wc -l %.2f s\n' "$gen" \
  "$(div "$count" "$gen")" "$copy" "$lines"
printf 'ratio generate/cat-copy %.2f, generate/wc-l %.2f\n' "$(div "$gen" "$copy")" \
  "$(div "$gen" "$lines")"
