"""Learning-rate estimators against the truth: 240 small runs, each with its true largest
stable lr and its best lr measured by brute force, and eight estimators scored on both.

    .venv/bin/python benchmarks/lr_truth.py            # 240 runs; prints the table, writes lr_truth.json
    .venv/bin/python benchmarks/lr_truth.py --quick    # 24 runs, for a look

The runs (labels fixed below before any estimator is run):
- nnlib nets trained by nnlib.train (full batch): depth 1 to 4 weight layers, identity /
  tanh / sigmoid / leaky_relu / relu, uniform / he / xavier init, no bias / 0 / 0.1,
  sincos / standardized sincos / the question's random targets, N = 64 or 128, sum or mean;
- plain NumPy loops written here: linear least squares and a one-hidden-layer MLP (tanh or
  leaky ReLU, its weights from an nnlib Network so the curvature can be measured), inputs
  as drawn or scaled by 5, sum or mean, full batch or minibatches of 16 (reshuffled each
  epoch by a seeded generator, so a run is reproducible).
Truth, on full-length runs (FULL updates each), "stable" as nnlib.lrfind.is_stable defines it
(every cost finite, the last tenth's mean below the first cost):
- stable lr: one lr per decade from 1e-7 to 100, the first stable-to-unstable step bisected
  (in log lr) until unstable / stable <= 1.02;
- best lr: the lowest final cost (the last tenth's mean) over those runs and a grid of 4 per
  decade over the two decades below the stable lr.
Estimators: 2 / lambda_max at the initial weights (nnlib.curvature), the doctor's growth
estimate and find_lr's bisection (short runs of FULL // 4 updates, 16 at most), and the
range test's rules valley, slide, minimum/10, steep (fastai) and steepest (Lightning).
Scored by |log10(estimate / truth)| (median, 90th percentile) against both truths, by the
share of runs where it gave a number, and by how often a full-length run at the estimate is
unstable. Runs with an even index are the half we looked at while writing find_lr; the
odd half is reported apart and was never tuned on.
"""
import json
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # two workers on two cores: one BLAS thread each
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402

import nnlib  # noqa: E402
from nnlib import doctor, lrfind, runspec  # noqa: E402

FULL = 160            # updates of a full-length run
ESTIMATORS = ("2/lambda_max", "growth", "bisection", "valley", "slide", "minimum/10", "steep", "steepest")
OUT = Path(__file__).with_name("lr_truth.json")


# --- the runs -----------------------------------------------------------------------------

def nnlib_case(rng, i):
    depth = int(rng.integers(1, 5))
    hidden = [int(rng.choice([8, 16]))] * (depth - 1)
    return dict(kind="nnlib", index=i, full_batch=True, settings=dict(
        sizes=[7, *hidden, 2], activation=str(rng.choice(["identity", "tanh", "sigmoid", "leaky_relu", "relu"])),
        output_activation="identity", weight_init=str(rng.choice(["uniform", "he", "xavier"])),
        bias_init=[None, 0.0, 0.1][int(rng.integers(3))], seed=int(rng.integers(100)),
        data=str(rng.choice(["sincos", "sincos_standardized", "random_targets"])),
        n=int(rng.choice([64, 128])), reduction=str(rng.choice(["sum", "mean"])), lr=0.01))


def numpy_case(rng, i, model, full_batch):
    return dict(kind=f"numpy_{model}", index=i, full_batch=full_batch, settings=dict(
        model=model, hidden=int(rng.choice([8, 16])), act=str(rng.choice(["tanh", "leaky_relu"])),
        scale=float(rng.choice([1.0, 5.0])), reduction=str(rng.choice(["sum", "mean"])),
        data=str(rng.choice(["sincos", "random_targets"])), n=128, seed=int(rng.integers(100)),
        batch=None if full_batch else 16, lr=0.01))


def cases(quick=False):
    rng = np.random.default_rng(2026)
    out = [nnlib_case(rng, i) for i in range(140)]
    for model in ("linear", "mlp"):
        for full_batch in (True, False):
            out += [numpy_case(rng, len(out), model, full_batch) for _ in range(25)]
    for i, c in enumerate(out):
        c["index"] = i
    return out[::10] + out[5::10] if quick else out


def numpy_data(s):
    X, Y = nnlib.datasets.NAMED[s["data"]](n=s["n"], seed=s["seed"] % 7)
    return X * s["scale"], Y


