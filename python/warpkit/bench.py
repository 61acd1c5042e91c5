"""Reading a `warpkit bench` folder: every finished cell's trained model, a run folder under
DIR/runs/DATASET__MODEL__seedN, and the dataset files under DIR/data it trained and was tested
on. Each run folder also holds cell.safetensors: the cell's recorded forecast of the first
test trajectories and its metrics, as the bench's tables report them."""

import glob
import math
import os

from .safetensors import CheckpointError, read_safetensors

RUNS_DIR = "runs"
DATA_DIR = "data"
CELL_FILE = "cell.safetensors"
#: The cell file format this package reads (benchmarks.cellFormat).
CELL_FORMAT = "warpkit-bench-cell-1"


class Cell:
    """What the bench recorded for one (dataset, model, seed) cell: its forecast (K, T, D) of
    the first K test trajectories after `context` true steps, its metrics ({"mse": ..., ...},
    NaN where training diverged), and the dataset file (`data`)."""

    def __init__(self, path, meta, forecast, data):
        self.path = path
        self.dataset = meta["dataset"]
        self.model = meta["model"]
        self.kind = meta.get("kind", "")
        self.seed = int(meta["seed"])
        self.context = int(meta["context"])
        self.split = meta.get("split", "test")
        self.stopped = meta.get("stopped", "")
        self.metrics = {k[len("metric_"):]: float(v) for k, v in meta.items() if k.startswith("metric_")}
        self.forecast = forecast
        self.data = data

    @property
    def key(self):
        return (self.dataset, self.model, self.seed)

    def __repr__(self):
        return f"Cell({self.dataset!r}, {self.model!r}, seed {self.seed}, mse {self.metrics.get('mse', math.nan):.4g})"


def read_cell(run_dir):
    """Reads a bench run folder's cell.safetensors; a missing key or another format version is
    a CheckpointError naming the file."""
    path = os.path.join(run_dir, CELL_FILE)
    tensors, meta = read_safetensors(path)
    if meta.get("format") != CELL_FORMAT:
        raise CheckpointError(f"{path}: format {meta.get('format')!r} in __metadata__, this package reads {CELL_FORMAT!r}")
    for key in ("dataset", "model", "seed", "context", "data"):
        if key not in meta:
            raise CheckpointError(f"{path}: no {key!r} in __metadata__")
    if "forecast" not in tensors or tensors["forecast"].ndim != 3:
        raise CheckpointError(f"{path}: no (K, T, D) tensor 'forecast'")
    data = os.path.normpath(os.path.join(run_dir, meta["data"]))
    return Cell(path, meta, tensors["forecast"], data)


class Bench:
    """A bench folder's trained models and data.

    runs: {(dataset, model, seed): Run}, each Run with its Cell as run.cell;
    cells: {(dataset, model, seed): Cell};
    datasets: {dataset: path of its HDF5 file} (load one with warpkit.load_dataset).
    """

    def __init__(self, paths, runs, cells, datasets):
        self.paths = paths
        self.runs = runs
        self.cells = cells
        self.datasets = datasets

    def __repr__(self):
        return f"Bench({', '.join(self.paths)}: {len(self.runs)} runs, datasets {sorted(self.datasets)})"


def load_bench(path, *more):
    """Loads the run folders and dataset files of a `warpkit bench` output folder, or of
    several (the shard folders a `warpkit bench report` merged)."""
    from . import load_run  # the package's, defined after this module is imported

    paths = [os.fspath(p) for p in (path, *more)]
    runs, cells, datasets = {}, {}, {}
    for p in paths:
        runs_dir = os.path.join(p, RUNS_DIR)
        if not os.path.isdir(runs_dir):
            raise CheckpointError(f"{p}: no {RUNS_DIR}/ folder (not a bench folder, or one a warpkit from before bench kept its models wrote)")
        # Dataset files are named NAME-HASH.h5; the cells below name theirs exactly.
        for f in sorted(glob.glob(os.path.join(p, DATA_DIR, "*.h5"))):
            datasets.setdefault(os.path.basename(f).rsplit("-", 1)[0], f)
        for name in sorted(os.listdir(runs_dir)):
            d = os.path.join(runs_dir, name)
            if name.startswith(".") or not os.path.isdir(d):
                continue  # a temporary folder of a run still writing, or killed
            cell = read_cell(d)
            run = load_run(d)
            run.cell = cell
            runs[cell.key] = run
            cells[cell.key] = cell
            datasets[cell.dataset] = cell.data
    return Bench(paths, runs, cells, datasets)
