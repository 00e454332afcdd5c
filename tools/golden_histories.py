"""The regression fixture of the refactor: cost histories of a fixed set of runs.

    python tools/golden_histories.py                  # (re)writes tests/data/golden_histories.npz
    python tools/golden_histories.py --check          # compares now with it, within TOLERANCE
    python tools/golden_histories.py --check --exact  # bit for bit: for a refactor on one machine

Made once, before a refactor starts, from the code as it was then; tests/test_golden_histories.py
reruns every case and compares within TOLERANCE: a machine with another CPU runs another BLAS
kernel, which sums in another order and moves the last digits (seen: 1e-15 relative in float64,
2e-6 in float32), so bit-for-bit equality holds only on the machine that wrote the file. The
tolerances are far tighter than any real change of the maths would move a cost. A refactor
that must not change a number runs ``--check --exact`` before and after on one machine; a change
that is meant to move the numbers rewrites the file in the same commit and says why.

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


# relative tolerance per dtype the run computed in (costs are stored as float64 either way)
TOLERANCE = {"float64": 1e-10, "float32": 1e-4}


def dtype_of(name):
    """The dtype case ``name`` trains in."""
    net_kw, train_kw, n = cases()[name]
    return train_kw.get("dtype", "float64")


def differences(name, now, golden, status_now, status_golden, exact=False):
    """What differs between two runs of case ``name`` (a list of sentences; empty if none).

    now, golden: cost histories (T,); a diverged run ends at its inf, so its length is its
    divergence epoch + 1, which may move by one step on another CPU (the overflow lands on
    either side of the threshold). Costs are compared over the epochs both have, finite ones
    within the dtype's TOLERANCE, or bit for bit with ``exact``.
    """
    if status_now != status_golden:
        return [f"{name}: status {status_now!r}, expected {status_golden!r}"]
    if exact:
        same = now.dtype == golden.dtype and np.array_equal(now, golden, equal_nan=True)
        return [] if same else [f"{name}: not bit-identical"]
    out = []
    allowed = 1 if status_now == "diverged" else 0
    if abs(now.size - golden.size) > allowed:
        out.append(f"{name}: {now.size} epochs recorded, expected {golden.size} (+-{allowed})")
    T = min(now.size, golden.size)
    a, b = now[:T], golden[:T]
    both = np.isfinite(a) & np.isfinite(b)
    if status_now == "ok" and not both.all():
        out.append(f"{name}: non-finite costs at epochs {np.flatnonzero(~both)[:5].tolist()}")
    rtol = TOLERANCE[dtype_of(name)]
    bad = both & ~np.isclose(a, b, rtol=rtol, atol=0.0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        out.append(f"{name}: epoch {i} cost {a[i]!r}, expected {b[i]!r} (rtol {rtol:g}; "
                   f"{int(bad.sum())} epochs differ)")
    return out


def load(path=OUT):
    """{name: (cost history, status)} as stored in the fixture."""
    data = np.load(path)
    return {k: (data[k], str(data[f"status__{k}"])) for k in data.files if not k.startswith("status__")}


def check(exact=False):
    """Compare every case now with the fixture; print what differs; 0 if nothing does."""
    golden, now = load(), histories()
    problems = [d for k in sorted(golden)
                for d in differences(k, now[k][0], golden[k][0], now[k][1], golden[k][1], exact)]
    print("\n".join(problems) or f"all {len(golden)} cases agree ({'bit for bit' if exact else 'within tolerance'})")
    return 1 if problems else 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--check" in argv:
        return check(exact="--exact" in argv)
    if argv:
        print(__doc__)
        return 2
    res = histories()
    np.savez_compressed(OUT, **{k: c for k, (c, _) in res.items()},
                        **{f"status__{k}": np.array(s) for k, (_, s) in res.items()})
    for k, (c, s) in res.items():
        print(f"{k:<24} {s:<9} {c[0]:.6g} -> {c[-1]:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
