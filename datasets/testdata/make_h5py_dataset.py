"""Write a user's own dataset with h5py in warpkit's layout (train/test groups with
trajectories, t, params; test without params or y0), as float32 or float64, contiguous or
chunked+gzip, and print the values numpy holds as JSON.

Usage: make_h5py_dataset.py OUT.h5 {contiguous|gzip} {float32|float64}"""
import json
import sys

import h5py
import numpy as np

path, layout, dtype = sys.argv[1], sys.argv[2], sys.argv[3]
rng = np.random.default_rng(7)
t = np.linspace(0.0, 2.0, 9)
train = rng.normal(size=(5, 9, 3)).astype(dtype)
test = rng.normal(size=(2, 9, 3)).astype(dtype)
params = rng.uniform(1, 2, size=(5, 2))
kw = {"chunks": (2, 9, 3), "compression": "gzip", "compression_opts": 6} if layout == "gzip" else {}
with h5py.File(path, "w") as f:
    f.attrs["states"] = ["a", "b", "c"]
    f.attrs["param_names"] = ["p", "q"]
    f.attrs["note"] = "made by h5py"
    g = f.create_group("train")
    g.create_dataset("trajectories", data=train, **kw)
    g.create_dataset("t", data=t)
    g.create_dataset("params", data=params)
    h = f.create_group("test")
    h.create_dataset("trajectories", data=test, **kw)
    h.create_dataset("t", data=t)
print(json.dumps({
    "train": train.astype(np.float64).ravel().tolist(),
    "test": test.astype(np.float64).ravel().tolist(),
    "t": t.tolist(),
    "params": params.ravel().tolist(),
}))
