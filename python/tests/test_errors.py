"""Bad run folders and dataset files are clear errors naming the file and what is wrong."""

import json
import os
import shutil
import struct

import numpy as np
import pytest

import warpkit


def _rewrite(path, edit):
    """Rewrites a safetensors file through edit(header dict, data bytes) → (header, data)."""
    raw = open(path, "rb").read()
    (hl,) = struct.unpack("<Q", raw[:8])
    header, data = edit(json.loads(raw[8 : 8 + hl]), raw[8 + hl :])
    hj = json.dumps(header).encode()
    hj += b" " * (-len(hj) % 8)
    open(path, "wb").write(struct.pack("<Q", len(hj)) + hj + data)


@pytest.fixture
def gru_copy(cli, tmp_path):
    rundir, _ = cli.run("gru-2layer", "msd", "gru", "--hidden", "8", "--layers", "2")
    dst = tmp_path / "run"
    shutil.copytree(rundir, dst)
    return dst


def test_wrong_format_version(gru_copy):
    path = gru_copy / "model.safetensors"

    def edit(h, d):
        h["__metadata__"]["format"] = "warpkit-nn-99"
        return h, d

    _rewrite(path, edit)
    with pytest.raises(warpkit.CheckpointError) as e:
        warpkit.load_run(gru_copy)
    msg = str(e.value)
    assert str(path) in msg and "warpkit-nn-99" in msg and warpkit.FORMAT in msg


def test_missing_tensor(gru_copy):
    path = gru_copy / "model.safetensors"

    def edit(h, d):
        del h["l1.weight_hh"]
        return h, d

    _rewrite(path, edit)
    with pytest.raises(warpkit.CheckpointError, match=r"model\.safetensors: missing tensor l1\.weight_hh"):
        warpkit.load_run(gru_copy)


def test_wrong_shape_extra_tensor_and_dtype(gru_copy):
    path = gru_copy / "model.safetensors"
    orig = open(path, "rb").read()

    def shape(h, d):
        h["readout.bias"]["shape"] = [1, 2]
        return h, d

    _rewrite(path, shape)
    with pytest.raises(warpkit.CheckpointError, match=r"tensor readout\.bias has shape \[1, 2\], model expects \[2\]"):
        warpkit.load_run(gru_copy)
    open(path, "wb").write(orig)

    def extra(h, d):
        h["stray"] = {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}
        return h, d

    _rewrite(path, extra)
    with pytest.raises(warpkit.CheckpointError, match="tensor stray is not a parameter"):
        warpkit.load_run(gru_copy)
    open(path, "wb").write(orig)

    def f32(h, d):
        h["readout.bias"]["dtype"] = "F32"
        return h, d

    _rewrite(path, f32)
    with pytest.raises(warpkit.CheckpointError, match="readout.bias: dtype 'F32'"):
        warpkit.load_run(gru_copy)


def test_truncated_and_missing_files(gru_copy, tmp_path):
    path = gru_copy / "model.safetensors"
    raw = open(path, "rb").read()
    open(path, "wb").write(raw[: len(raw) - 16])
    with pytest.raises(warpkit.CheckpointError, match="data_offsets"):
        warpkit.load_run(gru_copy)
    os.remove(path)
    with pytest.raises(warpkit.CheckpointError, match="model.safetensors"):
        warpkit.load_run(gru_copy)
    os.remove(gru_copy / "config.json")
    with pytest.raises(warpkit.CheckpointError, match="config.json"):
        warpkit.load_run(gru_copy)
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"not a dataset")
    with pytest.raises(warpkit.DatasetError, match="bad.h5"):
        warpkit.load_dataset(bad)


def test_forecast_arguments(cli):
    rundir, data = cli.run("gru-2layer", "msd", "gru", "--hidden", "8", "--layers", "2")
    run = warpkit.load_run(rundir)
    x = warpkit.load_dataset(data)["test"].trajectories
    with pytest.raises(ValueError, match="context 0|context 300"):
        run.forecast(x, context=300)
    with pytest.raises(ValueError, match=r"\(N, T, 2\)"):
        run.forecast(x[..., :1], context=5)
    with pytest.raises(ValueError, match="not WARP"):
        run.weights(x)
    assert np.array_equal(run.forecast(x, context=x.shape[1]), x)


def test_corrupt_checkpoints_are_checkpoint_errors(gru_copy):
    """Random damage to a checkpoint (flipped bytes, truncation, a rewritten header) reads
    back or fails with CheckpointError, never with another exception."""
    raw = open(gru_copy / "model.safetensors", "rb").read()
    (hl,) = struct.unpack("<Q", raw[:8])
    rng = np.random.default_rng(7)
    path = gru_copy / "damaged.safetensors"
    headers = [b'{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}',
               b'{"a":{"dtype":"F64","shape":[true],"data_offsets":[0,8]}}', b'[1,2]', b'{"__metadata__":{"k":1}}',
               b'{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,0]}}', b'{"a":7}', b"\xff\xfe"]
    cases = [raw[:n] for n in rng.integers(0, len(raw), 30)]
    for _ in range(60):
        b = bytearray(raw)
        for i in rng.integers(0, 8 + hl, 3):
            b[i] = rng.integers(0, 256)
        cases.append(bytes(b))
    cases += [struct.pack("<Q", len(h)) + h + b"\0" * 8 for h in headers]
    raised = 0
    for case in cases:
        path.write_bytes(case)
        try:
            warpkit.read_safetensors(path)
        except warpkit.CheckpointError as e:
            assert str(path) in str(e)
            raised += 1
    assert raised >= 30 + len(headers)  # every truncation and every bad header at least
