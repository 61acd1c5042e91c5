"""Reading datasets: warpkit's HDF5 files, and folders of .npy files (the WARP authors'
train.npy/test.npy, or warpkit's own npy sets with their JSON sidecar)."""

import json
import os

import numpy as np


class DatasetError(ValueError):
    """A dataset that cannot be read; the message names the file and what is wrong."""


class Split:
    """One split of a dataset: trajectories (N, T, D), t (T), and, when stored, params (N, P)
    and y0 (N, D)."""

    def __init__(self, name, trajectories, t, params=None, y0=None):
        self.name = name
        self.trajectories = trajectories
        self.t = t
        self.params = params
        self.y0 = y0

    @property
    def shape(self):
        return self.trajectories.shape

    def __repr__(self):
        return f"Split({self.name!r}, trajectories {self.trajectories.shape})"


class Dataset:
    """Splits by name (data["train"], data["test"]), state names, root attributes and the
    normalisation warpkit stored (min, max, mean, std per state; empty when absent)."""

    def __init__(self, path, splits, states=None, attrs=None, normalization=None, param_names=None):
        self.path = path
        self.splits = splits
        self.states = states or []
        self.attrs = attrs or {}
        self.normalization = normalization or {}
        self.param_names = param_names or []

    def __getitem__(self, name):
        if name not in self.splits:
            raise KeyError(f"{self.path}: no split {name!r} (splits: {', '.join(self.splits)})")
        return self.splits[name]

    def __contains__(self, name):
        return name in self.splits

    def keys(self):
        return self.splits.keys()

    def __repr__(self):
        return f"Dataset({self.path!r}, splits {list(self.splits)}, states {self.states})"


def uniform_grid(n):
    """t_i = i/(n−1): the times warpkit assumes when a file stores none."""
    return np.arange(n) / (n - 1) if n > 1 else np.zeros(n)


def _strings(v):
    if v is None:
        return []
    if isinstance(v, (bytes, str)):
        v = [v]
    return [s.decode() if isinstance(s, bytes) else str(s) for s in np.asarray(v).ravel().tolist()]


def _attr(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray):
        return _strings(v) if v.dtype.kind in "SOU" else v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


def _load_h5(path):
    import h5py

    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise DatasetError(f"{path}: not a readable HDF5 file: {e}") from e
    with f:
        attrs = {k: _attr(v) for k, v in f.attrs.items()}
        splits = {}
        for name, g in f.items():
            if not isinstance(g, h5py.Group) or "trajectories" not in g:
                continue
            x = np.asarray(g["trajectories"][...], dtype=np.float64)
            if x.ndim != 3:
                raise DatasetError(f"{path}: {name}/trajectories: want 3 dimensions (N, T, D), got shape {x.shape}")
            t = np.asarray(g["t"][...], dtype=np.float64) if "t" in g else uniform_grid(x.shape[1])
            if t.shape != (x.shape[1],):
                raise DatasetError(f"{path}: {name}/t: {t.shape[0] if t.ndim else t.shape} points, trajectories have {x.shape[1]}")
            params = np.asarray(g["params"][...], dtype=np.float64) if "params" in g else None
            y0 = np.asarray(g["y0"][...], dtype=np.float64) if "y0" in g else None
            splits[name] = Split(name, x, t, params, y0)
        norm = {}
        if "normalization" in f:
            norm = {k: np.asarray(v[...], dtype=np.float64) for k, v in f["normalization"].items()}
    if not splits:
        raise DatasetError(f"{path}: no group with a trajectories (N, T, D) dataset")
    return Dataset(path, splits, _strings(attrs.get("states")), attrs, norm, _strings(attrs.get("param_names")))


def _load_npy_folder(path):
    sides = sorted(f for f in os.listdir(path) if f.endswith(".json"))
    if len(sides) == 1:
        return _load_npy_set(os.path.join(path, sides[0]))
    files = sorted(f for f in os.listdir(path) if f.endswith(".npy"))
    if not files:
        raise DatasetError(f"{path}: folder holds no .npy files (want train.npy, test.npy, ...)")
    splits = {}
    for f in files:
        x = np.load(os.path.join(path, f), allow_pickle=False)
        if x.ndim == 2:
            x = x[None]
        if x.ndim != 3:
            raise DatasetError(f"{os.path.join(path, f)}: want (N, T, D) trajectories, got shape {x.shape}")
        name = f[: -len(".npy")]
        splits[name] = Split(name, np.asarray(x, dtype=np.float64), uniform_grid(x.shape[1]))
    return Dataset(path, splits, attrs={"times": "not stored; assumed uniform on [0, 1]"})


def _load_npy_set(side):
    try:
        with open(side) as f:
            sc = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise DatasetError(f"{side}: {e}") from e
    files = sc.get("files") or {}
    if not files:
        raise DatasetError(f"{side}: sidecar lists no files")
    folder = os.path.dirname(side)
    splits = {}
    for name, arrays in files.items():
        a = {k: np.asarray(np.load(os.path.join(folder, v), allow_pickle=False), dtype=np.float64) for k, v in arrays.items()}
        if "trajectories" not in a:
            raise DatasetError(f"{side}: split {name} has no trajectories file")
        x = a["trajectories"]
        splits[name] = Split(name, x, a.get("t", uniform_grid(x.shape[1])), a.get("params"), a.get("y0"))
    norm = sc.get("normalization") or {}
    norm = {k: np.asarray(v, dtype=np.float64) for k, v in norm.items()} if isinstance(norm, dict) else {}
    return Dataset(side, splits, sc.get("states"), sc, norm, sc.get("param_names"))


def load_dataset(path):
    """Opens a warpkit dataset: an HDF5 file (warpkit gen's .h5, or any file with groups
    holding an (N, T, D) trajectories dataset), a folder of <split>.npy files of (N, T, D)
    (the WARP authors' train.npy/test.npy; times assumed uniform on [0, 1]), or warpkit's npy
    set (a folder or its .json sidecar)."""
    path = os.fspath(path)
    if os.path.isdir(path):
        return _load_npy_folder(path)
    if path.lower().endswith(".json"):
        return _load_npy_set(path)
    if not os.path.exists(path):
        raise DatasetError(f"{path}: no such file or folder")
    with open(path, "rb") as f:
        head = f.read(8)
    if head == b"\x89HDF\r\n\x1a\n":
        return _load_h5(path)
    if head.startswith(b"\x93NUMPY"):
        x = np.load(path, allow_pickle=False)
        x = x[None] if x.ndim == 2 else x
        return Dataset(path, {"train": Split("train", np.asarray(x, dtype=np.float64), uniform_grid(x.shape[1]))})
    raise DatasetError(f"{path}: not an HDF5 file, .npy file or folder of .npy files "
                       "(convert Arrow or Parquet with `warpkit convert FILE out.h5`)")
