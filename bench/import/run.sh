#!/usr/bin/env bash
# CSV import speed: `attune import` against sqlite3's own `.mode csv` + `.import` of the same
# file into a plain table, each into a fresh data directory / database, in the same run.
#
# Usage: bench/import/run.sh [ATTUNE_BINARY] [ROWS...]
#   ATTUNE_BINARY  default: build/src/main/attune (build it in RelWithDebInfo or Release first)
#   ROWS           default: 1000000 10000000
# Environment: BENCH_DIR (default /tmp/attune-bench-import) holds the generated files; they are
# reused when present, so a second run times only the imports.
# Prints, per size: wall seconds, CPU seconds (user+system) and peak RSS (from /usr/bin/time) for
# both, and the ratios attune/sqlite3 of wall and CPU time (goal: <= 1.5). On a shared machine the
# CPU ratio is the steadier one: wall time includes waiting for other processes.
set -euo pipefail

ATTUNE=${1:-build/src/main/attune}
shift || true
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(1000000 10000000)
BENCH_DIR=${BENCH_DIR:-/tmp/attune-bench-import}
mkdir -p "$BENCH_DIR"

[[ -x "$ATTUNE" ]] || { echo "no attune binary at $ATTUNE; build it or pass its path" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing: apt-get install sqlite3" >&2; exit 1; }

# USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE with 100k users, 50k items, 3 event types.
generate() {
  local rows=$1 out=$2
  [[ -s "$out" ]] && return
  echo "generating $rows rows into $out" >&2
  awk -v n="$rows" 'BEGIN {
    srand(42); split("open read like", ev, " ");
    print "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE";
    for (i = 0; i < n; i++)
      printf "u%d,i%d,%s,%d,%d\n", int(rand() * 100000), int(rand() * 50000), ev[i % 3 + 1],
             1700000000 + i, int(rand() * 5);
  }' > "$out.tmp"
  mv "$out.tmp" "$out"
}

# Runs a command under /usr/bin/time; prints "wall_seconds cpu_seconds peak_rss_mib".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" > /dev/null
  awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$log"
  rm -f "$log"
}

printf "%-10s %9s %9s %10s %10s %11s %11s %10s %9s\n" rows attune_s sqlite3_s attune_cpu \
  sqlite3_cpu attune_MiB sqlite3_MiB wall_ratio cpu_ratio
for rows in "${SIZES[@]}"; do
  csv="$BENCH_DIR/interactions_$rows.csv"
  generate "$rows" "$csv"
  rm -rf "$BENCH_DIR/attune-data" "$BENCH_DIR/sqlite.db"
  read -r a_s a_cpu a_mib < <(measure "$ATTUNE" --log-level warn import --group bench \
      --data-dir "$BENCH_DIR/attune-data" --json "$csv")
  read -r s_s s_cpu s_mib < <(measure sqlite3 "$BENCH_DIR/sqlite.db" -cmd ".mode csv" ".import $csv events")
  ratio=$(awk -v a="$a_s" -v s="$s_s" 'BEGIN { printf "%.2f", a / s }')
  cpu_ratio=$(awk -v a="$a_cpu" -v s="$s_cpu" 'BEGIN { printf "%.2f", a / s }')
  printf "%-10s %9s %9s %10s %10s %11s %11s %10s %9s\n" "$rows" "$a_s" "$s_s" "$a_cpu" "$s_cpu" \
    "$a_mib" "$s_mib" "$ratio" "$cpu_ratio"
done
rm -rf "$BENCH_DIR/attune-data" "$BENCH_DIR/sqlite.db"
