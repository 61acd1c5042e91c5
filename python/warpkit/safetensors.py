"""Reading warpkit's checkpoints: safetensors files of float64 tensors.

The format (https://huggingface.co/docs/safetensors) is an 8-byte little-endian header
length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then the
raw little-endian data. warpkit writes only F64 tensors and puts the model kind, its JSON
config and the format version in the metadata (nn.SaveModel).
"""

import json
import math
import struct

import numpy as np

#: The checkpoint format this package reads (nn.SaveModel's "format" metadata).
FORMAT = "warpkit-nn-1"

_MAX_HEADER = 100 << 20


class CheckpointError(ValueError):
    """A checkpoint or run folder that cannot be read; the message names the file."""


def read_safetensors(path):
    """Returns ({name: float64 array}, {metadata key: string}) of a safetensors file."""
    path = str(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise CheckpointError(f"{path}: {e.strerror or e}") from e
    if len(raw) < 8:
        raise CheckpointError(f"{path}: not a safetensors file ({len(raw)} bytes)")
    (hl,) = struct.unpack("<Q", raw[:8])
    if hl > _MAX_HEADER or hl > len(raw) - 8:
        raise CheckpointError(f"{path}: header length {hl} does not fit the file ({len(raw)} bytes)")
    try:
        header = json.loads(raw[8 : 8 + hl].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CheckpointError(f"{path}: header: {e}") from e
    if not isinstance(header, dict):
        raise CheckpointError(f"{path}: header is not a JSON object")
    meta = header.pop("__metadata__", None) or {}
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise CheckpointError(f"{path}: __metadata__ must map names to strings")
    data = memoryview(raw)[8 + hl :]
    tensors = {}
    for name in sorted(header):
        e = header[name]
        if not isinstance(e, dict):
            raise CheckpointError(f"{path}: tensor {name}: entry is not an object")
        if e.get("dtype") != "F64":
            raise CheckpointError(f"{path}: tensor {name}: dtype {e.get('dtype')!r}, only F64 is supported")
        shape = e.get("shape")
        offs = e.get("data_offsets")
        if not isinstance(shape, list) or not all(type(s) is int and s >= 0 for s in shape):
            raise CheckpointError(f"{path}: tensor {name}: bad shape {shape!r}")
        n = math.prod(shape)
        if not (isinstance(offs, list) and len(offs) == 2 and all(type(o) is int for o in offs)):
            raise CheckpointError(f"{path}: tensor {name}: bad data_offsets {offs!r}")
        b, en = offs
        if b < 0 or en < b or en > len(data) or en - b != 8 * n:
            raise CheckpointError(
                f"{path}: tensor {name}: data_offsets {offs} do not fit shape {shape} and {len(data)} data bytes"
            )
        tensors[name] = np.frombuffer(data[b:en], dtype="<f8").astype(np.float64).reshape(shape)
    return tensors, meta


def read_checkpoint(path):
    """Reads a model.safetensors written by warpkit: (kind, config dict, tensors).

    A file of another format version, or without a kind or config, is a CheckpointError
    naming the file and what is wrong.
    """
    tensors, meta = read_safetensors(path)
    fmt = meta.get("format")
    if fmt != FORMAT:
        raise CheckpointError(
            f"{path}: checkpoint format {fmt!r} in __metadata__, this package reads {FORMAT!r}"
        )
    kind = meta.get("kind")
    if not kind:
        raise CheckpointError(f'{path}: no "kind" in __metadata__')
    try:
        config = json.loads(meta.get("config", ""))
    except json.JSONDecodeError as e:
        raise CheckpointError(f'{path}: "config" in __metadata__: {e}') from e
    if not isinstance(config, dict):
        raise CheckpointError(f'{path}: "config" in __metadata__ is not a JSON object')
    return kind, config, tensors


def take_params(tensors, expected, path):
    """Checks that tensors holds exactly the parameters expected ({name: shape}), as warpkit's
    nn.LoadParams does, and returns them. A missing, misshapen or unexpected tensor is a
    CheckpointError naming it."""
    for name, shape in expected.items():
        if name not in tensors:
            raise CheckpointError(f"{path}: missing tensor {name}")
        if tuple(tensors[name].shape) != tuple(shape):
            raise CheckpointError(
                f"{path}: tensor {name} has shape {list(tensors[name].shape)}, model expects {list(shape)}"
            )
    for name in sorted(tensors):
        if name not in expected:
            raise CheckpointError(f"{path}: tensor {name} is not a parameter of this model")
    return {k: tensors[k] for k in expected}
