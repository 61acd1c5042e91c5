"""Datasets: warpkit's HDF5 against h5py directly, and the WARP authors' npy folder layout and
warpkit's npy sets against the same data."""

import h5py
import numpy as np

import warpkit


def test_h5_and_npy_layouts(cli, tmp_path):
    h5 = cli.dataset("msd")
    d = warpkit.load_dataset(h5)
    with h5py.File(h5, "r") as f:
        for s in ("train", "test"):
            np.testing.assert_array_equal(d[s].trajectories, f[s]["trajectories"][...])
            np.testing.assert_array_equal(d[s].t, f[s]["t"][...])
            np.testing.assert_array_equal(d[s].params, f[s]["params"][...])
        np.testing.assert_array_equal(d.normalization["std"], f["normalization/std"][...])
    assert d.states == ["x", "v"] and d.param_names == ["m", "k", "c"]
    assert set(d.keys()) == {"train", "test"}

    # The WARP authors' layout: a folder of train.npy and test.npy, (N, T, D) each.
    authors = tmp_path / "authors"
    authors.mkdir()
    for s in ("train", "test"):
        np.save(authors / f"{s}.npy", d[s].trajectories)
    a = warpkit.load_dataset(authors)
    for s in ("train", "test"):
        np.testing.assert_array_equal(a[s].trajectories, d[s].trajectories)
        # warpkit's gen writes t_i = i/(T−1) on [0, 1]; the npy layout stores no times.
        np.testing.assert_array_equal(a[s].t, d[s].t)

    # warpkit's own npy set, written by `warpkit convert`.
    npy = tmp_path / "set"
    npy.mkdir()
    cli("convert", h5, str(npy) + "/")
    for p in (npy, next(npy.glob("*.json"))):
        n = warpkit.load_dataset(p)
        np.testing.assert_array_equal(n["test"].trajectories, d["test"].trajectories)
        np.testing.assert_array_equal(n["test"].t, d["test"].t)


def test_forecast_from_npy_folder_matches(cli, tmp_path):
    """A forecast from the authors' layout equals the one from the HDF5 file."""
    rundir, data = cli.run("phys-exact", "msd", "warp-phys", "--prior-options", '{"integrator":"exact"}',
                           "--root-width", "8", "--root-depth", "1")
    folder = tmp_path / "npy"
    folder.mkdir()
    d = warpkit.load_dataset(data)
    np.save(folder / "test.npy", d["test"].trajectories)
    run = warpkit.load_run(rundir)
    got = run.forecast(warpkit.load_dataset(folder)["test"], context=20)
    np.testing.assert_array_equal(got, run.forecast(d["test"], context=20))
