"""A `warpkit bench` folder's models in Python: load_bench finds every cell's run folder and
dataset file, and the package's forecasts reproduce the forecasts the bench recorded."""

import os

import numpy as np
import pytest

import warpkit
from conftest import REPO

TOL = 1e-9

# Two datasets, every model family, one seed, two epochs: seconds. The Go tests of bench run
# folders and of the notebooks run the same suite file.
TINY_SUITE = os.path.join(REPO, "benchmarks", "testdata", "tiny-suite.yaml")


@pytest.fixture(scope="module")
def bench_dir(cli, workdir):
    out = workdir / "bench-tiny"
    cli("bench", "--suite", TINY_SUITE, "--out", str(out), "--quiet", "--parallel", "2")
    return out


def test_load_bench_finds_every_cell_and_dataset(bench_dir):
    b = warpkit.load_bench(bench_dir)
    models = ["warp", "warp-phys", "gru", "lstm", "lru"]
    assert sorted(b.runs) == sorted((ds, m, 0) for ds in ("msd", "lv") for m in models)
    assert sorted(b.datasets) == ["lv", "msd"]
    for name, path in b.datasets.items():
        assert os.path.dirname(path) == os.path.join(str(bench_dir), "data")
        assert os.path.basename(path).startswith(name + "-")
    for key, run in b.runs.items():
        assert run.cell.key == key
        assert run.kind == run.cell.kind
        assert run.context == run.cell.context == 20
        assert np.isfinite(run.cell.metrics["mse"])


def test_forecasts_equal_the_cells(bench_dir):
    b = warpkit.load_bench(bench_dir)
    data = {name: warpkit.load_dataset(path) for name, path in b.datasets.items()}
    worst = 0.0
    for key, run in sorted(b.runs.items()):
        cell = run.cell
        test = data[cell.dataset]["test"]
        k = cell.forecast.shape[0]
        pred = run.forecast(test.trajectories[:k], context=cell.context, times=test.t)
        assert pred.shape == cell.forecast.shape, key
        diff = float(np.max(np.abs(pred - cell.forecast)))
        assert diff <= TOL, f"{key}: the package's forecast differs from the cell's by {diff:.3g}"
        worst = max(worst, diff)
        # The cell's test MSE covers all test trajectories after the context.
        full = run.forecast(test, context=cell.context)
        mse = float(np.mean((full[:, cell.context:] - test.trajectories[:, cell.context:]) ** 2))
        assert abs(mse - cell.metrics["mse"]) <= 1e-9 * max(1.0, abs(mse)), key
    print(f"largest difference from the cells' forecasts: {worst:.3g}")


def test_not_a_bench_folder(tmp_path):
    with pytest.raises(warpkit.CheckpointError, match="no runs/ folder"):
        warpkit.load_bench(tmp_path)
