#!/usr/bin/env bash
# Events through the HTTP API: starts `attune serve` on a fresh data dir, creates a group and a
# track key, then runs wrk for DURATION seconds POSTing batches of 100 events (unique ids), and,
# as a same-run reference, wrk against /healthz. Prints events/s and requests/s.
# Usage: bench/events/run.sh [build-dir]   (default: build; a Release/RelWithDebInfo tree)
#   DURATION=15 CONNECTIONS=8 WRK_THREADS=2 SERVER_THREADS=8
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
BIN=${ATTUNE_BIN:-$BUILD_DIR/src/main/attune}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-8}
[ -x "$BIN" ] || { echo "no attune binary at $BIN; build it first (cmake --build $BUILD_DIR --target attune)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/attune-bench-events-XXXXXX)
ADMIN=bench-admin-key
ATTUNE_ADMIN_KEY=$ADMIN "$BIN" serve --data-dir "$WORK/data" --port 0 --threads "$SERVER_THREADS" \
  >"$WORK/stdout" 2>"$WORK/server.log" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 200); do
  grep -q "listening on" "$WORK/stdout" 2>/dev/null && break
  sleep 0.05
done
URL=$(sed -n 's/^attune: listening on //p' "$WORK/stdout")
[ -n "$URL" ] || { echo "server did not start:"; cat "$WORK/server.log"; exit 1; }

curl -sf -X POST "$URL/v1/groups" -H "Authorization: Bearer $ADMIN" -d '{"name":"bench"}' >/dev/null
KEY=$(curl -sf -X POST "$URL/v1/keys" -H "Authorization: Bearer $ADMIN" \
  -d '{"group":"bench","role":"track","name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

echo "== $(nproc) cores; server threads $SERVER_THREADS; wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s"
echo "== reference: GET /healthz"
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$URL/healthz" | tee "$WORK/healthz.txt"
echo "== POST /v1/groups/bench/events, 100 events per request"
ATTUNE_GROUP=bench ATTUNE_KEY=$KEY wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" \
  -s bench/events/events.lua "$URL" | tee "$WORK/events.txt"

ACCEPTED=$(curl -sf "$URL/metrics" | sed -n 's/^attune_events_accepted_total //p')
STORED=$(curl -sf "$URL/v1/groups/bench" -H "Authorization: Bearer $ADMIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["num_interactions"])')
HEALTH_RPS=$(sed -n 's/^Requests\/sec: *//p' "$WORK/healthz.txt")
EVENT_RPS=$(sed -n 's/^Requests\/sec: *//p' "$WORK/events.txt")
python3 - "$HEALTH_RPS" "$EVENT_RPS" "$ACCEPTED" "$STORED" "$DURATION" <<'PY'
import sys
health, rps, accepted, stored, duration = map(float, sys.argv[1:])
print(f"healthz requests/s:      {health:,.0f}")
print(f"event requests/s:        {rps:,.0f}  (x100 = {rps*100:,.0f} events/s)")
print(f"events accepted (server): {accepted:,.0f} in ~{duration:.0f}s = {accepted/duration:,.0f} events/s; stored {stored:,.0f}")
print(f"event requests / healthz requests: {rps/health:.3f}")
PY
