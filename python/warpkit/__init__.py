"""warpkit in Python: load warpkit's run folders and datasets and forecast exactly as
`warpkit forecast` does, with numpy and h5py only.

    import warpkit
    run = warpkit.load_run("runs/phys")
    data = warpkit.load_dataset("msd.h5")
    pred = run.forecast(data["test"], context=100)   # (N, T, D), as forecast's test/predictions
"""

import json
import os

import numpy as np

from .bench import Bench, Cell, load_bench, read_cell
from .data import Dataset, DatasetError, Split, load_dataset, uniform_grid
from .rnn import KINDS as RNN_KINDS
from .rnn import RNNModel
from .safetensors import FORMAT, CheckpointError, read_checkpoint, read_safetensors
from .torch_export import torch_modules, torch_state_dicts
from .warp import WarpModel

__all__ = [
    "Run", "load_run", "load_dataset", "load_bench", "Bench", "Cell", "read_cell", "Dataset", "Split", "CheckpointError", "DatasetError",
    "read_safetensors", "read_checkpoint", "torch_state_dicts", "torch_modules", "FORMAT", "uniform_grid",
]

__version__ = "0.1.0"

MODEL_FILE = "model.safetensors"
CONFIG_FILE = "config.json"


class Run:
    """A trained warpkit run: its model (GRU, LSTM, LRU, WARP or WARP-Phys) and settings.

    Trajectories are passed in physical units as an (N, T, D) array, or as a Split (whose
    times t are then used; an array gets warpkit's uniform grid t_i = i/(T−1), which matters
    only to WARP-Phys's step dt). The model standardises them itself with the training
    split's mean and std stored in the run (run.mean, run.std).
    """

    def __init__(self, path, kind, config, run_config, model):
        self.path = path
        self.kind = kind
        self.config = config
        self.run_config = run_config
        self.model = model
        train = run_config.get("train") or {}
        self.context = int(train.get("context") or (train.get("loss") or {}).get("context") or 1)
        self.states = list((run_config.get("data") or {}).get("states") or [])
        self.mean, self.std = model.mean, model.std
        #: The bench cell's record (warpkit.Cell) for a run loaded by load_bench, else None.
        self.cell = None

    def __repr__(self):
        return f"Run({self.path!r}, kind {self.kind!r}, context {self.context})"

    @staticmethod
    def _split(x, times):
        if isinstance(x, Split):
            return x.trajectories, (x.t if times is None else times)
        return np.asarray(x, dtype=np.float64), times

    def _ctx(self, context):
        return self.context if context is None or context == 0 else int(context)

    def forecast(self, x, context=None, times=None):
        """Feeds the first context steps of x (default: the run's training context, as
        `warpkit forecast` without --context) and then the model's own predictions; returns
        an (N, T, D) array whose first context steps are x's."""
        x, times = self._split(x, times)
        if isinstance(self.model, WarpModel):
            return self.model.forecast(x, self._ctx(context), times)
        return self.model.forecast(x, self._ctx(context))

    def one_step(self, x, times=None):
        """Teacher-forced one-step predictions (N, T, D): entry t predicts x_t from the truth
        up to t−1; NaN at t = 0. Entry c equals forecast(x, context=c)[:, c]."""
        x, times = self._split(x, times)
        if isinstance(self.model, WarpModel):
            return self.model.one_step(x, times)
        return self.model.one_step(x)

    def _warp(self, what):
        if not isinstance(self.model, WarpModel):
            raise ValueError(f"{self.path}: {what}: model kind {self.kind!r} is not WARP")
        return self.model

    def weights(self, x, context=None, times=None):
        """WARP's weight trajectory θ_t (N, T, D) fed like forecast, as `warpkit weights`
        writes it; weight_names names its entries."""
        x, times = self._split(x, times)
        return self._warp("weights").weights(x, self._ctx(context), times)

    @property
    def weight_names(self):
        """Names of θ's entries: l0.w[i,j] (input j to unit i of layer 0), l0.b[i], ..."""
        return self._warp("weight_names").weight_names()

    def prior_params(self, x, context=None, times=None):
        """WARP-Phys's inferred physical parameters (N, T, P) fed like forecast, equal to
        forecast's param_<name> columns (NaN at t = 0); param_names names them."""
        x, times = self._split(x, times)
        return self._warp("prior_params").prior_params(x, self._ctx(context), times)

    @property
    def param_names(self):
        """The prior's parameter names (WARP-Phys), [] otherwise."""
        return self.model.param_names if isinstance(self.model, WarpModel) else []


def load_run(path):
    """Loads a run folder written by `warpkit train` (model.safetensors and config.json)."""
    path = os.fspath(path)
    if not os.path.isdir(path):
        raise CheckpointError(f"{path}: not a run folder (no such folder)")
    cfg_path = os.path.join(path, CONFIG_FILE)
    try:
        with open(cfg_path) as f:
            run_config = json.load(f)
    except OSError as e:
        raise CheckpointError(f"{cfg_path}: {e.strerror or e}") from e
    except json.JSONDecodeError as e:
        raise CheckpointError(f"{cfg_path}: {e}") from e
    if not isinstance(run_config, dict) or not run_config.get("kind"):
        raise CheckpointError(f'{cfg_path}: no "kind"')
    model_path = os.path.join(path, MODEL_FILE)
    kind, config, tensors = read_checkpoint(model_path)
    if run_config["kind"] != kind:
        raise CheckpointError(f"{path}: {CONFIG_FILE} says kind {run_config['kind']!r}, {MODEL_FILE} says {kind!r}")
    if kind in RNN_KINDS:
        model = RNNModel(kind, config, tensors, model_path)
    elif kind in ("warp", "warp-phys"):
        model = WarpModel(kind, config, tensors, model_path)
    else:
        raise CheckpointError(f"{model_path}: unknown model kind {kind!r} (want gru, lstm, lru, warp or warp-phys)")
    return Run(path, kind, config, run_config, model)
