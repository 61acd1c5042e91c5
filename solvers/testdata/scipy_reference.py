#!/usr/bin/python3
"""Independent reference solutions with scipy's solve_ivp for warpkit's solver tests.

Reads {"cases": [{"system", "y0", "p", "t0", "t1", "times", "method", "rtol", "atol"}]} as
JSON on stdin and writes {"results": [{"y": [[...] per time], "nfev": n, "success": bool}]}.
The vector fields are written here again, from their textbook definitions, so a mistake in
warpkit's ode package would show up as a disagreement too.
"""
import json
import sys

import numpy as np
from scipy.integrate import solve_ivp


def lorenz63(t, y, sigma, rho, beta):
    return [sigma * (y[1] - y[0]), y[0] * (rho - y[2]) - y[1], y[0] * y[1] - beta * y[2]]


def vdp(t, y, mu):
    return [y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y, mu):
    return [[0.0, 1.0], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] ** 2)]]


def lv(t, y, a, b, c, d):
    return [a * y[0] - b * y[0] * y[1], c * y[0] * y[1] - d * y[1]]


def pendulum(t, y, g, length):
    return [y[1], -(g / length) * np.sin(y[0])]


def robertson(t, y, k1, k2, k3):
    return [-k1 * y[0] + k3 * y[1] * y[2],
            k1 * y[0] - k2 * y[1] ** 2 - k3 * y[1] * y[2],
            k2 * y[1] ** 2]


def robertson_jac(t, y, k1, k2, k3):
    return [[-k1, k3 * y[2], k3 * y[1]],
            [k1, -2 * k2 * y[1] - k3 * y[2], -k3 * y[1]],
            [0.0, 2 * k2 * y[1], 0.0]]


def msd(t, y, m, k, c):
    return [y[1], -(c * y[1] + k * y[0]) / m]


FIELDS = {"lorenz63": (lorenz63, None), "vdp": (vdp, vdp_jac), "lv": (lv, None),
          "pendulum": (pendulum, None), "robertson": (robertson, robertson_jac), "msd": (msd, None)}


def main():
    req = json.load(sys.stdin)
    out = []
    for c in req["cases"]:
        fun, jac = FIELDS[c["system"]]
        kw = {}
        if jac is not None and c["method"] in ("Radau", "BDF", "LSODA"):
            kw["jac"] = jac
        sol = solve_ivp(fun, (c["t0"], c["t1"]), c["y0"], method=c["method"], t_eval=c["times"],
                        args=tuple(c["p"]), rtol=c["rtol"], atol=c["atol"], **kw)
        out.append({"y": sol.y.T.tolist(), "nfev": int(sol.nfev), "success": bool(sol.success)})
    json.dump({"results": out}, sys.stdout)


if __name__ == "__main__":
    main()
