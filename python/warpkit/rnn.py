"""warpkit's baselines (nn/rnn): GRU, LSTM and LRU forecasters in numpy.

Each model standardises its input with the training split's mean and std, runs stacked
recurrent layers and a linear readout that predicts the next standardised state (plus the
current one with a residual readout); a forecast feeds the truth for the first context steps
and its own standardised predictions after. The gate activations use warpkit's table exp
(see _fastexp) and the operations run in the Go code's order where that order is visible.
"""

import math

import numpy as np

from . import _fastexp as fx
from .safetensors import CheckpointError, take_params

KINDS = ("gru", "lstm", "lru")

_GELU_2C = 2 * 0.7978845608028654  # 2√(2/π), the constant Go folds from 2*geluC


def _project(bias, w, x):
    """bias + x·wᵀ, summed over the inputs one at a time as warpkit's projectRow does."""
    out = np.broadcast_to(bias, (x.shape[0], bias.shape[0])).copy()
    for k in range(x.shape[1]):
        out = out + x[:, k : k + 1] * w[:, k]
    return out


class _GRULayer:
    gates = 3

    def __init__(self, p, prefix):
        self.wih, self.whh = p[prefix + "weight_ih"], p[prefix + "weight_hh"]
        self.bih, self.bhh = p[prefix + "bias_ih"], p[prefix + "bias_hh"]
        self.h = self.whh.shape[1]

    def reset(self, n):
        self.state = None

    def step(self, x):
        H = self.h
        gi = _project(self.bih, self.wih, x)
        hprev = self.state
        hp = np.broadcast_to(self.bhh, gi.shape) if hprev is None else self.bhh + hprev @ self.whh.T
        rz = 1 / (1 + fx.exp(-(gi[:, : 2 * H] + hp[:, : 2 * H])))
        r, z = rz[:, :H], rz[:, H:]
        n = 1 - 2 / (1 + fx.exp(2 * (gi[:, 2 * H :] + r * hp[:, 2 * H :])))
        h = (1 - z) * n
        if hprev is not None:
            h = h + z * hprev
        self.state = h
        return h


class _LSTMLayer:
    gates = 4

    def __init__(self, p, prefix):
        self.nwih = -p[prefix + "weight_ih"]
        self.whh = p[prefix + "weight_hh"]
        self.nbsum = -(p[prefix + "bias_ih"] + p[prefix + "bias_hh"])
        self.h = self.whh.shape[1]

    def reset(self, n):
        self.hs = self.cs = None

    def step(self, x):
        H = self.h
        # Negated pre-activations −a, as the Go code forms them.
        g = _project(self.nbsum, self.nwih, x)
        if self.hs is not None:
            g = g + -(self.hs @ self.whh.T)
        g[:, 2 * H : 3 * H] = -2 * g[:, 2 * H : 3 * H]
        s = 1 / (1 + fx.exp(g))
        i, f, o = s[:, :H], s[:, H : 2 * H], s[:, 3 * H :]
        gg = 1 - 2 * s[:, 2 * H : 3 * H]
        c = i * gg
        if self.cs is not None:
            c = c + f * self.cs
        h = o * (1 - 2 / (1 + fx.exp(2 * c)))
        self.hs, self.cs = h, c
        return h


class _LRULayer:
    def __init__(self, p, prefix):
        nu, theta, glog = p[prefix + "nu_log"], p[prefix + "theta_log"], p[prefix + "gamma_log"]
        self.b, self.c = p[prefix + "B"], p[prefix + "C"]
        self.dv = p.get(prefix + "D")
        self.wg, self.bg = p[prefix + "glu.weight"], p[prefix + "glu.bias"]
        self.h = nu.shape[0]
        mod = np.exp(-np.exp(nu))
        ph = np.exp(theta)
        self.lr, self.li = mod * np.cos(ph), mod * np.sin(ph)
        self.gam = np.exp(glog)

    def reset(self, n):
        self.state = None

    def step(self, x):
        H = self.h
        xp = x @ self.b.T
        xp = xp * np.concatenate([self.gam, self.gam])
        if self.state is None:
            s = xp
        else:
            pr, pi = self.state[:, :H], self.state[:, H:]
            s = np.concatenate(
                [self.lr * pr - self.li * pi + xp[:, :H], self.li * pr + self.lr * pi + xp[:, H:]], axis=1
            )
        self.state = s
        z = s @ self.c.T
        if self.dv is not None:
            z = z + self.dv * x
        gl = z / (1 + fx.exp(-(_GELU_2C * (z + 0.044715 * z * z * z))))
        a2 = self.bg + gl @ self.wg.T
        out = a2[:, :H] / (1 + fx.exp(-a2[:, H:]))
        if self.dv is not None:
            out = out + x
        return out


