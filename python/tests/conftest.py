"""Shared fixtures: the warpkit binary built from this checkout, tiny datasets it generates,
and runs it trains for a few steps, each with its `warpkit forecast` and `warpkit weights`
outputs. Everything is made once per session under one temporary folder.

Without Go (or with WARPKIT_BIN unset and no go on PATH) the tests are skipped, or fail when
CI=true, so the comparison cannot silently stop running in CI.
"""

import json
import os
import shutil
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _missing(what):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI=true", pytrace=False)
    pytest.skip(f"{what} unavailable; CI=true makes this a failure")


def require(module):
    """Imports module, or skips the calling test module (fails it under CI=true)."""
    try:
        return __import__(module)
    except ImportError as e:
        if os.environ.get("CI") == "true":
            raise ImportError(f"{module} is required under CI=true (scripts/setup-test-clients.sh installs it): {e}") from e
        pytest.skip(f"{module} unavailable; CI=true makes this a failure", allow_module_level=True)


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("warpkit")


@pytest.fixture(scope="session")
def warpkit_bin(workdir):
    """The warpkit CLI: $WARPKIT_BIN, else `go build ./cmd/warpkit` of this checkout."""
    if os.environ.get("WARPKIT_BIN"):
        return os.environ["WARPKIT_BIN"]
    go = shutil.which("go")
    if go is None:
        _missing("go (to build the warpkit binary)")
    out = str(workdir / "warpkit")
    r = subprocess.run([go, "build", "-o", out, "./cmd/warpkit"], cwd=REPO, capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail(f"go build ./cmd/warpkit failed:\n{r.stderr}", pytrace=False)
    return out


class CLI:
    """Runs warpkit commands and caches what they make, by name, for the session."""

    def __init__(self, binary, root):
        self.binary, self.root = binary, root
        self.cache = {}

    def __call__(self, *args):
        r = subprocess.run([self.binary, *args], capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"warpkit {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
        return r.stdout

    def dataset(self, name):
        """A tiny dataset: 8 training and 3 test trajectories of a built-in one."""
        key = ("data", name)
        if key not in self.cache:
            path = str(self.root / f"{name}.h5")
            self("gen", "--dataset", name, "--n-train", "8", "--n-test", "3", "--n-val", "0", "--out", path, "--quiet")
            self.cache[key] = path
        return self.cache[key]

    def run(self, name, dataset, model, *flags, context=None):
        """A run trained for one epoch (two Adam steps) with flags, and forecast.h5 (and, for
        WARP, weights.h5) written by the CLI at the given context (the run's by default)."""
        key = ("run", name)
        if key not in self.cache:
            data = self.dataset(dataset)
            d = self.root / name
            self("train", "--model", model, "--data", data, "--epochs", "1", "--batch", "4",
                 "--lr", "0.01", "--context", "10", "--out", str(d), "--quiet", *flags)
            ctx = [] if context is None else ["--context", str(context)]
            self("forecast", "--run", str(d), "--data", data, "--out", str(d / "forecast.h5"), *ctx)
            if model.startswith("warp"):
                self("weights", "--run", str(d), "--data", data, "--out", str(d / "weights.h5"), *ctx)
            self.cache[key] = (str(d), data)
        return self.cache[key]


@pytest.fixture(scope="session")
def cli(warpkit_bin, workdir):
    return CLI(warpkit_bin, workdir)


def prior_options(**kw):
    return json.dumps(kw)