def numpy_net(s):
    """The MLP's initial weights as an nnlib Network (He init, bias 0), for 2 / lambda_max."""
    sizes = [7, 2] if s["model"] == "linear" else [7, s["hidden"], 2]
    act = "identity" if s["model"] == "linear" else s["act"]
    return nnlib.Network(sizes, activation=act, output_activation="identity", weight_init="he",
                         bias_init=0.0, seed=s["seed"], leak=0.01)


def numpy_train(s, steps):
    """A plain NumPy loop: (W, b) per layer, squared error, full batch or minibatches;
    costs: one per update, from its batch, before its step."""
    X, Y = numpy_data(s)
    net = numpy_net(s)
    Ws, bs = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    lrs = np.broadcast_to(np.asarray(s["lr"], float), (steps,))
    order, rng, costs = np.arange(len(X)), np.random.default_rng(s["seed"]), []
    size = s["batch"] or len(X)
    while len(costs) < steps:
        rng.shuffle(order) if s["batch"] else None
        for start in range(0, len(X), size):
            if len(costs) == steps:
                break
            idx = order[start:start + size]
            c, grads = _loss_and_grads(Ws, bs, X[idx], Y[idx], s)
            costs.append(c)
            if not np.isfinite(c):
                return costs
            lr = lrs[len(costs) - 1]
            for p, g in zip(Ws + bs, grads):
                p -= lr * g
    return costs


def _loss_and_grads(Ws, bs, X, Y, s):
    scale = 1.0 / len(X) if s["reduction"] == "mean" else 1.0
    acts, A = [X], X
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Z = A @ W + b
        if l < len(Ws) - 1:
            Z = np.tanh(Z) if s["act"] == "tanh" else np.where(Z > 0, Z, 0.01 * Z)
        acts.append(Z)
        A = Z
    err = A - Y
    cost = 0.5 * scale * float(np.sum(err * err))
    delta, gW, gb = scale * err, [], []
    for l in reversed(range(len(Ws))):
        gW.insert(0, acts[l].T @ delta)
        gb.insert(0, delta.sum(0))
        if l:
            back = delta @ Ws[l].T
            H = acts[l]
            delta = back * (1 - H * H) if s["act"] == "tanh" else back * np.where(H > 0, 1.0, 0.01)
    return cost, gW + gb


def trainer(case):
    return lrfind.runspec_train if case["kind"] == "nnlib" else numpy_train


def critical(case):
    s = case["settings"]
    if case["kind"] == "nnlib":
        rs = runspec.BARE.replace(**{k: v for k, v in s.items() if k != "lr"})
        return nnlib.critical_lr(rs.network(), *rs.arrays(), reduction=rs.reduction)
    X, Y = numpy_data(s)
    return nnlib.critical_lr(numpy_net(s), X, Y, reduction=s["reduction"])


# --- truth --------------------------------------------------------------------------------