def expected_params(cfg):
    """{tensor name: shape} of a baseline's checkpoint, in warpkit's order."""
    kind, d, h, layers = cfg["kind"], cfg["d"], cfg["hidden"], cfg["layers"]
    out, inp = {}, d
    for i in range(layers):
        pre = f"l{i}."
        if kind in ("gru", "lstm"):
            g = 3 if kind == "gru" else 4
            out.update({pre + "weight_ih": (g * h, inp), pre + "weight_hh": (g * h, h),
                        pre + "bias_ih": (g * h,), pre + "bias_hh": (g * h,)})
        else:
            out.update({pre + "nu_log": (h,), pre + "theta_log": (h,), pre + "gamma_log": (h,),
                        pre + "B": (2 * h, inp), pre + "C": (h, 2 * h)})
            if inp == h:
                out[pre + "D"] = (h,)
            out.update({pre + "glu.weight": (2 * h, h), pre + "glu.bias": (2 * h,)})
        inp = h
    out["readout.weight"] = (d, inp)
    out["readout.bias"] = (d,)
    return out


class RNNModel:
    """A GRU, LSTM or LRU run of warpkit, ready to forecast."""

    def __init__(self, kind, cfg, tensors, path):
        cfg = dict(cfg)
        cfg.setdefault("kind", kind)
        if cfg["kind"] != kind or kind not in KINDS:
            raise CheckpointError(f"{path}: config kind {cfg['kind']!r} does not match checkpoint kind {kind!r}")
        for key in ("d", "hidden", "layers"):
            if not isinstance(cfg.get(key), int) or cfg[key] < 1:
                raise CheckpointError(f"{path}: config {key}: {cfg.get(key)!r}, need a positive integer")
        self.kind, self.config = kind, cfg
        self.d, self.hidden, self.layers = cfg["d"], cfg["hidden"], cfg["layers"]
        self.residual = bool(cfg.get("residual", False))
        self.params = take_params(tensors, expected_params(cfg), path)
        d = self.d
        self.mean = np.asarray(cfg.get("mean") or [0.0] * d, dtype=np.float64)
        self.std = np.asarray(cfg.get("std") or [1.0] * d, dtype=np.float64)
        if self.mean.shape != (d,) or self.std.shape != (d,):
            raise CheckpointError(f"{path}: config mean/std: want {d} values each")
        self.inv_std = 1 / self.std
        make = {"gru": _GRULayer, "lstm": _LSTMLayer, "lru": _LRULayer}[kind]
        self._layers = [make(self.params, f"l{i}.") for i in range(self.layers)]
        self.wo, self.bo = self.params["readout.weight"], self.params["readout.bias"]

    def _check(self, x, context):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[2] != self.d:
            raise ValueError(f"{self.kind}: want trajectories (N, T, {self.d}), got shape {x.shape}")
        if x.shape[0] < 1 or x.shape[1] < 2:
            raise ValueError(f"{self.kind}: need at least 1 trajectory of 2 time points, got shape {x.shape}")
        if not (1 <= context <= x.shape[1]):
            raise ValueError(f"{self.kind}: context {context}, need 1 ≤ context ≤ T = {x.shape[1]}")
        return x

    def _run(self, x, context):
        """Standardised predictions of steps 1..T−1, (N, T−1, D), feeding the truth at steps
        below context and the previous prediction after (nn/rnn forwardFree)."""
        n, T, _ = x.shape
        u = (x - self.mean) * self.inv_std
        for l in self._layers:
            l.reset(n)
        pred = np.empty((n, T - 1, self.d))
        for k in range(T - 1):
            fed = u[:, k] if k < context else pred[:, k - 1]
            h = fed
            for l in self._layers:
                h = l.step(h)
            p = (fed + self.bo) if self.residual else np.broadcast_to(self.bo, fed.shape)
            pred[:, k] = p + h @ self.wo.T
        return pred

    def forecast(self, x, context):
        """warpkit forecast: x's first context steps, then the model's own predictions."""
        x = self._check(x, context)
        out = x.copy()
        if context == x.shape[1]:
            return out
        pred = self._run(x, context)
        out[:, context:] = pred[:, context - 1 :] * self.std + self.mean
        return out

    def one_step(self, x):
        """Teacher-forced predictions: entry t predicts x_t from the truth up to t−1 (NaN at
        t = 0, which nothing predicts)."""
        x = self._check(x, 1)
        pred = self._run(x, x.shape[1] - 1)
        out = np.full_like(x, math.nan)
        out[:, 1:] = pred * self.std + self.mean
        return out
