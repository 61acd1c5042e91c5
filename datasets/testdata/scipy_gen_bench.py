#!/usr/bin/python3
"""scipy's time for the trajectories of a generated MSD file, for comparison with
`warpkit gen --dataset msd --rtol 1e-3 --atol 1e-6` (see scripts/bench-gen.sh).

Reads every split's params (m, k, c), y0 and t from the HDF5 file warpkit wrote, solves each
trajectory with solve_ivp(RK45) at the file's rtol and atol on one core, and prints the wall
time and the largest |x| difference from the file's trajectories (both solvers run at the same
loose tolerance, so this is of the order of the tolerance, not zero: it shows the two solved
the same problems). Usage: scipy_gen_bench.py FILE.h5 [max_trajectories_per_split]
"""
import sys
import time

import h5py
import numpy as np
from scipy.integrate import solve_ivp


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    f = h5py.File(path, "r")
    rtol, atol = float(f.attrs["rtol"]), float(f.attrs["atol"])
    total, worst, elapsed = 0, 0.0, 0.0
    for split in [g for g in ("train", "val", "test") if g in f]:
        g = f[split]
        p, y0, t = g["params"][...], g["y0"][...], g["t"][...]
        x = g["trajectories"]
        n = len(p) if limit is None else min(limit, len(p))
        start = time.perf_counter()
        sols = []
        for i in range(n):
            m, k, c = p[i]

            def rhs(_, y, m=m, k=k, c=c):
                return [y[1], -(c * y[1] + k * y[0]) / m]

            sols.append(solve_ivp(rhs, (t[0], t[-1]), y0[i], method="RK45", t_eval=t, rtol=rtol, atol=atol).y[0])
        elapsed += time.perf_counter() - start
        xs = x[:n, :, 0]
        worst = max(worst, float(np.max(np.abs(np.array(sols) - xs))))
        total += n
    print(f"scipy solve_ivp RK45 (rtol {rtol:g}, atol {atol:g}): {total} trajectories in {elapsed:.2f} s "
          f"({total / elapsed:.1f} traj/s), max |x - warpkit's| {worst:.3g}")


if __name__ == "__main__":
    main()
