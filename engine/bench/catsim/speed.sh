#!/usr/bin/env bash
# Whole-simulation speed against catsim (Python, PyPI) on the same machine, same bank and
# population: 1000 examinees x 20 items, maximum information, MLE, 3PL N = 500, alternating runs.
#
#   engine/bench/catsim/speed.sh [RUNS]   (default 3)
#
# Creates engine/bench/catsim/.venv (gitignored) from requirements.txt on first use and builds
# tremplin-sim in release mode (CARGO_TARGET_DIR is honoured). Run it on an idle machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
runs="${1:-3}"
bank="$root/engine/bench/data/bank_3pl_500.csv"
population="$root/engine/bench/data/population_normal_1000.csv"

if [[ ! -x "$here/.venv/bin/python" ]] || ! "$here/.venv/bin/python" -c "import catsim" 2>/dev/null; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install --quiet --requirement "$here/requirements.txt"
fi
(cd "$root" && CARGO_TARGET_DIR="$target" cargo build --quiet --release -p tremplin-engine --features cli --bin tremplin-sim)

for _ in $(seq "$runs"); do
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$here/.venv/bin/python" "$here/speed.py" "$bank" "$population" 20
    "$target/release/tremplin-sim" --population "$population" --bank "$bank" --stop length:20 \
        --estimate mle --json 2>/dev/null | tail -n 1 | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(json.dumps({"program": "tremplin-sim", "wall_ms": r["wall_ms"], "rmse": r["rmse"]}))'
done
