"""PyTorch weights for warpkit's GRU and LSTM runs.

warpkit's GRU and LSTM layers are PyTorch's (gate order r, z, n and i, f, g, o; the GRU's
reset gate multiplies W_hn h + b_hn, as in torch.nn.GRU), with h_0 = c_0 = 0. Only the tensor
names differ: l0.weight_ih becomes weight_ih_l0. The readout is a torch.nn.Linear from the top
layer's hidden state to the next standardised state; with a residual readout (the default)
the prediction is the fed standardised input plus the Linear's output. Inputs are standardised
with run.mean and run.std, outputs mapped back with them.
"""

from collections import OrderedDict


def torch_state_dicts(run):
    """Returns (rnn_state_dict, readout_state_dict) of numpy float64 arrays for
    torch.nn.GRU/LSTM(input_size=D, hidden_size=H, num_layers=L, batch_first=True) and
    torch.nn.Linear(H, D). LRU and WARP runs have no torch equivalent and raise ValueError."""
    if run.kind not in ("gru", "lstm"):
        raise ValueError(f"{run.path}: model kind {run.kind!r} has no torch.nn equivalent (only gru and lstm)")
    m = run.model
    rnn = OrderedDict()
    for i in range(m.layers):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            rnn[f"{name}_l{i}"] = m.params[f"l{i}.{name}"].copy()
    readout = OrderedDict(weight=m.params["readout.weight"].copy(), bias=m.params["readout.bias"].copy())
    return rnn, readout


def torch_modules(run):
    """Builds float64 torch.nn.GRU/LSTM (batch_first) and torch.nn.Linear modules holding the
    run's weights; needs torch. See the module doc for standardisation and the residual."""
    import torch

    rnn_sd, ro_sd = torch_state_dicts(run)
    m = run.model
    cls = torch.nn.GRU if run.kind == "gru" else torch.nn.LSTM
    rnn = cls(input_size=m.d, hidden_size=m.hidden, num_layers=m.layers, batch_first=True).double()
    readout = torch.nn.Linear(m.hidden, m.d).double()
    rnn.load_state_dict({k: torch.from_numpy(v) for k, v in rnn_sd.items()})
    readout.load_state_dict({k: torch.from_numpy(v) for k, v in ro_sd.items()})
    return rnn, readout
