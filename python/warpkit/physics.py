"""WARP-Phys priors (warpkit's physics package) in numpy, vectorised over trajectories.

A prior maps the root network's raw outputs to physical parameters through transforms and
steps the previous state with the known dynamics: msd (RK4/Euler/midpoint on the library
system, or the exact flow), sine, lv, and system:<name> for warpkit's library systems.
"""

import math

import numpy as np

from .safetensors import CheckpointError

# ---- transforms (physics/transform.go) ----


def _sigmoid(x):
    # σ with the Go code's two branches: 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) below.
    with np.errstate(over="ignore"):
        pos = 1 / (1 + np.exp(-np.where(x >= 0, x, 0.0)))
        e = np.exp(np.where(x < 0, x, 0.0))
    return np.where(x >= 0, pos, e / (1 + e))


class Transform:
    """One raw output → one physical parameter (identity, softplus, exp or sigmoid)."""

    def __init__(self, spec, where):
        if not isinstance(spec, dict):
            raise CheckpointError(f"{where}: transform {spec!r} is not an object")
        self.kind = spec.get("kind", "")
        self.floor = float(spec.get("floor", 0) or 0)
        self.lo, self.hi = float(spec.get("lo", 0) or 0), float(spec.get("hi", 0) or 0)
        self.scale = float(spec.get("scale", 0) or 0) or 1.0
        if self.kind not in ("identity", "softplus", "exp", "sigmoid"):
            raise CheckpointError(f"{where}: unknown transform kind {self.kind!r} (want identity, softplus, exp or sigmoid)")

    def apply(self, raw):
        if self.kind == "identity":
            return raw
        if self.kind == "softplus":
            return self.floor + self.scale * (np.maximum(raw, 0) + np.log1p(np.exp(-np.abs(raw))))
        if self.kind == "exp":
            return self.floor + self.scale * np.exp(raw)
        return self.lo + (self.hi - self.lo) * _sigmoid(raw)


def _sig(lo, hi):
    return {"kind": "sigmoid", "lo": lo, "hi": hi}


def widen_range(lo, hi, frac):
    """physics.WidenRange: [lo, hi] widened by frac of its width, a positive lo kept ≥ lo/2."""
    w = (hi - lo) * frac
    l, h = lo - w, hi + w
    if lo > 0 and l < lo / 2:
        l = lo / 2
    return l, h


# ---- the library's vector fields (ode/systems_*.go), in the Go code's operation order ----


def _f_msd(t, y, p):
    m, k, c = p
    return [y[1], -(c * y[1] + k * y[0]) / m]


def _f_lv(t, y, p):
    a, b, c, d = p
    prey, pred = y
    return [a * prey - b * prey * pred, c * prey * pred - d * pred]


def _f_harmonic(t, y, p):
    return [y[1], -p[0] * p[0] * y[0]]


def _f_pendulum(t, y, p):
    return [y[1], -(p[0] / p[1]) * np.sin(y[0])]


def _f_driven_pendulum(t, y, p):
    g, l, b, a, w = p
    return [y[1], -(g / l) * np.sin(y[0]) - b * y[1] + a * np.cos(w * t)]


def _f_duffing(t, y, p):
    delta, alpha, beta, gamma, w = p
    x = y[0]
    return [y[1], -delta * y[1] - alpha * x - beta * x * x * x + gamma * np.cos(w * t)]


def _f_kepler(t, y, p):
    gm = p[0]
    r2 = y[0] * y[0] + y[1] * y[1]
    r3 = r2 * np.sqrt(r2)
    return [y[2], y[3], -gm * y[0] / r3, -gm * y[1] / r3]


def _f_arenstorf(t, y, p):
    mu = p[0]
    mu1 = 1 - mu
    x, yy, vx, vy = y
    r1sq = (x + mu) * (x + mu) + yy * yy
    r2sq = (x - mu1) * (x - mu1) + yy * yy
    d1 = r1sq * np.sqrt(r1sq)
    d2 = r2sq * np.sqrt(r2sq)
    return [vx, vy, x + 2 * vy - mu1 * (x + mu) / d1 - mu * (x - mu1) / d2, yy - 2 * vx - mu1 * yy / d1 - mu * yy / d2]


def _f_sir(t, y, p):
    beta, gamma = p
    s, i = y[0], y[1]
    inf = beta * s * i
    return [-inf, inf - gamma * i, gamma * i]


def _f_robertson(t, y, p):
    k1, k2, k3 = p
    r1 = k1 * y[0]
    r2 = k2 * y[1] * y[1]
    r3 = k3 * y[1] * y[2]
    return [-r1 + r3, r1 - r2 - r3, r2]


