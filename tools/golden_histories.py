"""The regression fixture of the refactor: cost histories of a fixed set of runs.

    python tools/golden_histories.py            # (re)writes tests/data/golden_histories.npz

Made once, before a refactor starts, from the code as it was then; tests/test_golden_histories.py
reruns every case and asserts the costs bit for bit (NaN where NaN). A refactor that must not
change a number leaves this file alone; a change that is meant to move the numbers rewrites
it in the same commit and says why.

Each case is one call of nnlib.train on sincos data (seed 0), 60 epochs: every activation,
sum and mean, sgd, momentum, adam, adaptive, float32 and float64, with and without biases,
depth 1 to 3, and a run that diverges.
"""
import sys
from pathlib import Path

import numpy as np

import nnlib

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden_histories.npz"
EPOCHS = 60


def cases():
    """{name: (Network kwargs, train kwargs, n samples)}."""
    out = {}
    for act in ("relu", "leaky_relu", "sigmoid", "tanh", "identity"):
        out[f"act_{act}"] = (dict(sizes=[7, 5, 2], activation=act, output_activation="identity",
                                  weight_init="he", bias_init=0.1, seed=1),
                             dict(lr=0.05, reduction="mean"), 200)
    base = dict(sizes=[7, 6, 2], activation="leaky_relu", leak=0.01, output_activation="identity",
                weight_init="he", bias_init=0.1, seed=2)
    for red, lr in (("sum", 1e-4), ("mean", 0.05)):
        for opt in ("sgd", "momentum", "adam"):
            for dtype in ("float64", "float32"):
                extra = dict(momentum=0.8) if opt == "momentum" else {}
                out[f"{opt}_{red}_{dtype}"] = (base, dict(lr=lr * (0.1 if opt == "adam" and red == "sum" else 1),
                                                          reduction=red, optimizer=opt, dtype=dtype, **extra), 300)
    for dtype in ("float64", "float32"):
        out[f"adaptive_{dtype}"] = (base, dict(lr=5.0, reduction="mean", adaptive=True, dtype=dtype), 300)
        out[f"diverge_{dtype}"] = (dict(sizes=[7, 2], activation="identity", seed=5),
                                   dict(lr=1.0, reduction="sum", dtype=dtype), 1000)
    out["no_bias_depth1"] = (dict(sizes=[7, 2], seed=3), dict(lr=0.01, reduction="mean"), 200)
    out["bias_uniform_depth3"] = (dict(sizes=[7, 8, 6, 2], activation="tanh", output_activation="sigmoid",
                                       weight_init="xavier", bias_init=("uniform", 0.0, 1.0), seed=4),
                                  dict(lr=0.5, reduction="mean"), 200)
    out["answer_rewrite"] = (dict(sizes=[7, 10, 2], activation="leaky_relu", leak=1e-4,
                                  bias_init=("uniform", 0.0, 1.0), seed=0),
                             dict(lr=1e-5, reduction="sum", dtype="float32"), 1000)
    return out


def histories():
    """{name: (cost history, status)} of every case, run now."""
    res = {}
    for name, (net_kw, train_kw, n) in cases().items():
        X, Y = nnlib.datasets.sincos(n=n, seed=0)
        h = nnlib.train(nnlib.Network(**net_kw), X, Y, epochs=EPOCHS, **train_kw)
        res[name] = (h.cost, h.status)
        assert not name.startswith("diverge") or h.diverged, name  # the case must stay what it says
        assert not name.startswith("adaptive") or h.rejected.any(), name
    return res


def main():
    res = histories()
    np.savez_compressed(OUT, **{k: c for k, (c, _) in res.items()},
                        **{f"status__{k}": np.array(s) for k, (_, s) in res.items()})
    for k, (c, s) in res.items():
        print(f"{k:<24} {s:<9} {c[0]:.6g} -> {c[-1]:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
