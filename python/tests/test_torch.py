"""GRU and LSTM runs loaded into Debian's torch.nn.GRU/LSTM give warpkit's forecasts."""

import h5py
import numpy as np
import pytest

import warpkit

from conftest import require

torch = require("torch")


def _torch_forecast(run, x, context):
    """Forecast with torch modules only: standardise, run the context through nn.GRU/LSTM,
    then feed each prediction back, one step at a time."""
    rnn, readout = warpkit.torch_modules(run)
    mean, std = torch.from_numpy(run.mean), torch.from_numpy(run.std)
    u = (torch.from_numpy(x) - mean) * (1 / std)
    out = torch.from_numpy(x.copy())
    with torch.no_grad():
        h, state = rnn(u[:, :context])
        fed = u[:, context - 1]
        y = readout(h[:, -1]) + (fed if run.model.residual else 0)
        for k in range(context, x.shape[1]):
            out[:, k] = y * std + mean
            if k + 1 == x.shape[1]:
                break
            h, state = rnn(y[:, None], state)
            y = readout(h[:, -1]) + (y if run.model.residual else 0)
    return out.numpy()


@pytest.mark.parametrize("name,dataset,flags,context", [
    ("gru-2layer", "msd", ["--hidden", "8", "--layers", "2"], None),
    ("gru-direct", "lv", ["--hidden", "6", "--residual=false"], 40),
    ("lstm-2layer", "msd", ["--hidden", "7", "--layers", "2"], None),
])
def test_torch_modules_match_cli(cli, name, dataset, flags, context):
    model = name.split("-")[0]
    rundir, data = cli.run(name, dataset, model, *flags, context=context)
    run = warpkit.load_run(rundir)
    rnn_sd, ro_sd = warpkit.torch_state_dicts(run)
    assert list(rnn_sd)[:4] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    with h5py.File(f"{rundir}/forecast.h5", "r") as f:
        x, want, c = f["test/trajectories"][...], f["test/predictions"][...], int(f.attrs["context"])
    got = _torch_forecast(run, x, c)
    err = np.max(np.abs(got - want))
    print(f"{name}: max |torch − warpkit forecast| = {err:.3g}")
    assert err <= 1e-9, err


def test_lru_and_warp_have_no_torch_module(cli):
    rundir, _ = cli.run("lru-skip", "msd", "lru", "--hidden", "2", "--lru-rmin", "0.5")
    with pytest.raises(ValueError, match="only gru and lstm"):
        warpkit.torch_state_dicts(warpkit.load_run(rundir))
