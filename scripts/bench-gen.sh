#!/usr/bin/env bash
# The datasets speed bar: the whole paper-size MSD dataset (20480 + 4096 trajectories) at
# scipy's default tolerances, generated and written to HDF5 by warpkit, against scipy's
# solve_ivp(RK45) solving the same trajectories, read from that file (one core, as scipy runs).
# Usage: scripts/bench-gen.sh [runs] [scipy_max_per_split]   (run from the repository root)
set -euo pipefail
runs=${1:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/warpkit" ./cmd/warpkit
for i in $(seq 1 "$runs"); do
	/usr/bin/time -f "warpkit gen: %e s wall, %U s user, %S s sys" \
		"$dir/warpkit" gen --dataset msd --rtol 1e-3 --atol 1e-6 --out "$dir/msd.h5" --force --quiet
done
/usr/bin/python3 datasets/testdata/scipy_gen_bench.py "$dir/msd.h5" ${2:-}
