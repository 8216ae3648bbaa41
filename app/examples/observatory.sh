#!/usr/bin/env bash
# The observatory at scale (issue 10's benchmark): seeds synthetic records into a fresh database
# (`tremplin observatory seed`), serves it with the release server, and measures, for each
# public table, the API's answer time (median and max of RUNS requests with curl, after one
# request that parses it) and `/observatoire`; then the refresh after 1,000 new records
# (`seed --records 1000 --inbox`: moving them and republishing). Used by `make observatory-bench`.
#
#   app/examples/observatory.sh sqlite|postgres [RECORDS] [MONTHS]     (1000000 and 12 by default)
#
# Environment: RUNS (20), TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
# The figures go to stdout as markdown and, one JSON object per run, to
# target/observatory/bench.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."

backend=${1:?sqlite or postgres}
records=${2:-1000000}
months=${3:-12}
runs=${RUNS:-20}
bin=target/release/tremplin
admin_url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
out=target/observatory/bench.jsonl
mkdir -p target/observatory
[ -x "$bin" ] || { echo "no $bin: run make server first" >&2; exit 2; }

work=
db_name=
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$db_name" ]; then psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

work=$(mktemp -d /tmp/tremplin-observatory.XXXXXX)
case $backend in
  sqlite) url="sqlite://$work/observatory.db" ;;
  postgres)
    db_name=tremplin_observatory_$$
    psql -q "$admin_url" -c "CREATE DATABASE $db_name"
    url="${admin_url%/*}/$db_name"
    ;;
  *) echo "unknown backend: $backend (sqlite or postgres)" >&2; exit 2 ;;
esac

echo "== $backend: seeding $records records over $months months" >&2
seeded=$(DATABASE_URL=$url "$bin" observatory seed --records "$records" --months "$months" --seed 7 | tail -n1)
echo "$seeded" >&2

DATABASE_URL=$url TREMPLIN_ADDR=127.0.0.1:0 RUST_LOG=info NO_COLOR=1 \
  "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
base=
for _ in $(seq 1 120); do
  base=$(grep -o 'listens on http://127.0.0.1:[0-9]*' "$work/server.log" | sed 's/listens on //' || true)
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$base" ] || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

# "median max bytes" of RUNS requests to a path, in ms, after one unmeasured request.
measure() {
  local path=$1 times=() bytes
  bytes=$(curl -sf -o /dev/null -w '%{size_download}' "$base$path")
  for _ in $(seq 1 "$runs"); do
    times+=("$(curl -sf -o /dev/null -w '%{time_total}' "$base$path")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v b="$bytes" '
    { t[NR] = $1 * 1000 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
          printf "%.1f %.1f %d\n", m, t[NR], b }'
}

echo "| $backend, $records records | median ms | max ms | bytes |"
echo "|---|---|---|---|"
json="{\"backend\":\"$backend\",\"records\":$records,\"months\":$months,\"date\":\"$(date -u +%FT%TZ)\",\"seed\":\"${seeded//\"/}\",\"tables\":{"
first=1
tables=$(curl -sf "$base/api/v1/observatory/tables" | python3 -c 'import json,sys; print(" ".join(t["name"] for t in json.load(sys.stdin)["tables"]))')
for name in $tables; do
  read -r median max bytes < <(measure "/api/v1/observatory/tables/$name")
  echo "| \`GET /api/v1/observatory/tables/$name\` | $median | $max | $bytes |"
  [ $first = 1 ] || json+=","
  first=0
  json+="\"$name\":{\"median_ms\":$median,\"max_ms\":$max,\"bytes\":$bytes}"
done
read -r median max bytes < <(measure "/observatoire")
echo "| \`GET /observatoire\` | $median | $max | $bytes |"
json+="},\"page\":{\"median_ms\":$median,\"max_ms\":$max,\"bytes\":$bytes}"

# The refresh after 1,000 new records: they wait in the inbox, then a forced pass moves them
# and republishes (their month, the current one, is not released yet).
refresh=$(DATABASE_URL=$url "$bin" observatory seed --records 1000 --inbox --seed 8 | tail -n1)
echo "refresh after 1,000 new records: $refresh"
json+=",\"refresh\":\"${refresh//\"/}\"}"
echo "$json" >>"$out"
if grep -E 'ERROR|panicked' "$work/server.log" >&2; then
  echo "the server logged errors (above)" >&2
  exit 1
fi