def full_run(train, s, lr):
    """(stable, final cost) of a full-length run at lr."""
    with np.errstate(all="ignore"):
        c = np.asarray(train({**s, "lr": float(lr)}, FULL), float)
    final = float(np.mean(c[-max(1, len(c) // 10):])) if np.isfinite(c).all() else math.inf
    return lrfind.is_stable(c), final


def truth(train, s):
    """(stable lr, best lr, runs made)."""
    seen = {}
    for lr in 10.0 ** np.arange(-7, 3):
        seen[lr] = full_run(train, s, lr)
        if not seen[lr][0]:
            break
    stable = [lr for lr, (ok, _) in seen.items() if ok]
    if not stable or all(ok for ok, _ in seen.values()):
        return math.nan, math.nan, len(seen)
    lo, hi = max(stable), min(lr for lr, (ok, _) in seen.items() if not ok)
    while hi / lo > 1.02:
        mid = math.sqrt(lo * hi)
        seen[mid] = full_run(train, s, mid)
        lo, hi = (mid, hi) if seen[mid][0] else (lo, mid)
    for lr in lo * 10.0 ** (-np.arange(1, 9) / 4):
        seen.setdefault(lr, full_run(train, s, lr))
    best = min(seen, key=lambda lr: (seen[lr][1], -lr))
    return lo, best, len(seen)


def measure(case):
    t0 = time.perf_counter()
    train, s = trainer(case), case["settings"]
    stable, best, n_truth = truth(train, s)
    found = doctor.find_lr(train, s, steps=FULL // 4)
    est = {"2/lambda_max": critical(case), "growth": found.growth_lr, "bisection": found.stable_lr,
           **found.suggestions}
    diverged = {k: (None if not np.isfinite(v) or v <= 0 else not full_run(train, s, v)[0])
                for k, v in est.items()}
    return dict(index=case["index"], kind=case["kind"], full_batch=case["full_batch"],
                settings={k: v for k, v in s.items() if k != "lr"}, stable_lr=stable, best_lr=best,
                estimates={k: float(v) for k, v in est.items()}, diverged=diverged,
                truth_runs=n_truth, find_lr_runs=len(found.runs), seconds=time.perf_counter() - t0)


# --- the scores ---------------------------------------------------------------------------

def scores(results):
    """{estimator: {against: {median, p90, within15, given}, diverged}} over ``results``."""
    out = {}
    for name in ESTIMATORS:
        row = {}
        for against in ("stable_lr", "best_lr"):
            signed = [math.log10(r["estimates"][name] / r[against]) for r in results
                      if np.isfinite(r["estimates"][name]) and r["estimates"][name] > 0]
            err = np.abs(signed)
            row[against] = dict(median=float(np.median(err)) if len(err) else None,
                                signed_median=float(np.median(signed)) if len(err) else None,
                                p90=float(np.percentile(err, 90)) if len(err) else None,
                                within15=float(np.mean(err < math.log10(1.15))) if len(err) else None,
                                given=len(err) / max(1, len(results)))
        div = [r["diverged"][name] for r in results if r["diverged"][name] is not None]
        row["diverged"] = float(np.mean(div)) if div else None
        out[name] = row
    return out


def table(title, sc, n):
    print(f"\n{title} ({n} runs): |log10(estimate / truth)|, median [90th percentile]")
    print(lrfind.score_table(sc))


def winners(sc_full, sc_mini):
    """A plain sentence: the smallest median error against each truth, among the estimators
    that gave a number on at least 90% of the runs (the growth estimate needs a steady blow-up)."""
    def best(sc, against):
        ok = {k: v[against]["median"] for k, v in sc.items()
              if v[against]["median"] is not None and v[against]["given"] >= 0.9}
        return min(ok, key=ok.get)
    g = sc_full["growth"]
    rules = [sc_full[k]["stable_lr"]["signed_median"] for k in ("valley", "slide", "minimum/10", "steep", "steepest")]
    return (f"Among the estimators that always answer, {best(sc_full, 'stable_lr')} is closest to the "
            f"largest stable lr on full-batch runs and {best(sc_mini, 'stable_lr')} on minibatch runs; "
            f"closest to the best lr: {best(sc_full, 'best_lr')} (full batch), {best(sc_mini, 'best_lr')} "
            f"(minibatch). The growth estimate answers on {g['stable_lr']['given']:.0%} of the full-batch "
            f"runs and its lr is unstable on {g['diverged']:.0%} of them. The range-test rules' medians "
            f"sit {-max(rules):.1f} to {-min(rules):.1f} decades below the full-batch limit: they pick "
            f"a safe lr, not the largest.")


def main(quick=False):
    t0 = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(measure, cases(quick), chunksize=4))
    good = [r for r in results if np.isfinite(r["stable_lr"]) and np.isfinite(r["best_lr"])]
    groups = {"full batch": [r for r in good if r["full_batch"]],
              "minibatch": [r for r in good if not r["full_batch"]],
              "full batch, tuned half (even)": [r for r in good if r["full_batch"] and r["index"] % 2 == 0],
              "full batch, held-out half (odd)": [r for r in good if r["full_batch"] and r["index"] % 2 == 1]}
    summary = {name: scores(rs) for name, rs in groups.items()}
    for name in ("full batch", "minibatch"):
        table(name, summary[name], len(groups[name]))
    print()
    for name in ("full batch, tuned half (even)", "full batch, held-out half (odd)"):
        w = summary[name]["bisection"]["stable_lr"]["within15"] or 0.0
        print(f"find_lr's bisection within 15% of the true stable lr, {name}: {w:.1%} of {len(groups[name])}")
    sentence = winners(summary["full batch"], summary["minibatch"])
    print(sentence)
    seconds = time.perf_counter() - t0
    print(f"{len(results)} runs ({len(results) - len(good)} without a truth: stable or unstable "
          f"on the whole grid), {seconds:.0f} s")
    if not quick:
        OUT.write_text(json.dumps(dict(full=FULL, runs=len(results), with_truth=len(good),
                                       counts={k: len(v) for k, v in groups.items()},
                                       summary=summary, winners=sentence, results=results),
                                  indent=1, default=float) + "\n")
        print(f"wrote {OUT.name}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
