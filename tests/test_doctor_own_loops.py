"""The doctor on loops a learner wrote themselves (not the course's network): a softmax
classifier with a hidden ReLU layer, a linear model with the update's sign flipped, a
minibatch loop with a summed cost, a summed regression that overflows at once. Each loop is
small and seeded; each test pins the advice a first reader got wrong."""
import numpy as np
import pytest

import nnlib
from nnlib import diagnose, doctor
from nnlib.diagnosis.diverging import STANDARD_LR

N, D, K, H = 600, 4, 3, 16


def classes():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(N, D))
    labels = np.argmax(X @ rng.normal(size=(D, K)), 1)
    return X, labels


def forward_backward(X, labels, Y, W1, b1, W2, b2):
    """The learner's softmax net: (mean cross-entropy, hidden pre-activations, gradients)."""
    z1 = X @ W1 + b1
    h = np.maximum(z1, 0)
    z2 = h @ W2 + b2
    e = np.exp(z2 - z2.max(1, keepdims=True))
    p = e / e.sum(1, keepdims=True)
    cost = -np.mean(np.log(p[np.arange(N), labels]))
    d = (p - Y) / N
    dz = d @ W2.T * (z1 > 0)
    return cost, z1, (X.T @ dz, dz.sum(0), h.T @ d, d.sum(0))


def softmax_steps(lr, bias_init, steps):
    """A learner's softmax classifier, full batch, mean cross-entropy: yields each update's
    (cost, z1, gradients) before it makes the update (the two loops below differ only in
    what they do with them)."""
    X, labels = classes()
    Y = np.eye(K)[labels]
    r = np.random.default_rng(0)
    W1, b1 = r.normal(0, np.sqrt(2 / D), (D, H)), np.full(H, float(bias_init))
    W2, b2 = r.normal(0, np.sqrt(2 / H), (H, K)), np.zeros(K)
    for _ in range(steps):
        cost, z1, (dW1, db1, dW2, db2) = forward_backward(X, labels, Y, W1, b1, W2, b2)
        yield cost, z1, (dW1, db1, dW2, db2)
        W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2


def softmax_loop(lr, steps=300, bias_init=0.1, log=("activations", "gradients")):
    """The classifier, watched."""
    with doctor.watch(lr=lr, n_samples=N, reduction="mean", batch_size=None,
                      loss="cross_entropy", targets=classes()[1]) as w:
        for cost, z1, (dW1, _, dW2, _) in softmax_steps(lr, bias_init, steps):
            extra = {"activations": [z1], "gradients": [dW1, dW2]}
            w.log(cost, **{k: v for k, v in extra.items() if k in log})
    return w


def test_a_mostly_dead_layer_at_the_constant_guess_is_named_and_never_gets_a_bigger_lr():
    w = softmax_loop(0.5, bias_init=-5.0)
    d = w.diagnosis
    level = np.log(K)
    assert w.dead[-1][0] > 0.9 and abs(w.costs[-1] - level) < 0.01  # the case: mostly dead, at ln 3
    assert d.kind == "dead" and "dead" in d.message and "constant guess" in d.message
    assert "lr" not in d.action and "raise lr" not in d.message
    assert d.action == {"bias_init": 0.1}
    fixed = softmax_loop(0.5, bias_init=d.action["bias_init"])  # the advice works
    assert fixed.costs[-1] < 0.3 * fixed.diagnosis.evidence["constant_level"]


def test_a_tiny_lr_with_dead_units_and_vanishing_gradients_logged_and_ruled_out_is_named():
    w = softmax_loop(0.005)  # 100x below the healthy 0.5
    d = w.diagnosis
    assert max(w.dead[-1]) == 0  # the case: nothing dead, gradients logged
    assert d.certainty == "likely" and "lr is too small" in d.message
    assert "log the share of dead units" not in d.message
    assert d.action["lr"] > 0.005 * 5
    fixed = softmax_loop(d.action["lr"])  # the advice works
    assert fixed.costs[-1] < 0.3 * np.log(K)
    # without the activations logged, dead units are not ruled out; the curve's shape (a
    # fall spread over the whole run, still going) still names the small step
    shaped = softmax_loop(0.005, log=("gradients",)).diagnosis
    assert shaped.certainty == "likely" and shaped.evidence["fall_first_tenth"] < 0.4
    assert softmax_loop(shaped.action["lr"]).costs[-1] < 0.3 * np.log(K)  # that advice works too


