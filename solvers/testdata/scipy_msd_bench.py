#!/usr/bin/python3
"""scipy's speed and accuracy on the WARP paper's MSD ensemble, for comparison with
`go test -run '^$' -bench MSDEnsemble ./solvers`.

m ~ U(0.02, 0.04), k ~ U(4, 16), c ~ U(0.01, 0.2), y0 = (1, 0), 256 uniform points on [0, 1],
solve_ivp(RK45, rtol=1e-3, atol=1e-6) on one core. Prints trajectories per second and the
largest |x| error against the closed form. Usage: scipy_msd_bench.py [n_trajectories]
"""
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def closed_form(m, k, c, t):
    a = c / (2 * m)
    w = np.sqrt(k / m - a * a)  # the paper's ranges are all underdamped
    return np.exp(-a * t) * (np.cos(w * t) + a / w * np.sin(w * t))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rng = np.random.default_rng(1)
    m = rng.uniform(0.02, 0.04, n)
    k = rng.uniform(4, 16, n)
    c = rng.uniform(0.01, 0.2, n)
    t = np.linspace(0, 1, 256)
    worst = 0.0
    start, cpu0 = time.perf_counter(), time.process_time()
    for i in range(n):
        mi, ki, ci = m[i], k[i], c[i]

        def f(_, y):
            return [y[1], -(ci * y[1] + ki * y[0]) / mi]

        sol = solve_ivp(f, (0, 1), [1.0, 0.0], method="RK45", t_eval=t, rtol=1e-3, atol=1e-6)
        worst = max(worst, float(np.max(np.abs(sol.y[0] - closed_form(mi, ki, ci, t)))))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    # On a shared machine the CPU-time rate is the steadier figure (the Go benchmark reports
    # traj/cpu-s too).
    print(f"scipy solve_ivp RK45: {n / elapsed:.1f} traj/s, {n / cpu:.1f} traj/cpu-s "
          f"({n} trajectories in {elapsed:.2f} s), max |x error| {worst:.3g}")


if __name__ == "__main__":
    main()
