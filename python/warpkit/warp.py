"""WARP and WARP-Phys (warpkit's warp package) in numpy.

WARP's hidden state θ_t is the flattened weight vector of a small root MLP:
θ_0 = φ(x_0) (a hypernetwork, or a learned θ_0), θ_t = A θ_{t−1} + B Δu_t with u_t the
standardised observation (and τ with a time channel), and the prediction of x_{t+1} is the
root network evaluated at τ_{t+1} (and the previous observation) with weights θ_t, squashed,
then un-standardised (WARP) or handed to a physics prior as its raw parameters (WARP-Phys).
"""

import math

import numpy as np

from . import _fastexp as fx
from .physics import build_prior
from .safetensors import CheckpointError, take_params

SOFTCLIP_DEFAULT = 8


def _defaults(c):
    """warp.Config.withDefaults."""
    c = dict(c)
    for k, v in (("root_width", 16), ("root_depth", 2), ("activation", "swish"), ("root_input", "tau"),
                 ("init", "hyper1"), ("transition", "dense"), ("min_std", 1e-3), ("a_lr_scale", 1e-2)):
        if not c.get(k):
            c[k] = v
    if c["transition"] == "lowrank" and not c.get("rank"):
        c["rank"] = 8
    if not c.get("squash"):
        c["squash"] = "none"
        if not c.get("prior"):
            c["squash"] = "softclip"
            if not c.get("clip_c"):
                c["clip_c"] = SOFTCLIP_DEFAULT
    return c


def _sigmoid_go(x):
    """nn.Sigmoid: 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) below (numpy's exp for math.Exp)."""
    with np.errstate(over="ignore"):
        pos = 1 / (1 + np.exp(-np.where(x >= 0, x, 0.0)))
        e = np.exp(np.where(x < 0, x, 0.0))
    return np.where(x >= 0, pos, e / (1 + e))


def _act(name, x, fast):
    """The root network's (fast=True, swishRow's table exp) or the hypernetwork's activation."""
    if name == "relu":
        return np.maximum(x, 0)
    if name == "tanh":
        return np.tanh(x)
    if fast:
        sig = 1 / (1 + fx.exp(0 - x))
        out_of_range = ~fx.in_fast_range(0 - x)
        if out_of_range.any():
            sig = np.where(out_of_range, _sigmoid_go(x), sig)
        return x * sig
    return x * _sigmoid_go(x)


def _dot_rows(x, w):
    """Σ_j x[n, j]·w[n, i, j] for every n and i, summed in gemm.Dot's order: below 16 terms
    one running sum; from 16 on sixteen partial sums over blocks of 16, combined as a tree,
    then the tail's running sum."""
    L = x.shape[1]
    if L < 16:
        t = np.zeros(w.shape[:2])
        for j in range(L):
            t = t + x[:, None, j] * w[:, :, j]
        return t
    n16 = L & ~15
    acc = [np.zeros(w.shape[:2]) for _ in range(16)]
    for i in range(0, n16, 16):
        for l in range(16):
            acc[l] = acc[l] + x[:, None, i + l] * w[:, :, i + l]
    t = np.zeros(w.shape[:2])
    for j in range(n16, L):
        t = t + x[:, None, j] * w[:, :, j]
    s = [(acc[l] + acc[4 + l]) + (acc[8 + l] + acc[12 + l]) for l in range(4)]
    return ((s[0] + s[2]) + (s[1] + s[3])) + t


class _Root:
    """The root network's shape inside θ: layer l has W (out×in) at offset w, then its bias."""

    def __init__(self, inp, width, depth, out, act):
        self.inp, self.out, self.act = inp, out, act
        self.layers, size, prev = [], 0, inp
        for l in range(depth + 1):
            n = out if l == depth else width
            self.layers.append((prev, n, size, size + n * prev))
            size += n * prev + n
            prev = n
        self.size = size

    def names(self):
        names = []
        for l, (i, o, _, _) in enumerate(self.layers):
            names += [f"l{l}.w[{a},{b}]" for a in range(o) for b in range(i)]
            names += [f"l{l}.b[{a}]" for a in range(o)]
        return names

    def forward(self, theta, z0):
        x, last = z0, len(self.layers) - 1
        for l, (i, o, w, b) in enumerate(self.layers):
            W = theta[:, w : w + o * i].reshape(-1, o, i)
            y = theta[:, b : b + o] + _dot_rows(x, W)
            x = _act(self.act, y, True) if l < last else y
        return x


