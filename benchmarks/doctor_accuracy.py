"""Does nnlib's doctor name what is wrong with training runs made outside nnlib's trainer,
and does its first fix work?

A labelled suite of runs (benchmarks/learner_runs.py): plain NumPy loops (full batch and
minibatch, regression and softmax classification), scikit-learn's MLPRegressor and
MLPClassifier, and the question's own code. Each cause has the kind it should be named:

    summed cost at growing N, lr x20 / x100, unscaled inputs (x100)  -> diverging
    a ReLU output that dies, a negative bias init                    -> dead
    a deep sigmoid net whose gradients vanish, a tiny lr             -> stalled
    healthy (full batch and minibatch, several seeds)                -> healthy (converging or slow)

It prints per-kind precision and recall and the confusion matrix; then applies each problem
run's ``action`` once, reruns it, and counts the runs that become healthy (named converging
or slow, weights finite, no layer dead on the data); last, watch()'s overhead on the
question's workload (median of interleaved rounds). Targets: >= 95% named correctly, no
healthy run named a problem, >= 90% repaired, watch() < 2x.

    python benchmarks/doctor_accuracy.py [--rounds 11]
"""
import argparse
import statistics
import time
from collections import Counter

import numpy as np

from learner_runs import apply, run

HEALTHY = ("converging", "slow")
LABELS = ("diverging", "dead", "stalled", "healthy")


def _np(**kw):
    base = dict(runner="numpy", data="sincos", n=1000, seed=0, hidden=[10], activation="leaky_relu",
                output_activation="identity", leak=0.01, weight_init="he", bias_init=0.1,
                reduction="mean", lr=0.05, epochs=500, batch_size=None)
    return {**base, **kw}


def _mb(**kw):
    return _np(**{"batch_size": 50, "epochs": 30, **kw})


def _digits(**kw):
    return _np(**{"data": "digits", "hidden": [32], "lr": 0.5, "epochs": 150, **kw})


def _sk(**kw):
    base = dict(runner="sklearn", data="sincos", n=1000, seed=0, hidden=[32], solver="adam",
                lr=0.01, batch_size=50, epochs=40)
    return {**base, **kw}


def _orig(**kw):
    base = dict(runner="original", data="random", n=1000, seed=0, activation="relu", lr=0.01,
                epochs=300, reduction="sum")
    return {**base, **kw}


def suite():
    """[(name, label, settings)]."""
    runs = []
    add = lambda name, label, s: runs.append((name, label, s))
    for seed in range(4):
        add(f"numpy full healthy seed {seed}", "healthy", _np(seed=seed))
        add(f"numpy minibatch healthy seed {seed}", "healthy", _mb(seed=seed))
        add(f"numpy digits full healthy seed {seed}", "healthy", _digits(seed=seed))
        add(f"numpy digits minibatch healthy seed {seed}", "healthy", _digits(seed=seed, batch_size=32, epochs=15, lr=0.1))
    for seed in range(2):
        add(f"sklearn regressor per epoch seed {seed}", "healthy", _sk(seed=seed))
        add(f"sklearn regressor per batch seed {seed}", "healthy", _sk(seed=seed, per_batch=True, epochs=15))
        add(f"sklearn classifier per epoch seed {seed}", "healthy", _sk(data="digits", seed=seed, epochs=30))
        add(f"sklearn classifier per batch seed {seed}", "healthy", _sk(data="digits", seed=seed, per_batch=True, epochs=10))
    add("question relu N=100", "healthy", _orig(n=100))
    for n in (1000, 3000, 10000):
        for seed in range(2):
            add(f"numpy summed cost N={n} seed {seed}", "diverging", _np(n=n, seed=seed, reduction="sum", lr=1e-3))
    add("numpy digits summed cost", "diverging", _digits(reduction="sum"))
    # lr 1.0 and 5.0: 20x and 100x the healthy 0.05 (10x, 0.5, does not blow up on this
    # net: it bounces or kills units, so it is no clean case of either)
    for f in (20, 100):
        for seed in range(2):
            add(f"numpy full lr x{f} seed {seed}", "diverging", _np(seed=seed, lr=0.05 * f))
            add(f"numpy minibatch lr x{f} seed {seed}", "diverging", _mb(seed=seed, lr=0.05 * f))
    # a softmax's gradient is bounded: x10 only bounces; x100 overflows its exp
    add("numpy digits lr x100", "diverging", _digits(lr=50.0))
    add("numpy digits minibatch lr x100", "diverging", _digits(lr=10.0, batch_size=32, epochs=15))
    for seed in range(2):
        add(f"numpy full unscaled x100 seed {seed}", "diverging", _np(seed=seed, input_scale=100.0))
        add(f"numpy minibatch unscaled x100 seed {seed}", "diverging", _mb(seed=seed, input_scale=100.0))
    add("numpy digits unscaled x100", "diverging", _digits(input_scale=100.0))
    add("question identity N=1000", "diverging", _orig(activation="identity"))
    for seed in range(2):
        add(f"numpy negative bias seed {seed}", "dead", _np(seed=seed, activation="relu", bias_init=-3.0))
        add(f"numpy minibatch negative bias seed {seed}", "dead", _mb(seed=seed, activation="relu", bias_init=-3.0))
        add(f"question relu N=1000 seed {seed}", "dead", _orig(seed=seed))
    add("numpy digits negative bias", "dead", _digits(activation="relu", bias_init=-3.0))
    for seed in (2, 3):
        add(f"question relu N=1000 seed {seed}", "dead", _orig(seed=seed))
    add("question relu N=3000", "dead", _orig(n=3000, epochs=100))
    add("question relu N=10000", "dead", _orig(n=10000, epochs=100))
    add("sklearn regressor unscaled x100", "diverging", _sk(solver="sgd", lr=0.01, input_scale=100.0, per_batch=True, epochs=5))
    for seed in range(2):
        deep = dict(hidden=[16] * 6, activation="sigmoid", weight_init="xavier", bias_init=0.0, center_targets=True)
        add(f"numpy deep sigmoid seed {seed}", "stalled", _np(seed=seed, **deep))
        add(f"numpy full tiny lr seed {seed}", "stalled", _np(seed=seed, lr=0.05e-5))
        add(f"numpy minibatch tiny lr seed {seed}", "stalled", _mb(seed=seed, lr=0.05e-5))
    add("numpy digits tiny lr", "stalled", _digits(lr=0.5e-5))
    add("sklearn regressor tiny lr", "stalled", _sk(solver="sgd", lr=1e-7))
    add("sklearn classifier tiny lr", "stalled", _sk(data="digits", solver="sgd", lr=1e-6))
    return runs


