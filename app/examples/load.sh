#!/usr/bin/env bash
# Runs the release server on a fresh database and the load generator (app/examples/load.rs)
# against it, then stops the server and drops the database. Used by `make load` and `make soak`.
#
#   app/examples/load.sh load sqlite|postgres [CLIENTS...]   closed loop, one run per count
#   app/examples/load.sh soak sqlite|postgres                steady rate (SOAK_RATE, SOAK_SECONDS)
#
# Each run's figures (one JSON object) are appended to target/load/<mode>.jsonl. Environment:
# LOAD_ANSWERS (answers per run, default 8000), SOAK_RATE (200), SOAK_SECONDS (600),
# TEST_POSTGRES_URL (the PostgreSQL server, default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:?load or soak}
backend=${2:?sqlite or postgres}
shift 2
bin=target/release/tremplin
gen=target/release/examples/load
admin_url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
out=target/load/$mode.jsonl
mkdir -p target/load

work=
db_name=
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # A graceful stop takes well under 15 s; past that, it is killed.
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$db_name" ]; then psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

work=$(mktemp -d /tmp/tremplin-load.XXXXXX)
case $backend in
  sqlite) url="sqlite://$work/load.db" ;;
  postgres)
    db_name=tremplin_load_$$
    psql -q "$admin_url" -c "CREATE DATABASE $db_name"
    url="${admin_url%/*}/$db_name"
    ;;
  *) echo "unknown backend: $backend (sqlite or postgres)" >&2; exit 2 ;;
esac

# Starts are not what is measured: their per-address limit is raised out of the way.
DATABASE_URL=$url TREMPLIN_ADDR=127.0.0.1:0 RUST_LOG=info NO_COLOR=1 \
  TREMPLIN_STARTS_PER_MINUTE=1000000 TREMPLIN_STARTS_BURST=100000 \
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

tag() { sed "s/^{/{\"backend\":\"$backend\",\"date\":\"$(date -u +%FT%TZ)\",/"; }

case $mode in
  load)
    # A first short run warms the server up (connections, caches); it is not reported.
    "$gen" --url "$base" load --clients 8 --answers 1000 >/dev/null \
      || { echo "the warm-up run failed" >&2; exit 1; }
    for clients in "${@:-8 32}"; do
      for c in $clients; do
        echo "== $backend, $c clients" >&2
        "$gen" --url "$base" --pid "$server_pid" load --clients "$c" --answers "${LOAD_ANSWERS:-8000}" | tail -n1 | tag | tee -a "$out"
      done
    done
    ;;
  soak)
    echo "== $backend, ${SOAK_RATE:-200} answers/s for ${SOAK_SECONDS:-600} s" >&2
    "$gen" --url "$base" --pid "$server_pid" soak --rate "${SOAK_RATE:-200}" --seconds "${SOAK_SECONDS:-600}" | tail -n1 | tag | tee -a "$out"
    ;;
  *) echo "unknown mode: $mode (load or soak)" >&2; exit 2 ;;
esac
if grep -E 'ERROR|panicked' "$work/server.log" >&2; then
  echo "the server logged errors (above)" >&2
  exit 1
fi
