"""Print every array of .npz/.npy files as JSON, read with numpy alone (no pickle).

Usage: dump_numpy.py FILE...  Output: {file: {array: {shape, dtype, values} | {str}}}.
Python's repr of a float round-trips exactly, so Go can compare bit for bit.
"""
import json
import os
import sys

import numpy as np


def describe(a):
    if a.dtype.kind == "U":
        return {"str": str(a.item()) if a.ndim == 0 else a.tolist()}
    return {"shape": list(a.shape), "dtype": str(a.dtype), "values": a.astype(np.float64).ravel().tolist()}


out = {}
for path in sys.argv[1:]:
    name = os.path.basename(path)
    if path.endswith(".npz"):
        with np.load(path, allow_pickle=False) as f:
            out[name] = {k: describe(f[k]) for k in f.files}
    else:
        out[name] = {"": describe(np.load(path, allow_pickle=False))}
print(json.dumps(out))
