"""Print the groups, datasets (shape, dtype, values) and attributes of an HDF5 file, as h5py
reads them, as JSON: {"attrs": {...}, "groups": [...], "datasets": {path: {...}}}."""
import json
import sys

import h5py
import numpy as np


def attr(v):
    if isinstance(v, bytes):
        return {"bytes": v.decode("utf-8", "replace")}
    if isinstance(v, str):
        return {"str": v}
    a = np.asarray(v)
    if a.dtype.kind in "OSU":
        return {"strs": [x.decode() if isinstance(x, bytes) else str(x) for x in a.ravel().tolist()]}
    return {"num": a.astype(np.float64).ravel().tolist(), "shape": list(a.shape)}


out = {"attrs": {}, "groups": [], "datasets": {}, "group_attrs": {}}
with h5py.File(sys.argv[1], "r") as f:
    out["attrs"] = {k: attr(v) for k, v in f.attrs.items()}

    def visit(name, obj):
        if isinstance(obj, h5py.Group):
            out["groups"].append(name)
            out["group_attrs"][name] = {k: attr(v) for k, v in obj.attrs.items()}
        else:
            out["datasets"][name] = {
                "shape": list(obj.shape),
                "dtype": str(obj.dtype),
                "chunks": list(obj.chunks) if obj.chunks else None,
                "compression": obj.compression,
                "values": np.asarray(obj[()], dtype=np.float64).ravel().tolist(),
            }

    f.visititems(visit)
print(json.dumps(out))