def named(d):
    return "healthy" if d.kind in HEALTHY else d.kind


def healthy(d, truth):
    return d.kind in HEALTHY and truth["finite"] and not truth["dead_layer"]


def confusion(results):
    """{(label, named): count} and per-kind (precision, recall)."""
    m = Counter((label, named(d)) for _, label, _, d, _ in results)
    scores = {}
    for k in LABELS:
        tp = m[(k, k)]
        said = sum(v for (l, n), v in m.items() if n == k)
        true = sum(v for (l, n), v in m.items() if l == k)
        scores[k] = (tp / said if said else float("nan"), tp / true if true else float("nan"))
    return m, scores


def print_confusion(m, scores, n):
    names = LABELS + tuple(sorted({nm for (_, nm) in m} - set(LABELS)))
    print(f"\nconfusion (rows: label, columns: named), {n} runs")
    print(" " * 11 + "".join(f"{c:>12}" for c in names))
    for r in LABELS:
        print(f"{r:>11}" + "".join(f"{m[(r, c)]:>12}" for c in names))
    print("\nkind        precision  recall")
    for k, (p, r) in scores.items():
        print(f"{k:<11} {p:>9.0%} {r:>7.0%}")


def repair(results):
    """Apply each problem run's action once, rerun; [(name, healthy after, kind after)]."""
    out = []
    for name, label, s, d, _ in results:
        if label == "healthy":
            continue
        d2, truth2 = run(apply(s, d.action))
        out.append((name, healthy(d2, truth2), d2.kind, d.action))
    return out


def question_loop(X, Y, W, w=None, iterations=1000, lr=0.01):
    """The question's workload as a learner writes it: [7, 2] ReLU, summed cost, N = 1000."""
    for _ in range(iterations):
        Z = X @ W
        out = np.maximum(Z, 0)
        cost = 0.5 * np.sum((Y - out) ** 2)
        W = W - lr * X.T @ ((out - Y) * (Z > 0))
        if w is not None:
            w.log(cost)
    return W


def watch_overhead(rounds):
    """Median over interleaved rounds of (time with watch + w.log) / (time bare)."""
    import nnlib
    from nnlib import doctor
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    W0 = np.random.default_rng(0).uniform(-1, 1, (7, 2))
    ratios = []
    for _ in range(rounds):
        t = time.perf_counter()
        with np.errstate(all="ignore"):
            bare = question_loop(X, Y, W0)
        t_bare = time.perf_counter() - t
        t = time.perf_counter()
        with doctor.watch(lr=0.01, n_samples=1000, reduction="sum", batch_size=None) as w:
            watched = question_loop(X, Y, W0, w)
        ratios.append((time.perf_counter() - t) / t_bare)
        assert np.array_equal(bare, watched)  # watch never changes a result
    return statistics.median(ratios), min(ratios), max(ratios)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=11)
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)  # small products: one BLAS thread is faster on a shared machine
    start = time.perf_counter()
    results = []
    for name, label, s in suite():
        d, truth = run(s)
        results.append((name, label, s, d, truth))
    m, scores = confusion(results)
    print_confusion(m, scores, len(results))
    right = sum(label == named(d) for _, label, _, d, _ in results)
    false_alarms = [n for n, label, _, d, _ in results if label == "healthy" and named(d) != "healthy"]
    for n, label, _, d, _ in results:
        if label != named(d):
            print(f"  misnamed: {n} ({label}) named {d.kind}: {d.message[:160]}")
    fixed = repair(results)
    n_fixed = sum(ok for _, ok, _, _ in fixed)
    for n, ok, kind, action in fixed:
        if not ok:
            print(f"  not repaired: {n}: action {action} gave {kind}")
    ratio, lo, hi = watch_overhead(args.rounds)
    print(f"\nnamed correctly: {right}/{len(results)} = {right / len(results):.1%} (target >= 95%)")
    print(f"healthy runs named a problem: {len(false_alarms)} (target 0)")
    print(f"problem runs healthy after their action: {n_fixed}/{len(fixed)} = {n_fixed / len(fixed):.1%} (target >= 90%)")
    print(f"watch() overhead on the question's loop (N = 1000, [7, 2] ReLU, 1000 iterations): "
          f"median {ratio:.2f}x over {args.rounds} rounds (min {lo:.2f}, max {hi:.2f}; target < 2x)")
    print(f"total time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