def _f_lorenz63(t, y, p):
    sigma, rho, beta = p
    return [sigma * (y[1] - y[0]), y[0] * (rho - y[2]) - y[1], y[0] * y[1] - beta * y[2]]


def _f_vdp(t, y, p):
    mu = p[0]
    return [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]]


def _f_fitzhugh_nagumo(t, y, p):
    a, b, tau, i = p
    v, w = y
    return [v - v * v * v / 3 - w + i, (v + a - b * w) / tau]


def _f_brusselator(t, y, p):
    a, b = p
    x, yy = y
    return [a + x * x * yy - (b + 1) * x, b * x - x * x * yy]


def _f_sine(t, y, p):
    w = (2 * math.pi) * p[0]
    return [w * np.cos(w * t + p[1])]


#: warpkit's library systems: name → (states, parameters as (name, min, max), vector field).
SYSTEMS = {
    "msd": (["x", "v"], [("m", 0.01, 0.05), ("k", 2, 18), ("c", 0.01, 0.3)], _f_msd),
    "lv": (["prey", "pred"], [("a", 10, 60), ("b", 70, 130), ("c", 70, 130), ("d", 10, 60)], _f_lv),
    "harmonic": (["x", "v"], [("omega", 0.1, 100)], _f_harmonic),
    "pendulum": (["theta", "omega"], [("g", 1, 25), ("L", 0.1, 10)], _f_pendulum),
    "driven-pendulum": (["theta", "omega"], [("g", 0.1, 25), ("L", 0.1, 10), ("b", 0, 2), ("A", 0, 3), ("Omega", 0.1, 5)], _f_driven_pendulum),
    "duffing": (["x", "v"], [("delta", 0, 1), ("alpha", -2, 2), ("beta", -2, 5), ("gamma", 0, 2), ("omega", 0.1, 5)], _f_duffing),
    "kepler": (["x", "y", "vx", "vy"], [("GM", 0.1, 10)], _f_kepler),
    "arenstorf": (["x", "y", "vx", "vy"], [("mu", 0.001, 0.5)], _f_arenstorf),
    "sir": (["S", "I", "R"], [("beta", 0.05, 2), ("gamma", 0.01, 1)], _f_sir),
    "robertson": (["y1", "y2", "y3"], [("k1", 1e-3, 1), ("k2", 1e6, 1e8), ("k3", 1e3, 1e5)], _f_robertson),
    "lorenz63": (["x", "y", "z"], [("sigma", 1, 20), ("rho", 0.5, 50), ("beta", 0.5, 5)], _f_lorenz63),
    "vdp": (["x", "y"], [("mu", 0, 1e4)], _f_vdp),
    "fitzhugh-nagumo": (["v", "w"], [("a", 0, 2), ("b", 0, 2), ("tau", 1, 100), ("I", 0, 2)], _f_fitzhugh_nagumo),
    "brusselator": (["x", "y"], [("A", 0.1, 5), ("B", 0.1, 10)], _f_brusselator),
    "sine": (["x"], [("f", 0.1, 10), ("phi", -math.pi, math.pi)], _f_sine),
}


def _rk_step(method, f, t, h, y, p):
    """One step of solvers.EulerStep, MidpointStep or RK4Step (lists of arrays)."""
    if method == "euler":
        k = f(t, y, p)
        return [yi + h * ki for yi, ki in zip(y, k)]
    half = h / 2
    if method == "midpoint":
        k = f(t, y, p)
        ym = [yi + half * ki for yi, ki in zip(y, k)]
        k = f(t + half, ym, p)
        return [yi + h * ki for yi, ki in zip(y, k)]
    k1 = f(t, y, p)
    k2 = f(t + half, [yi + half * ki for yi, ki in zip(y, k1)], p)
    k3 = f(t + half, [yi + half * ki for yi, ki in zip(y, k2)], p)
    k4 = f(t + h, [yi + h * ki for yi, ki in zip(y, k3)], p)
    sixth = h / 6
    return [yi + sixth * (a + 2 * (b + c) + d) for yi, a, b, c, d in zip(y, k1, k2, k3, k4)]