def test_a_cost_summed_over_each_minibatch_is_scaled_by_the_batch_not_by_n():
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    rng, W = np.random.default_rng(0), np.random.default_rng(0).uniform(-1, 1, (7, 2))
    with doctor.watch(lr=0.05, n_samples=1000, reduction="sum", batch_size=32) as w:
        for _ in range(5):
            for b in np.array_split(rng.permutation(1000), 1000 // 32):
                out = X[b] @ W
                w.log(0.5 * np.sum((Y[b] - out) ** 2))
                W = W - 0.05 * X[b].T @ (out - Y[b])
    d = w.diagnosis
    assert d.kind == "diverging"
    assert "N = 32 times" in d.message and "N = 1000" not in d.message
    g = d.evidence["early_growth"]
    assert d.evidence["mean_lr_times_lambda"] == pytest.approx((1 + np.sqrt(g)) / 32)


def summed_softmax_loop(lr, reduction, steps=60):
    """The classifier with its cost summed over all N (gradients too) or averaged, logging the
    cross-entropy as a learner who clips the probabilities to 1e-7 prints it: finite, however wrong."""
    X, labels = classes()
    Y, r, f = np.eye(K)[labels], np.random.default_rng(0), N if reduction == "sum" else 1
    W1, b1 = r.normal(0, np.sqrt(2 / D), (D, H)), np.full(H, 0.1)
    W2, b2 = r.normal(0, np.sqrt(2 / H), (H, K)), np.zeros(K)
    with doctor.watch(lr=lr, n_samples=N, reduction=reduction, batch_size=None, loss="cross_entropy",
                      targets=labels) as w:
        for _ in range(steps):
            z2 = np.maximum(X @ W1 + b1, 0) @ W2 + b2
            p = np.exp(z2 - z2.max(1, keepdims=True))
            p = p[np.arange(N), labels] / p.sum(1)
            w.log(-f * np.mean(np.log(np.clip(p, 1e-7, 1))))
            _, _, g = forward_backward(X, labels, Y, W1, b1, W2, b2)
            W1, b1, W2, b2 = (q - lr * f * dq for q, dq in zip((W1, b1, W2, b2), g))
    return w


def test_outputs_a_summed_cost_threw_worse_than_a_guess_get_the_mean_at_the_same_lr():
    """A summed cost's steps are N = 600 times the mean's: a 10-fold cut leaves them 60 times too
    large, and the run stays confidently wrong; the mean at the learner's lr trains."""
    w = summed_softmax_loop(0.5, "sum")
    d, level = w.diagnosis, N * np.log(K)
    assert w.costs[-1] > 2 * level  # the case: worse than a constant guess, finite
    assert d.kind == "diverging" and "worse than a constant guess" in d.message
    assert d.action == {"reduction": "mean", "lr": pytest.approx(0.5)}
    assert summed_softmax_loop(0.05, "sum").costs[-1] > level  # lr 10-fold lower was not enough
    assert summed_softmax_loop(d.action["lr"], "mean").costs[-1] < 0.3 * np.log(K)  # the advice works


def sampled_every(lr, seed, every=25, logs=14, batch=20):
    """The classifier trained on minibatches of 20, its learner printing one batch's cost every
    25 updates: 14 costs, too few for a noise band."""
    X, labels = classes()
    Y, r = np.eye(K)[labels], np.random.default_rng(seed)
    W1, b1 = r.normal(0, np.sqrt(2 / D), (D, H)), np.full(H, 0.1)
    W2, b2 = r.normal(0, np.sqrt(2 / H), (H, K)), np.zeros(K)
    costs = []
    for t in range(every * logs):
        b = r.choice(N, batch, replace=False)
        z1 = X[b] @ W1 + b1
        h = np.maximum(z1, 0)
        z2 = h @ W2 + b2
        p = np.exp(z2 - z2.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        if t % every == 0:
            with np.errstate(divide="ignore"):
                costs.append(-np.mean(np.log(p[np.arange(batch), labels[b]])))
        d = (p - Y[b]) / batch
        dz = d @ W2.T * (z1 > 0)
        W1, b1, W2, b2 = W1 - lr * X[b].T @ dz, b1 - lr * dz.sum(0), W2 - lr * h.T @ d, b2 - lr * d.sum(0)
    return costs


@pytest.mark.parametrize("lr", [0.1, 0.3])
def test_a_few_minibatch_costs_scattering_after_a_fall_are_not_an_oscillation(lr):
    """Half of a trained run's later batch costs rise by chance; a step 30x or 100x too large
    scatters back near the start."""
    for seed in range(4):
        costs = sampled_every(lr, seed)
        d = diagnose(costs, lr=lr, n_samples=N, reduction="mean", batch_size=20, every=25,
                     loss="cross_entropy", n_classes=K)
        assert np.median(costs[7:]) < 0.3 * costs[0] and d.evidence["share_rising"] > 0.3  # the case
        # healthy: converging with no fix, or fit in part against ln C (slow, pointed at examine,
        # "if your targets allow a better fit"; the usual recipe at the learner's lr when it is
        # in the usual range, none above it)
        if d.kind == "converging":
            assert d.action == {}, (seed, d.message)
        else:
            assert d.evidence.get("examine_advised") and "if your targets allow a better fit" in d.fix
            assert d.action.get("lr") == lr if lr <= STANDARD_LR[1] else d.action == {}, (seed, d.message)
    for big, seed in [(3.0, s) for s in range(4)] + [(10.0, 0)]:  # 30x and 100x the healthy 0.1
        d = diagnose(sampled_every(big, seed), lr=big, n_samples=N, reduction="mean", batch_size=20, every=25,
                     loss="cross_entropy", n_classes=K)
        assert d.kind not in ("converging", "slow"), (big, seed, d.message)


def test_a_climb_with_the_sign_suspect_puts_the_sign_first_and_quotes_no_stable_lr():
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
    with doctor.watch(lr=0.01, n_samples=1000, reduction="mean", batch_size=None) as w:
        for _ in range(200):
            out = X @ W
            w.log(0.5 * np.mean(np.sum((Y - out) ** 2, 1)))
            W = W + 0.01 * X.T @ (out - Y) / 1000  # the learner's sign error
    d = w.diagnosis
    assert d.kind == "diverging" and d.fix.startswith("check the sign")
    assert "stable lr" not in d.message and "stable_lr" not in d.evidence
    assert "lower lr to below" not in d.message


def test_errors_silenced_inside_watch_are_said_not_denied():
    old = np.geterr()
    try:
        with doctor.watch(lr=100.0, batch_size=None) as w:
            np.seterr(all="ignore")  # the learner's line, inside the watch
            x = np.array([1e200])
            for _ in range(3):
                x = x * x
                w.log(float(x[0]))
    finally:
        np.seterr(**old)
    assert w.first_error is None and not np.isfinite(w.costs[-1])
    text = str(w)
    assert "No overflow" not in text and "np.seterr" in text


def test_log_of_zero_is_named_with_division_by_zero():
    with doctor.watch() as w:
        np.log(np.array([0.0]))
    assert w.first_error.kind == "divide" and "log(0)" in str(w.first_error)


def test_a_printout_that_fell_jumped_once_then_went_nan_is_not_an_overflow():
    d = diagnose([2.3, 1.9, 1.7, 5.2, float("nan"), float("nan")], lr=0.1)
    assert d.kind == "diverging"
    assert "overflow" not in d.message.replace("not from an overflow", "")
    assert "-fold per update" not in d.message
    assert "fell from 2.3 to 1.7, jumped once to 5.2" in d.message and "became nan" in d.message


def softmax_train(settings, steps):
    """The learner's loop wrapped for doctor.examine: it reads lr and bias_init only."""
    with np.errstate(all="ignore"):
        return [cost for cost, _, _ in softmax_steps(settings["lr"], settings.get("bias_init", 0.1), steps)]


def test_examine_says_a_capped_lr_is_a_bound_and_acts_only_on_keys_the_settings_expose():
    labels = classes()[1]
    tiny = doctor.examine(softmax_train, {"lr": 0.0005, "bias_init": 0.1}, loss="cross_entropy",
                          targets=labels, n_samples=N)
    assert tiny.lr == pytest.approx(5.0)  # the search's end: UP = 1e4 x 0.0005
    assert nnlib.examine.UP == 1e4
    assert "at least 5 (the search's upper end)" in str(tiny)
    dead = doctor.examine(softmax_train, {"lr": 0.5, "bias_init": -5.0}, loss="cross_entropy",
                          targets=labels, n_samples=N)
    assert set(dead.action) <= {"lr", "bias_init"} and "bias_init" in dead.action
    assert "upper end" not in str(dead)  # measured: 50 was unstable
    fixed = softmax_train({"lr": 0.5, "bias_init": -5.0, **dead.action}, 300)
    assert fixed[-1] < 0.3 * np.log(K)  # the action works in the learner's loop


def summed_regression_loop(lr, reduction, steps, n=640):
    """A learner's one-hidden-layer ReLU regression on unit-scale inputs, full batch, half the
    squared error summed over the n samples or averaged: (costs, the constant guess's cost).
    It stops at the first cost that is not finite."""
    r = np.random.default_rng(3)
    X = r.normal(size=(n, 5))
    y = X @ r.normal(size=5) + 0.1 * r.normal(size=n)
    W1, b1, w2, b2 = r.normal(0, np.sqrt(2 / 5), (5, H)), np.zeros(H), r.normal(0, np.sqrt(1 / H), H), 0.0
    costs = []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            z = X @ W1 + b1
            h = np.maximum(z, 0)
            e = h @ w2 + b2 - y
            costs.append(0.5 * (np.sum(e ** 2) if reduction == "sum" else np.mean(e ** 2)))
            if not np.isfinite(costs[-1]):
                break
            g = e if reduction == "sum" else e / n
            dz = np.outer(g, w2) * (z > 0)
            W1, b1, w2, b2 = W1 - lr * X.T @ dz, b1 - lr * dz.sum(0), w2 - lr * h.T @ g, b2 - lr * g.sum()
    return costs, 0.5 * y.var()


def test_a_summed_cost_that_overflowed_at_once_gets_the_mean_at_no_less_than_the_learners_lr():
    """Summed over 640 samples at lr 0.3 the cost overflows in five updates. The growth of so
    steep a climb reads a limit under a tenth of the learner's lr; the mean at it crawled (0.17 of
    the constant guess after 60 updates). The mean at the learner's own lr already takes steps
    640 times smaller than the ones that blew up, and trains."""
    costs, level = summed_regression_loop(0.3, "sum", 100)
    assert len(costs) <= 6 and not np.isfinite(costs[-1])
    d = diagnose(costs, lr=0.3, reduction="sum", n_samples=640, batch_size=None)
    assert d.kind == "diverging" and d.action == {"reduction": "mean", "lr": 0.3}
    assert "at your lr" in d.fix and "lower lr too" not in d.message  # the words say what the action does
    fixed, _ = summed_regression_loop(d.action["lr"], "mean", 60)
    assert fixed[-1] < 0.05 * level


def raw_regression(n=400):
    """Raw columns on scales 1, 50 and 400 (with offsets), and targets of the standardized ones."""
    r = np.random.default_rng(5)
    X = r.normal(size=(n, 3)) * [1.0, 50.0, 400.0] + [0.0, 200.0, 1000.0]
    y = (X - X.mean(0)) / X.std(0) @ np.array([1.0, -2.0, 0.5]) + 0.1 * r.normal(size=n)
    return X, y


def raw_regression_loop(lr, standardize, steps=300):
    """A learner's linear regression on those columns, full batch, half the mean squared error."""
    X, y = raw_regression()
    if standardize:
        X = (X - X.mean(0)) / X.std(0)
    w, b, costs = np.random.default_rng(6).normal(0, 0.1, 3), 0.0, []  # small random weights
    for _ in range(steps):
        e = X @ w + b - y
        costs.append(0.5 * np.mean(e ** 2))
        w, b = w - lr * X.T @ e / len(y), b - lr * e.mean()
    return costs


def test_raw_inputs_at_an_lr_cut_until_they_stopped_blowing_up_get_standardized_at_the_usual_floor():
    """The first cost is thousands of times the constant guess's, and the lr was cut to 1e-7:
    stable, learned nothing. Standardized at that lr it would still crawl; X not given, the
    doctor raises the lr no further than the usual one's floor (0.02), which trains."""
    y = raw_regression()[1]
    level, costs = 0.5 * y.var(), raw_regression_loop(1e-7, False)
    assert costs[0] > 1000 * level and costs[-1] > 0.5 * level
    d = diagnose(costs, lr=1e-7, reduction="mean", batch_size=None, loss="squared", targets=y)
    assert d.kind == "stalled" and d.action["standardize"] and 1e-7 < d.action["lr"] <= 0.02
    assert raw_regression_loop(1e-7, True)[-1] > 0.5 * level   # standardized alone still crawls
    assert raw_regression_loop(d.action["lr"], True)[-1] < 0.3 * level


def test_a_cost_still_falling_at_an_lr_under_the_usual_floor_is_raised_to_the_floor():
    """Standardized columns at lr 0.004, five times under the usual floor (0.02 per sample): the
    cost is still falling at the end, 0.14 of the constant guess's. 'Train longer' alone left
    such runs short; the floor fits within the same 300 updates."""
    y = raw_regression()[1]
    level, costs = 0.5 * y.var(), raw_regression_loop(0.004, True)
    assert 0.1 * level < costs[-1] < 0.3 * level and costs[-1] < 0.9 * costs[-30]
    d = diagnose(costs, lr=0.004, reduction="mean", batch_size=None, loss="squared", targets=y)
    assert d.kind == "slow" and d.action == {"lr": 0.02}
    assert raw_regression_loop(d.action["lr"], True)[-1] < 0.01 * level
    # at the floor already, the same advice is not given again
    d = diagnose(raw_regression_loop(0.02, True), lr=0.02, reduction="mean", batch_size=None, loss="squared", targets=y)
    assert "lr" not in d.action


def test_a_cost_still_falling_short_of_a_fit_gets_the_usual_recipe():
    """At lr 0.002 the same loop is still falling at 0.4 of the constant guess's cost: short of a
    fit. Noisy targets end there too, so the verdict stays "slow", but the action is the usual
    recipe; before, no action was given. Its every step fell, still falling at the end: the
    shape of a step too small, so the recipe's lr is 50x the learner's (over the floor, 0.02)."""
    y = raw_regression()[1]
    level, costs = 0.5 * y.var(), raw_regression_loop(0.002, True)
    assert 0.3 * level < costs[-1] < 0.5 * level
    d = diagnose(costs, lr=0.002, reduction="mean", batch_size=None, loss="squared", targets=y)
    assert d.kind == "slow" and d.action["standardize"] and d.action["lr"] == pytest.approx(0.1)
    assert "examine" in d.fix
    assert raw_regression_loop(d.action["lr"], d.action["standardize"])[-1] < 0.01 * level