class _Squash:
    def __init__(self, c, where):
        self.kind = c["squash"]
        self.c = float(c.get("clip_c", 0) or 0)
        self.alpha, self.b = float(c.get("alpha", 0) or 0), float(c.get("bias", 0) or 0)
        self.scale, self.beta = float(c.get("scale", 0) or 0), float(c.get("beta", 0) or 0)
        if self.kind not in ("none", "tanh", "clip", "scaled", "softclip"):
            raise CheckpointError(f"{where}: config squash {self.kind!r} (want none, tanh, clip, scaled or softclip)")

    def __call__(self, y):
        if self.kind == "tanh":
            return np.tanh(y)
        if self.kind == "clip":
            return np.where(y > self.c, self.c, np.where(y < -self.c, -self.c, y))
        if self.kind == "scaled":
            return self.alpha * np.tanh((y - self.b) / self.scale) + self.beta
        if self.kind == "softclip":
            k = self.c / 2
            a = np.abs(y)
            return np.where(a <= k, y, np.copysign(k + k * np.tanh((a - k) / k), y))
        return y


class WarpModel:
    """A WARP or WARP-Phys run of warpkit, ready to forecast."""

    def __init__(self, kind, cfg, tensors, path):
        if kind not in ("warp", "warp-phys"):
            raise CheckpointError(f"{path}: kind {kind!r} is not warp or warp-phys")
        c = _defaults(cfg)
        if (kind == "warp-phys") != bool(c.get("prior")):
            raise CheckpointError(f"{path}: a prior is required for warp-phys and not allowed for warp")
        if not isinstance(c.get("dim"), int) or c["dim"] < 1:
            raise CheckpointError(f"{path}: config dim: {c.get('dim')!r}, need a positive integer")
        if c["root_input"] not in ("tau", "tau+prev"):
            raise CheckpointError(f"{path}: config root_input {c['root_input']!r} (want tau or tau+prev)")
        if c["activation"] not in ("swish", "relu", "tanh"):
            raise CheckpointError(f"{path}: config activation {c['activation']!r} (want swish, relu or tanh)")
        self.kind, self.config = kind, c
        d = self.d = c["dim"]
        self.du = d + 1 if c.get("time_channel") else d
        self.prior = build_prior(c["prior"], path) if c.get("prior") else None
        if self.prior is not None and self.prior.dim != d:
            raise CheckpointError(f"{path}: prior {self.prior.name} predicts {self.prior.dim} states but dim is {d}")
        self.n_mean = len(self.prior.raw_names) if self.prior else d
        self.squash = _Squash(c, path)
        self.mean = np.zeros(d)
        self.std = np.ones(d)
        if c.get("mean"):
            if len(c["mean"]) != d or len(c.get("std") or []) != d:
                raise CheckpointError(f"{path}: config mean/std: want {d} values each")
            self.mean[:], self.std[:] = c["mean"], c["std"]
        out = self.n_mean + (d if c.get("stochastic") else 0)
        inp = 1 + (d if c["root_input"] == "tau+prev" else 0)
        self.root = _Root(inp, c["root_width"], c["root_depth"], out, c["activation"])
        D = self.root.size
        expected = {}
        init = c["init"]
        if init == "free":
            expected["warp.theta0"] = (D,)
            self.hyper = None
        elif init in ("hyper0", "hyper1", "hyper2"):
            hidden = int(init[5:])
            sizes = [d] + [d + (D - d) * i // (hidden + 1) for i in range(1, hidden + 1)] + [D]
            self.hyper = sizes
            for l in range(len(sizes) - 1):
                expected[f"warp.hyper.l{l}.w"] = (sizes[l + 1], sizes[l])
                expected[f"warp.hyper.l{l}.b"] = (sizes[l + 1],)
        else:
            raise CheckpointError(f"{path}: config init {init!r} (want hyper0, hyper1, hyper2 or free)")
        tr = c["transition"]
        if tr == "dense":
            expected["warp.A"] = (D, D)
        elif tr == "diagonal":
            expected["warp.A.diag"] = (D,)
        elif tr == "lowrank":
            expected["warp.A.U"] = (D, c["rank"])
            expected["warp.A.V"] = (D, c["rank"])
        else:
            raise CheckpointError(f"{path}: config transition {tr!r} (want dense, diagonal or lowrank)")
        expected["warp.B"] = (D, self.du)
        self.params = take_params(tensors, expected, path)

    # ---- pieces of the recurrence ----

    @property
    def num_weights(self):
        """D, the length of θ_t."""
        return self.root.size

    def weight_names(self):
        """A name per entry of θ (l0.w[i,j], l0.b[i], ...), as `warpkit weights` writes them."""
        return self.root.names()

    def _theta0(self, x0):
        p = self.params
        if self.hyper is None:
            return np.tile(p["warp.theta0"], (x0.shape[0], 1))
        x, nl = x0, len(self.hyper) - 1
        for l in range(nl):
            y = p[f"warp.hyper.l{l}.b"] + x @ p[f"warp.hyper.l{l}.w"].T
            x = _act(self.config["activation"], y, False) if l < nl - 1 else y
        return x

    def _apply_a(self, theta):
        p, tr = self.params, self.config["transition"]
        if tr == "dense":
            return theta @ p["warp.A"].T
        if tr == "diagonal":
            return theta * p["warp.A.diag"]
        return theta + (theta @ p["warp.A.V"]) @ p["warp.A.U"].T

    def _encode(self, xs, tau):
        u = (xs - self.mean) / self.std
        if self.du > self.d:
            u = np.concatenate([u, np.full((xs.shape[0], 1), tau)], axis=1)
        return u

    def _decode(self, theta, tau, dt, prev):
        """The prediction (N, d) and the squashed raw outputs (N, P) from θ_t."""
        n = theta.shape[0]
        z0 = np.full((n, 1), tau)
        if self.root.inp > 1:
            z0 = np.concatenate([z0, (prev - self.mean) / self.std], axis=1)
        o = self.root.forward(theta, z0)
        sq = self.squash(o[:, : self.n_mean])
        if self.prior is not None:
            mu = self.prior.step(tau, dt, prev, sq)
        else:
            mu = self.mean + self.std * sq
        return mu, sq

    def _check(self, x, times, context):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[2] != self.d:
            raise ValueError(f"{self.kind}: want trajectories (N, T, {self.d}), got shape {x.shape}")
        N, T, _ = x.shape
        if N < 1 or T < 2:
            raise ValueError(f"{self.kind}: need at least 1 trajectory of 2 time points, got shape {x.shape}")
        if not np.isfinite(x).all():
            n, t, j = np.argwhere(~np.isfinite(x))[0]
            raise ValueError(f"{self.kind}: x[{n},{t},{j}] is {x[n, t, j]}")
        times = np.arange(T) / (T - 1) if times is None else np.asarray(times, dtype=np.float64)
        if times.shape != (T,):
            raise ValueError(f"{self.kind}: times has shape {times.shape}, want ({T},)")
        dt = np.diff(times)
        if not (np.isfinite(dt).all() and (dt > 0).all()):
            raise ValueError(f"{self.kind}: times must increase strictly")
        if not (1 <= context <= T):
            raise ValueError(f"{self.kind}: context must be between 1 and T={T}, got {context}")
        return x, dt

    def infer(self, x, times=None, context=None, keep_theta=False):
        """Runs the model like warp.Model.infer: the truth fed for the first context steps
        (all of them when context is None), then its own predicted means. Returns
        (fed states (N,T,d), predictions (N,T,d) with NaN at t=0, θ (N,T,D) or None unless
        keep_theta, squashed raw outputs (N,T,P) with NaN at t=0)."""
        T = np.asarray(x).shape[1] if np.ndim(x) == 3 else 0
        context = T if context is None else context
        x, dt = self._check(x, times, context)
        N, T, d = x.shape
        B = self.params["warp.B"]
        xh = np.empty_like(x)
        mu = np.full_like(x, math.nan)
        theta = np.empty((N, T, self.root.size)) if keep_theta else None
        raw = np.full((N, T, self.n_mean), math.nan)
        cur = u_prev = None
        for t in range(T):
            tau = t / (T - 1)
            xh[:, t] = x[:, t] if t < context else mu[:, t]
            u = self._encode(xh[:, t], tau)
            if t == 0:
                cur = self._theta0(u[:, :d])
            else:
                inc = u - u_prev
                cur = self._apply_a(cur)
                for i in range(self.du):
                    cur = cur + inc[:, i : i + 1] * B[:, i]
            if keep_theta:
                theta[:, t] = cur
            if t + 1 < T:
                mu[:, t + 1], raw[:, t + 1] = self._decode(cur, (t + 1) / (T - 1), dt[t], xh[:, t])
            u_prev = u
        return xh, mu, theta, raw

    def forecast(self, x, context, times=None):
        """warpkit forecast: x's first context steps, then the model's own predictions."""
        return self.infer(x, times, context)[0]

    def one_step(self, x, times=None):
        """Teacher-forced predictions: entry t predicts x_t from the truth up to t−1 (NaN at t=0)."""
        return self.infer(x, times, None)[1]

    def weights(self, x, context, times=None):
        """θ_t (N, T, D), fed like forecast (`warpkit weights`)."""
        return self.infer(x, times, context, keep_theta=True)[2]

    def prior_params(self, x, context, times=None):
        """WARP-Phys's inferred physical parameters (N, T, P), NaN at t=0 (forecast's param_*)."""
        if self.prior is None:
            raise ValueError(f"{self.kind}: the model has no physics prior")
        raw = self.infer(x, times, context)[3]
        N, T, P = raw.shape
        out = np.full_like(raw, math.nan)
        out[:, 1:] = self.prior.params(raw[:, 1:].reshape(-1, P)).reshape(N, T - 1, P)
        return out

    @property
    def param_names(self):
        """The prior's parameter names (m, k, c, ...), as forecast's param_<name> columns."""
        return list(self.prior.raw_names) if self.prior else []
