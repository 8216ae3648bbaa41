#!/usr/bin/env bash
# Peer comparison of `tremplin-sim calibrate` with girth's MML (Python, PyPI) on the same simulated
# responses: RMSE of a, b (c) against the truth and wall time, 2PL and 3PL.
#
#   engine/bench/calibration/compare.sh [--items 40] [--examinees 1000] [--seed 42] [--models 2pl,3pl]
#
# Creates engine/bench/calibration/.venv (gitignored) from requirements.txt on first use and builds
# tremplin-sim in release mode (CARGO_TARGET_DIR is honoured).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"

if [[ ! -x "$here/.venv/bin/python" ]] || ! "$here/.venv/bin/python" -c "import girth" 2>/dev/null; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install --quiet --requirement "$here/requirements.txt"
fi

(cd "$root" && CARGO_TARGET_DIR="$target" cargo build --quiet --release -p tremplin-engine --features cli --bin tremplin-sim)

exec "$here/.venv/bin/python" "$here/compare.py" "$target/release/tremplin-sim" "$@"
