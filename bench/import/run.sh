#!/usr/bin/env bash
# CSV import speed: `attune import` against sqlite3's own `.mode csv` + `.import` of the same
# file into a plain table, each into a fresh data directory / database, in the same run.
#
# Usage: bench/import/run.sh [ATTUNE_BINARY] [ROWS...]
#   ATTUNE_BINARY  default: build/src/main/attune (build it in RelWithDebInfo or Release first)
#   ROWS           default: 1000000 10000000
# Environment: BENCH_DIR (default /tmp/attune-bench-import) holds the generated files; they are
# reused when present, so a second run times only the imports.
# Prints, per size: seconds and peak RSS (from /usr/bin/time) for both, and the ratio
# attune/sqlite3 (goal: <= 1.5). Peak RSS that stays flat from 1M to 10M rows is the check that
# the import streams in constant memory.
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

# Runs a command under /usr/bin/time; prints "seconds peak_rss_mib".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$log"
  rm -f "$log"
}

printf "%-10s %10s %10s %12s %12s %8s\n" rows attune_s sqlite3_s attune_MiB sqlite3_MiB ratio
for rows in "${SIZES[@]}"; do
  csv="$BENCH_DIR/interactions_$rows.csv"
  generate "$rows" "$csv"
  rm -rf "$BENCH_DIR/attune-data" "$BENCH_DIR/sqlite.db"
  read -r a_s a_mib < <(measure "$ATTUNE" --log-level warn import --group bench \
      --data-dir "$BENCH_DIR/attune-data" --json "$csv")
  read -r s_s s_mib < <(measure sqlite3 "$BENCH_DIR/sqlite.db" -cmd ".mode csv" ".import $csv events")
  ratio=$(awk -v a="$a_s" -v s="$s_s" 'BEGIN { printf "%.2f", a / s }')
  printf "%-10s %10s %10s %12s %12s %8s\n" "$rows" "$a_s" "$s_s" "$a_mib" "$s_mib" "$ratio"
done
rm -rf "$BENCH_DIR/attune-data" "$BENCH_DIR/sqlite.db"
