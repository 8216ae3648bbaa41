#!/usr/bin/env bash
# Reference simulations on the benchmark banks (engine/bench/data, copied from the team's shared
# benchmark set). Prints one markdown row per condition; figures are written into README.md by hand.
# Usage: engine/bench/run_sim.sh [REPLICATIONS]   (default 5: 5 × 1000 examinees per condition)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-5}
cargo build -q --release -p tremplin-engine --features cli
sim=target/release/tremplin-sim
data=engine/bench/data
pop=$data/population_normal_1000.csv
row() { # label, args...
  local label=$1; shift
  "$sim" --population "$pop" --json "$@" 2>/dev/null | tail -n 1 | python3 -c '
import json, sys
r = json.load(sys.stdin)
f = "| {} | {rmse:.3f} | {bias:+.3f} | {rms_se:.3f} | {se_rmse_ratio:.2f} | {mean_length:.1f} | {reached:.0f}% | {max_exposure:.2f} | {overlap:.2f} | {wall_ms:.0f} | {step_p50_us:.2f} / {step_p99_us:.2f} |"
print(f.format(sys.argv[1], reached=100 * r["reached_se_share"], **r))' "$label"
}
echo "| condition | RMSE | bias | RMS SE | SE/RMSE | length | SE<.3 | max exp. | overlap | ms | step p50/p99 µs |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for m in 3pl 2pl; do
  b=$data/bank_${m}_500.csv
  for L in 10 20 30; do row "$m N=500 EAP+MFI L=$L" --bank "$b" --stop length:$L --replications "$reps"; done
  row "$m N=500 EAP+MFI SE<.3 (max 50)" --bank "$b" --stop se:0.3,max:50 --replications "$reps"
  row "$m N=500 randomesque-5 L=20" --bank "$b" --select randomesque:5 --stop length:20 --replications "$reps"
  row "$m N=500 Sympson-Hetter 0.2 L=20" --bank "$b" --select sympson-hetter:0.2 --stop length:20 --replications "$reps"
  row "$m N=500 progressive L=20" --bank "$b" --select progressive --stop length:20 --replications "$reps"
  row "$m N=500 random L=20" --bank "$b" --select random --stop length:20 --replications "$reps"
  for e in map mle wle; do row "$m N=500 ${e^^}+MFI L=20" --bank "$b" --estimate $e --stop length:20 --replications "$reps"; done
  for n in 5000 50000; do row "$m N=$n EAP+MFI L=20" --bank "$data/bank_${m}_$n.csv" --stop length:20; done
done
echo
echo "Timing of the benchmark's own design (1 replication, 1000 × 20, 3PL N=500):"
"$sim" --population "$pop" --bank "$data/bank_3pl_500.csv" --stop length:20 2>/dev/null | tail -n 1
echo
echo "Profile model (16 competences × 40 items, correlation 0.7, 48 items, 1000 examinees):"
"$sim" profile --competences 16 --items-per-competence 40 --correlation 0.7 --length 48 --examinees 1000 2>/dev/null | tail -n 1
"$sim" profile --competences 16 --items-per-competence 40 --correlation 0.7 --length 48 --examinees 1000 --guessing 2>/dev/null | tail -n 1