class SystemPrior:
    """A library system stepped by a fixed-step integrator (physics.FromSystem): msd with rk4,
    euler or midpoint, lv, and system:<name>."""

    def __init__(self, name, system, predict, fixed, integrator, substeps, time_scale, time_offset, where):
        if system not in SYSTEMS:
            raise CheckpointError(
                f"{where}: prior {name!r}: system {system!r} is not one of this package's library systems "
                f"({', '.join(sorted(SYSTEMS))}); a system registered in your own Go program has no Python vector field here"
            )
        self.name = name
        self.states, params, self.f = SYSTEMS[system]
        self.param_index = {pn: i for i, (pn, _, _) in enumerate(params)}
        if integrator not in ("euler", "midpoint", "rk4", ""):
            raise CheckpointError(f"{where}: prior {name!r}: unknown integrator {integrator!r}")
        self.integrator = integrator or "rk4"
        self.substeps = int(substeps or 1)
        self.time_scale = float(time_scale or 1)
        self.time_offset = float(time_offset or 0)
        self.base = [0.0] * len(params)
        for pn, v in (fixed or {}).items():
            if pn not in self.param_index:
                raise CheckpointError(f"{where}: prior {name!r}: fixed parameter {pn!r} is not one of {list(self.param_index)}")
            self.base[self.param_index[pn]] = float(v)
        self.raw_names, self.pred_idx, self.transforms = [], [], []
        for pr in predict:
            pn = pr.get("name")
            if pn not in self.param_index:
                raise CheckpointError(f"{where}: prior {name!r}: predicted parameter {pn!r} is not one of {list(self.param_index)}")
            self.raw_names.append(pn)
            self.pred_idx.append(self.param_index[pn])
            self.transforms.append(Transform(pr.get("transform"), f"{where}: prior {name!r}: parameter {pn!r}"))
        self.dim = len(self.states)

    def params(self, raw):
        """Physical parameters (N, P) of raw outputs (N, P)."""
        return np.stack([tr.apply(raw[:, j]) for j, tr in enumerate(self.transforms)], axis=1)

    def step(self, tau, dt, prev, raw):
        par = [np.full(prev.shape[0], v) for v in self.base]
        for j, i in enumerate(self.pred_idx):
            par[i] = self.transforms[j].apply(raw[:, j])
        t0 = self.time_offset + self.time_scale * tau - dt
        y = [prev[:, i].copy() for i in range(self.dim)]
        h = dt / self.substeps
        for s in range(self.substeps):
            y = _rk_step(self.integrator, self.f, t0 + s * h, h, y, par)
        return np.stack(y, axis=1)


def _msd_cs(D, t):
    """physics.msdCS's C and S for an array D at time t (|D t²| < 1: the series)."""
    z = D * t * t
    series = np.abs(z) < 1
    c = np.empty_like(D)
    s = np.empty_like(D)
    if series.any():
        zs = z[series]
        zn1 = np.ones_like(zs)
        sc = np.ones_like(zs)
        ss = np.ones_like(zs)
        active = np.ones(zs.shape, dtype=bool)
        fe = fo = 1.0
        for n in range(1, 21):
            fe = fo * float(2 * n)
            fo = fe * float(2 * n + 1)
            zn = zn1 * zs
            sc = np.where(active, sc + zn / fe, sc)
            ss = np.where(active, ss + zn / fo, ss)
            zn1 = np.where(active, zn, zn1)
            active &= ~(np.abs(zn1) < 1e-18 * fe)
            if not active.any():
                break
        c[series], s[series] = sc, t * ss
    rest = ~series
    if rest.any():
        Dr = D[rest]
        with np.errstate(invalid="ignore"):
            rp = np.sqrt(np.where(Dr > 0, Dr, 1.0))
            rn = np.sqrt(np.where(Dr > 0, 1.0, -Dr))
        c[rest] = np.where(Dr > 0, np.cosh(rp * t), np.cos(rn * t))
        s[rest] = np.where(Dr > 0, np.sinh(rp * t) / rp, np.sin(rn * t) / rn)
    return c, s


class MSDExact:
    """The mass-spring-damper prior with the closed-form flow (physics/msd_exact.go)."""

    def __init__(self, mass, transforms):
        self.name, self.dim, self.states = "msd", 2, ["x", "v"]
        self.mass = mass
        self.transforms = transforms
        self.raw_names = ["k", "c"] if mass > 0 else ["m", "k", "c"]

    def params(self, raw):
        return np.stack([tr.apply(raw[:, j]) for j, tr in enumerate(self.transforms)], axis=1)

    def step(self, tau, dt, prev, raw):
        p = self.params(raw)
        if self.mass > 0:
            m, k, c = np.full(raw.shape[0], self.mass), p[:, 0], p[:, 1]
        else:
            m, k, c = p[:, 0], p[:, 1], p[:, 2]
        x, v = prev[:, 0], prev[:, 1]
        a = c / (2 * m)
        w = k / m
        D = a * a - w
        z = D * dt * dt
        big = z >= 1
        C = np.empty_like(D)
        S = np.empty_like(D)
        if big.any():
            # msdDampedCS's strongly over-damped branch: the exponentials combined first.
            r = np.sqrt(D[big])
            ab = a[big]
            up, down = np.exp((r - ab) * dt), np.exp(-(r + ab) * dt)
            C[big], S[big] = (up + down) / 2, (up - down) / (2 * r)
        small = ~big
        if small.any():
            cs, ss = _msd_cs(D[small], dt)
            e = np.exp(-a[small] * dt)
            C[small], S[small] = e * cs, e * ss
        m11, m12, m21, m22 = C + a * S, S, -w * S, C - a * S
        return np.stack([m11 * x + m12 * v, m21 * x + m22 * v], axis=1)


