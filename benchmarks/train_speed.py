"""How fast is nnlib.train on the answer's workload, against the same network written as
a learner would in NumPy and against scikit-learn's MLPRegressor?

Workload: sincos n = 1000, [7, 10, 2], leaky ReLU (leak 1e-4) on both layers, U(-1, 1)
weights, U(0, 1) biases, summed cost, lr 1e-5, 2000 full-batch epochs, history on.
(scikit-learn cannot build this exact network: see sklearn_fit.)
The three are timed interleaved in one process (the machine is shared and noisy: ratios
within one run are what count) and the medians are printed.

    python benchmarks/train_speed.py [--repeats 11]
"""
import argparse
import statistics
import time
import tracemalloc
import warnings

import numpy as np

import nnlib

SIZES, LEAK, LR, EPOCHS, N = [7, 10, 2], 1e-4, 1e-5, 2000, 1000
GFLOP_PER_RUN = 0.91  # forward + backward + update, counted as in the issue


def learner_loop(weights, biases, X, Y, lr=LR, epochs=EPOCHS, leak=LEAK):
    """Vectorised NumPy as a learner writes it: samples as rows, np.where, fresh arrays."""
    W = [w.copy() for w in weights]
    b = [v.copy() for v in biases]
    costs = []
    for _ in range(epochs):
        A, Zs = [X], []
        for l in range(len(W)):
            Z = A[-1] @ W[l] + b[l]
            Zs.append(Z)
            A.append(np.where(Z > 0, Z, leak * Z))
        err = A[-1] - Y
        costs.append(0.5 * np.sum(err ** 2))
        delta = err * np.where(Zs[-1] > 0, 1.0, leak)
        for l in reversed(range(len(W))):
            dW = A[l].T @ delta
            db = delta.sum(axis=0)
            if l:
                delta = (delta @ W[l].T) * np.where(Zs[l - 1] > 0, 1.0, leak)
            W[l] = W[l] - lr * dW
            b[l] = b[l] - lr * db
    return np.array(costs)


def sklearn_fit(X, Y):
    """scikit-learn's MLPRegressor on the same sizes, data, step and epochs: a speed reference only.

    It is not the same network, so its trajectory is not checked against ours: it has no
    leaky ReLU (its hidden layer is plain ReLU), its output layer is always linear (ours is
    leaky ReLU), and it draws its own starting weights (setting coefs_ before a warm-started
    fit would give it ours, but not our activations). The work per epoch is the same shape
    (two full-batch matrix products forward, three backward), which is what is timed.
    """
    from sklearn.neural_network import MLPRegressor
    # sklearn's squared loss is the mean over samples of 0.5 * sum over outputs, so its
    # gradient is ours (summed) / N: the same trajectory needs learning_rate_init = lr * N.
    m = MLPRegressor(hidden_layer_sizes=(SIZES[1],), activation="relu", solver="sgd",
                     batch_size=len(X), learning_rate_init=LR * len(X), momentum=0.0,
                     nesterovs_momentum=False, shuffle=False, alpha=0.0, max_iter=EPOCHS,
                     tol=0.0, n_iter_no_change=EPOCHS + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.fit(X, Y)
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=11)
    args = ap.parse_args()

    X, Y = nnlib.datasets.sincos(n=N, seed=0)
    net0 = nnlib.Network(SIZES, activation="leaky_relu", leak=LEAK, weight_init="uniform",
                         bias_init=("uniform", 0, 1), seed=0)
    run_nnlib = lambda: nnlib.train(net0.copy(), X, Y, lr=LR, epochs=EPOCHS, reduction="sum")
    run_loop = lambda: learner_loop(net0.weights, net0.biases, X, Y)
    run_sk = lambda: sklearn_fit(X, Y)

    # Same maths? nnlib and the learner's loop must follow one trajectory.
    hist, ref = run_nnlib(), run_loop()
    rel = np.max(np.abs(hist.cost[:-1] - ref) / np.abs(ref))
    assert rel < 1e-9, f"nnlib and the NumPy loop disagree: max relative cost difference {rel:.2e}"
    print(f"trajectory check: nnlib vs learner's loop, max relative cost difference {rel:.1e} over {EPOCHS} epochs")
    sk_epochs = run_sk().n_iter_
    assert sk_epochs == EPOCHS, f"scikit-learn stopped after {sk_epochs} of {EPOCHS} epochs: it would be timed short"

    runs = {"nnlib.train": run_nnlib, "learner NumPy loop": run_loop, "scikit-learn MLPRegressor": run_sk}
    names = list(runs)
    times = {k: [] for k in runs}
    for i in range(args.repeats):  # interleaved, the order rotated each round
        for name in names[i % 3:] + names[:i % 3]:
            t0 = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - t0)

    med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    print(f"\nanswer's workload: sincos n={N}, {SIZES}, 2000 epochs, float64; median of {args.repeats}, ms (min-max)")
    for k, v in times.items():
        print(f"  {k:28s} {med[k]:8.1f}   ({min(v) * 1e3:.1f}-{max(v) * 1e3:.1f})"
              f"   {GFLOP_PER_RUN / (med[k] / 1e3):5.1f} GFLOP/s")
    # The machine's speed drifts, by a third at times, within one run; a round's three runs
    # are seconds apart and see the same machine. So each speed-up is the median over the
    # rounds of that round's ratio (the ratio of the medians is printed beside it).
    def speedup(other):
        per_round = [o / n for o, n in zip(times[other], times["nnlib.train"])]
        return statistics.median(per_round), min(per_round), med[other] / med["nnlib.train"]
    r_loop, lo_loop, m_loop = speedup("learner NumPy loop")
    r_sk, lo_sk, m_sk = speedup("scikit-learn MLPRegressor")
    print(f"  speed-up over the learner's loop: {r_loop:.2f}x, median of {args.repeats} rounds "
          f"(lowest round {lo_loop:.2f}x; ratio of medians {m_loop:.2f}x; target >= 2.5x)")
    print(f"  speed-up over scikit-learn:       {r_sk:.2f}x, median of {args.repeats} rounds "
          f"(lowest round {lo_sk:.2f}x; ratio of medians {m_sk:.2f}x; target >= 4x)")

    f32 = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        nnlib.train(net0.copy(), X, Y, lr=LR, epochs=EPOCHS, reduction="sum", dtype="float32")
        f32.append(time.perf_counter() - t0)
    print(f"  nnlib.train float32:          {statistics.median(f32) * 1e3:8.1f} ms")

    tracemalloc.start()
    run_nnlib()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  nnlib peak memory during training (tracemalloc): {peak / 2**20:.2f} MiB")
    ok = r_loop >= 2.5 and r_sk >= 4
    print("RESULT:", "targets met" if ok else "targets NOT met")


if __name__ == "__main__":
    main()
