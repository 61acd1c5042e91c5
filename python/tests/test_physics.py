"""The priors' pieces against independent references: every library system's vector field
against `warpkit solve` (fixed-step RK4), and the exact MSD flow against scipy's expm in
every damping regime and at steps long enough to reach each branch of the closed form."""

import json
import math

import numpy as np
import pytest

from conftest import require
from warpkit import physics


def test_library_matches_cli(cli):
    lib = json.loads(cli("systems", "--json"))
    assert sorted(s["name"] for s in lib) == sorted(physics.SYSTEMS)
    for s in lib:
        states, params, f = physics.SYSTEMS[s["name"]]
        assert states == s["states"], s["name"]
        assert [(p["Name"], p["Min"], p["Max"]) for p in s["params"]] == [tuple(p) for p in params], s["name"]
        # Parameters away from the defaults, so a swapped index shows.
        vals = [p["Default"] * 1.1 + 0.05 * (i + 1) for i, p in enumerate(s["params"])]
        y0 = [v * 0.9 + 0.01 for v in s["y0"]]
        dt, steps, t0 = (1e-6 if s["name"] == "robertson" else 1e-3), 20, 0.3
        out = cli("solve", "--system", s["name"], "--method", "rk4", "--dt", repr(dt), "--t0", repr(t0),
                  "--t1", repr(t0 + steps * dt), "--points", str(steps + 1), "--y0", ",".join(map(repr, y0)),
                  *sum((["--param", f"{p['Name']}={v!r}"] for p, v in zip(s["params"], vals)), []))
        want = np.array([[float(v) for v in row.split(",")] for row in out.strip().split("\n")[1:]])
        y = [np.array([v]) for v in y0]
        par = [np.array([v]) for v in vals]
        got = [np.concatenate(y)]
        for k in range(steps):
            y = physics._rk_step("rk4", f, t0 + k * dt, dt, y, par)
            got.append(np.concatenate(y))
        got = np.array(got)
        scale = max(1.0, np.max(np.abs(want[:, 1:])))
        assert np.max(np.abs(got - want[:, 1:])) <= 1e-12 * scale, s["name"]


@pytest.mark.parametrize("m,k,c", [(0.03, 10, 0.1), (0.01, 2, 0.3), (0.02, 0.5, 0.2), (0.05, 18, 0.01), (0.04, 1, 0.4)])
@pytest.mark.parametrize("dt", [1 / 255, 0.05, 0.7, 4.0])
def test_msd_exact_flow_is_expm(m, k, c, dt):
    require("scipy")
    import scipy.linalg as scipy_linalg
    ident = {"kind": "identity"}
    prior = physics.MSDExact(0, [physics.Transform(ident, "test")] * 3)
    prev = np.array([[1.3, -0.7], [0.0, 2.0]])
    raw = np.tile([m, k, c], (2, 1)).astype(float)
    got = prior.step(0.5, dt, prev, raw)
    A = np.array([[0, 1], [-k / m, -c / m]])
    want = prev @ scipy_linalg.expm(A * dt).T
    assert np.allclose(got, want, rtol=1e-9, atol=1e-12 * max(1, np.abs(want).max())), (got, want)


def test_transforms():
    raw = np.array([-800.0, -3.0, 0.0, 2.5, 800.0])
    sig = physics.Transform({"kind": "sigmoid", "lo": 1, "hi": 5}, "t").apply(raw)
    assert np.allclose(sig, 1 + 4 / (1 + np.exp(-np.clip(raw, -700, 700))))
    sp = physics.Transform({"kind": "softplus", "floor": 0.5, "scale": 2}, "t").apply(raw)
    assert np.allclose(sp[1:4], 0.5 + 2 * np.log1p(np.exp(raw[1:4]))) and sp[-1] == 0.5 + 1600
    ex = physics.Transform({"kind": "exp", "scale": 3}, "t").apply(raw[1:4])
    assert np.allclose(ex, 3 * np.exp(raw[1:4]))
    assert math.isclose(physics.widen_range(0.01, 0.05, 0.1)[0], 0.006)