class SinePrior:
    """sin(2π f τ + φ) at the predicted point's normalised time (physics/sine.go)."""

    def __init__(self, freq, phase):
        self.name, self.dim, self.states, self.raw_names = "sine", 1, ["x"], ["phi"]
        self.freq = freq
        self.transforms = [phase]

    def params(self, raw):
        return self.transforms[0].apply(raw[:, :1])

    def step(self, tau, dt, prev, raw):
        phi = self.transforms[0].apply(raw[:, 0])
        return np.sin((2 * math.pi) * self.freq * tau + phi)[:, None]


_MSD_TEST = {"m": (0.01, 0.05), "k": (2, 18), "c": (0.01, 0.3)}


def _range(v, default):
    if not v or list(v) == [0, 0]:
        return default
    return float(v[0]), float(v[1])


def build_prior(spec, where):
    """Rebuilds a prior from the "prior" of a WARP-Phys config ({name, config})."""
    if not isinstance(spec, dict) or not spec.get("name"):
        raise CheckpointError(f"{where}: prior spec {spec!r} has no name")
    name, o = spec["name"], spec.get("config") or {}
    if name == "msd":
        mass = float(o.get("mass", 0) or 0)
        tm, tk, tc = _MSD_TEST["m"], _MSD_TEST["k"], _MSD_TEST["c"]
        if mass > 0:
            kd = widen_range(mass * tk[0] / tm[1], mass * tk[1] / tm[0], 0.1)
            cd = widen_range(mass * tc[0] / tm[1], mass * tc[1] / tm[0], 0.1)
            names, ranges = ["k", "c"], [_range(o.get("k"), kd), _range(o.get("c"), cd)]
        else:
            names = ["m", "k", "c"]
            ranges = [_range(o.get(n), widen_range(*_MSD_TEST[n], 0.1)) for n in names]
        kind = o.get("transform") or "sigmoid"
        trs = []
        for lo, hi in ranges:
            if kind == "sigmoid":
                trs.append(_sig(lo, hi))
            elif kind == "exp":
                trs.append({"kind": "exp", "scale": math.sqrt(lo * hi)})
            elif kind == "softplus":
                trs.append({"kind": "softplus", "scale": math.sqrt(lo * hi) / math.log(2)})
            else:
                raise CheckpointError(f"{where}: msd prior: transform {kind!r} (want sigmoid, exp or softplus)")
        integ = o.get("integrator") or "rk4"
        if integ == "exact":
            return MSDExact(mass, [Transform(t, where) for t in trs])
        predict = [{"name": n, "transform": t} for n, t in zip(names, trs)]
        fixed = {"m": mass} if mass > 0 else None
        return SystemPrior("msd", "msd", predict, fixed, integ, o.get("substeps") or 1, 1, 0, where)
    if name == "sine":
        freq = float(o.get("freq", 0) or 0) or 1.0
        ph = o.get("phase") or {}
        phase = Transform(ph if ph.get("kind") else {"kind": "identity"}, where)
        return SinePrior(freq, phase)
    if name == "lv":
        ad, bc = _range(o.get("ad"), (10.0, 60.0)), _range(o.get("bc"), (70.0, 130.0))
        predict = [{"name": "a", "transform": _sig(*ad)}, {"name": "b", "transform": _sig(*bc)},
                   {"name": "c", "transform": _sig(*bc)}, {"name": "d", "transform": _sig(*ad)}]
        return SystemPrior("lv", "lv", predict, None, o.get("integrator") or "rk4", o.get("substeps") or 2, 1, 0, where)
    if name.startswith("system:"):
        system = name[len("system:") :]
        if o.get("system") != system:
            raise CheckpointError(f"{where}: prior {name!r}: config names system {o.get('system')!r}")
        predict = list(o.get("predict") or [])
        _, params, _ = SYSTEMS.get(system, (None, [], None))
        bounds = {pn: (lo, hi) for pn, lo, hi in params}
        for pr in predict:
            if not (pr.get("transform") or {}).get("kind") and pr.get("name") in bounds:
                pr["transform"] = _sig(*bounds[pr["name"]])
        return SystemPrior(name, system, predict, o.get("fixed"), o.get("integrator") or "rk4",
                           o.get("substeps") or 1, o.get("time_scale") or 1, o.get("time_offset") or 0, where)
    raise CheckpointError(f"{where}: unknown prior {name!r} (want msd, sine, lv or system:<name>)")
