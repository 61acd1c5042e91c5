#!/usr/bin/python3
"""Prints an HDF5 file's structure and values as JSON, as h5py and numpy see them.

Used by warpkit's tests as the independent reader: usage dump_h5.py FILE.
Every object path maps to {"kind", "attrs", and for datasets "shape", "dtype",
"values" (flattened, row-major), "chunks", "compression", "shuffle"}.
"""
import json
import sys

import h5py
import numpy as np


def text(x):
    return x.decode("utf-8") if isinstance(x, (bytes, np.bytes_)) else str(x)


def values(a):
    """Flattened values: "str" for strings, "float" or "int" for numbers."""
    a = np.asarray(a)
    flat = a.ravel()
    if a.dtype.kind in "SUO":
        return "str", [text(x) for x in flat]
    if a.dtype.kind == "f":
        return "float", [float(x) for x in flat]
    if a.dtype.kind in "iub":
        return "int", [int(x) for x in flat]
    raise ValueError("unexpected dtype %s" % a.dtype)


def attr(v):
    if isinstance(v, (str, bytes, np.bytes_)):
        return {"scalar": True, "kind": "str", "v": [text(v)]}
    kind, vals = values(v)
    return {"scalar": np.ndim(v) == 0, "kind": kind, "v": vals}


def dtype_name(d):
    if d.kind in "SUO":
        return "string"
    return d.newbyteorder("=").name


out = {}


def visit(name, obj):
    path = "/" + name if name else "/"
    entry = {"attrs": {k: attr(obj.attrs[k]) for k in obj.attrs}}
    if isinstance(obj, h5py.Group):
        entry["kind"] = "group"
    else:
        entry["kind"] = "dataset"
        entry["shape"] = list(obj.shape)
        entry["dtype"] = dtype_name(obj.dtype)
        data = obj[()]
        entry["vkind"], entry["values"] = values(data)
        entry["chunks"] = list(obj.chunks) if obj.chunks else None
        entry["compression"] = obj.compression
        entry["compression_opts"] = obj.compression_opts
        entry["shuffle"] = bool(obj.shuffle)
    out[path] = entry


with h5py.File(sys.argv[1], "r") as f:
    visit("", f)
    f.visititems(visit)
json.dump(out, sys.stdout)
