#!/usr/bin/env bash
# Speed of `attune generate`, as ratios against references measured in the same run on the
# same disk: copying the produced interactions.csv (`cat > copy; sync`: the cost of just writing
# those bytes) and counting its lines (`wc -l`: reading them once). Both wall-clock and CPU
# (user + sys) seconds are reported: on a shared, loaded machine wall-clock mostly measures the
# neighbours, CPU seconds measure the generator.
# Usage: bench/synth/run.sh [INTERACTIONS (default 10000000)] [ATTUNE_BINARY] [WORK_DIR]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-10000000}"
attune="${2:-$repo/build/src/main/attune}"
work="${3:-$(mktemp -d)}"
mkdir -p "$work"
trap 'rm -rf "$work/site" "$work/copy.csv"' EXIT

measure() {  # measure COMMAND...: prints "wall cpu" seconds (output discarded)
  local TIMEFORMAT='%R %U %S'
  { time "$@" > /dev/null 2>&1; } 2>&1 | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

read -r gen_wall gen_cpu < <(measure sh -c "'$attune' generate --out '$work/site' \
  --interactions $count && sync '$work/site/interactions.csv'")
bytes=$(stat -c %s "$work/site/interactions.csv")
read -r cat_wall cat_cpu < <(measure sh -c "cat '$work/site/interactions.csv' > '$work/copy.csv' \
  && sync '$work/copy.csv'")
read -r wc_wall wc_cpu < <(measure wc -l "$work/site/interactions.csv")
echo "interactions $count, interactions.csv $bytes bytes, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "generate: wall $gen_wall s, cpu $gen_cpu s ($(awk -v a="$count" -v b="$gen_wall" 'BEGIN { printf "%.0f", a / b }') rows/s wall)"
echo "cat copy: wall $cat_wall s, cpu $cat_cpu s;  wc -l: wall $wc_wall s, cpu $wc_cpu s"
echo "ratio generate / cat copy: wall $(ratio "$gen_wall" "$cat_wall")x"
echo "ratio generate / wc -l:    wall $(ratio "$gen_wall" "$wc_wall")x, cpu $(ratio "$gen_cpu" "$wc_cpu")x"
