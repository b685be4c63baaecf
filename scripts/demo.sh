#!/usr/bin/env bash
# The one command to a running Attune with sample data:
#   1. installs what is missing and builds (scripts/setup.sh),
#   2. generates a synthetic news site into ./attune-data/sample (2,000 users, 3,000 stories,
#      300,000 reading events over 30 days ending now),
#   3. imports its stories and reading events into the dataset group "news" (`attune import`),
#   4. starts `attune serve` on 127.0.0.1:8080 in the background with an admin key it creates
#      once and keeps in ./attune-data/admin-key,
#   5. declares the users schema (REGION categorical, AGE numeric) and imports users.csv through
#      the API, then prints the key and curl commands that work as printed (and runs them once).
# Idempotent: a second run skips what is done (generation, import, a server already running).
# Usage: scripts/demo.sh [--no-build]      Stop the server: kill "$(cat attune-data/serve.pid)"
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "demo.sh: unknown option $arg (the only option is --no-build)" >&2; exit 2 ;;
  esac
done

data_dir="${ATTUNE_DATA_DIR:-$PWD/attune-data}"
sample="$data_dir/sample"
group=news
port=8080
base="http://127.0.0.1:$port"
attune="${ATTUNE_BIN:-$repo/build/src/main/attune}"  # ATTUNE_BIN: use another build

step() { printf '\n== %s\n' "$*"; }

step "1/5 install and build (scripts/setup.sh)"
if ((build)); then
  "$repo/scripts/setup.sh"
fi
if [ ! -x "$attune" ]; then
  echo "demo.sh: $attune is missing: run scripts/setup.sh (or drop --no-build)" >&2
  exit 1
fi
mkdir -p "$data_dir"

step "2/5 generate a sample news site into $sample"
if [ -f "$sample/interactions.csv" ] && [ -f "$sample/items.csv" ] && [ -f "$sample/users.csv" ]; then
  echo "already there: skipping (delete $sample to make a new one)"
else
  "$attune" generate --out "$sample" --users 2000 --stories 3000 --interactions 300000 \
    --days 30 --end now --seed 42
fi

step "3/5 import the stories and the reading events into the group \"$group\""
# Items first, so that interactions find their stories at once. A marker per dataset makes a
# second run skip what is imported already.
for dataset in items interactions; do
  if [ -f "$sample/.imported-$dataset" ]; then
    echo "$dataset.csv already imported: skipping (delete $sample/.imported-$dataset to redo)"
    continue
  fi
  "$attune" import --group "$group" --dataset "$dataset" --data-dir "$data_dir" \
    "$sample/$dataset.csv"
  touch "$sample/.imported-$dataset"
done

step "4/5 start the server on $base"
key_file="$data_dir/admin-key"
if [ ! -s "$key_file" ]; then
  (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$key_file")
fi
admin_key="$(cat "$key_file")"
pid_file="$data_dir/serve.pid"
running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }
answers() { curl -s -o /dev/null "$base/healthz"; }
# A server that is stopping (it finishes requests in flight) gets a few seconds to go.
for _ in $(seq 1 50); do
  if ! running || answers; then break; fi
  sleep 0.1
done
if running && answers; then
  echo "already running (pid $(cat "$pid_file"))"
elif running; then
  echo "demo.sh: pid $(cat "$pid_file") (from $pid_file) is alive but $base does not answer:" \
       "stop it, or delete $pid_file if it is not attune" >&2
  exit 1
else
  if answers; then
    echo "demo.sh: something else already answers on $base: stop it first" >&2
    exit 1
  fi
  ATTUNE_ADMIN_KEY="$admin_key" nohup "$attune" serve --data-dir "$data_dir" --port "$port" \
    > "$data_dir/serve.log" 2>&1 &
  echo $! > "$pid_file"
  for _ in $(seq 1 300); do
    answers && break
    kill -0 "$(cat "$pid_file")" 2>/dev/null || { echo "demo.sh: the server exited; its log:" >&2;
                                                  cat "$data_dir/serve.log" >&2; exit 1; }
    sleep 0.1
  done
  answers || { echo "demo.sh: no answer on $base/healthz; see $data_dir/serve.log" >&2; exit 1; }
  echo "started (pid $(cat "$pid_file"), log $data_dir/serve.log)"
fi

step "5/5 declare the users schema (REGION, AGE) and import users.csv through the API"
auth="Authorization: Bearer $admin_key"
if [ -f "$sample/.imported-users" ]; then
  echo "users.csv already imported: skipping (delete $sample/.imported-users to redo)"
else
  curl -sf -X PUT "$base/v1/groups/$group/schemas/users" -H "$auth" \
    -d '{"fields": [{"name": "REGION", "type": "categorical"}, {"name": "AGE", "type": "numeric"}]}'
  echo
  answer="$(curl -sf -X POST "$base/v1/groups/$group/imports?dataset=users" -H "$auth" \
    -H "Content-Type: text/csv" --data-binary "@$sample/users.csv")"
  echo "$answer"
  case "$answer" in
    *'"status":"succeeded"'*) touch "$sample/.imported-users" ;;
    *) echo "demo.sh: importing users.csv did not succeed (answer above)" >&2; exit 1 ;;
  esac
fi

step "try it"
# A real reader (the most active one) and the newest story of the sample.
user_id="$(awk -F, 'NR > 1 { n[$1]++ } END { for (u in n) if (n[u] > best) { best = n[u]; id = u }
                     print id }' "$sample/interactions.csv")"
item_id="$(tail -n 1 "$sample/items.csv" | cut -d, -f1)"
event='{"user_id": "'"$user_id"'", "session_id": "demo", "events": [{"event_type": "open", "item_id": "'"$item_id"'"}]}'
commands=(
  "curl -s -H 'Authorization: Bearer $admin_key' $base/v1/groups/$group"
  "curl -s -H 'Authorization: Bearer $admin_key' '$base/v1/groups/$group/users/$user_id/interactions?limit=5'"
  "curl -s -H 'Authorization: Bearer $admin_key' -H 'Content-Type: application/json' -d '$event' $base/v1/groups/$group/events"
)
echo "admin key: $admin_key   (kept in $key_file)"
for command in "${commands[@]}"; do
  printf '\n$ %s\n' "$command"
  bash -c "$command" || echo "(failed: exit $?)"
  echo
done
printf '\nStop the server: kill "$(cat %s)"\n' "$pid_file"
