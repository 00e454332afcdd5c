"""doctor.find_lr: the rules on curves whose answer is known, the bisection on quadratics whose
stable limit is known exactly (2 / lambda_max), the growth estimate, bad inputs, the plot."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import doctor, lrfind, plotting  # noqa: E402


def regression(seed, n=150, scales=(1, 2, 0.5, 3, 1), reduction="mean", batch=None):
    """A linear least-squares train function and its exact limit 2 / lambda_max.

    Full batch: the Hessian of 0.5 sum|Xw - y|^2 (times 1/N for the mean) is X^T X (/N)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, len(scales))) * np.array(scales)
    y = X @ rng.standard_normal(len(scales)) + 0.1 * rng.standard_normal(n)
    scale = 1 / n if reduction == "mean" else 1.0
    lam = np.linalg.eigvalsh(X.T @ X * scale)[-1]

    def train(settings, steps):
        lrs = np.broadcast_to(np.asarray(settings["lr"], float), (steps,))
        w, out = np.zeros(X.shape[1]), []
        for i in range(steps):
            r = X @ w - y
            out.append(0.5 * scale * r @ r)
            if not np.isfinite(out[-1]):
                break
            w = w - lrs[i] * scale * (X.T @ r)
        return out
    return train, 2 / lam


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_bisection_lands_within_15_percent_of_two_over_lambda_max(seed, reduction):
    train, truth = regression(seed, reduction=reduction, scales=(1, 2, 0.5, 3 + seed, 1))
    found = doctor.find_lr(train, {"lr": 0.1})
    assert abs(found.stable_lr / truth - 1) < 0.15, (found.stable_lr, truth)
    assert found.stable_lr <= truth * 1.001 <= found.unstable_lr * 1.002  # a true bracket
    assert len(found.runs) <= found.max_runs == 16


@pytest.mark.parametrize("seed", range(4))
def test_growth_estimate_of_a_linear_model_is_near_the_limit(seed):
    # read from the bracket's first diverging run, several times above the limit, where
    # more than one direction grows: within 1.5x, not the bisection's 15%
    train, truth = regression(seed)
    found = doctor.find_lr(train, {"lr": 0.1})
    assert 1 / 1.5 < found.growth_lr / truth < 1.5


def test_the_budget_is_a_cap():
    train, truth = regression(0)
    found = doctor.find_lr(train, {"lr": 0.1}, max_runs=3, rtol=1e-6)
    assert len(found.runs) == 3
    assert found.stable_lr < truth < found.unstable_lr  # still a bracket, just a wide one


def test_stable_means_finite_and_ending_below_the_start():
    assert lrfind.is_stable([10, 5, 3, 2])
    assert not lrfind.is_stable([10, 5, 3, np.inf])
    assert not lrfind.is_stable([10, 12, 15, 20])
    assert not lrfind.is_stable([10, 2, np.nan, 2])
    assert lrfind.is_stable([10, 30, 8] + [5] * 20)  # a spike it recovers from


def test_smoothing_is_debiased():
    assert np.allclose(lrfind.smooth(np.full(50, 3.0)), 3.0)  # a constant stays itself from the start
    s = lrfind.smooth(np.arange(100.0))
    assert s[0] == 0.0 and np.all(np.diff(s) > 0) and s[-1] < 99  # it lags a rising curve


LRS = np.logspace(-6, 0, 100)


def test_minimum_is_a_tenth_of_the_lowest_point():
    losses = (np.log10(LRS) + 2) ** 2  # lowest at lr = 1e-2
    assert lrfind.minimum(LRS, losses) == pytest.approx(1e-3, rel=0.1)


def test_steep_and_steepest_find_the_fastest_fall():
    losses = -np.tanh(3 * (np.log10(LRS) + 3))  # falls fastest at lr = 1e-3
    assert lrfind.steep(LRS, losses) == pytest.approx(1e-3, rel=0.2)
    assert lrfind.steepest(LRS, losses) == pytest.approx(1e-3, rel=0.2)


def test_valley_sits_in_the_longest_fall_past_its_middle():
    x = np.log10(LRS)
    losses = np.where(x < -4, 1.0, np.where(x < -1, 1.0 - (x + 4) / 3, (x + 1) * 5))
    losses = losses + 1e-9 * np.arange(100)[::-1]  # strictly decreasing on the flat start too
    lr = lrfind.valley(LRS, losses)
    # the fall spans fastai's tail start (index 10) to the bottom (lr 1e-1): valley is 1/2 in
    lo, hi = np.log10(LRS[10]), -1
    assert np.log10(lr) == pytest.approx(lo + (hi - lo) / 2, abs=0.15)


def test_slide_stops_where_the_slope_settles():
    x = np.log10(LRS)
    losses = np.where(x < -3, 1.0, 1.0 + (x + 3) ** 2)  # flat, then a rising parabola
    lr = lrfind.slide(LRS, losses)
    assert lr < 1.3e-3  # it slides left until both ends of the window are on the flat part


def test_rules_on_a_too_short_curve_give_nan():
    for name, rule in lrfind.SUGGESTIONS.items():
        assert np.isnan(rule(LRS[:3], np.ones(3))), name


def test_range_test_stops_at_divergence():
    train, truth = regression(1)
    found = doctor.find_lr(train, {"lr": 0.1})
    assert len(found.lrs) < 100
    assert found.lrs[-1] > truth  # it diverged past the limit, not before it
    assert set(found.suggestions) == {"valley", "slide", "minimum/10", "steep", "steepest"}
    assert np.isfinite(list(found.suggestions.values())).all()
    assert "largest stable lr" in str(found)


def test_runspec_train_matches_a_scalar_run_with_a_constant_schedule():
    s = {"sizes": [7, 5, 2], "lr": 0.05, "data": "sincos", "n": 50, "activation": "tanh"}
    one = lrfind.runspec_train(s, 20)
    many = lrfind.runspec_train({**s, "lr": np.full(20, 0.05)}, 20)
    assert len(one) == len(many) == 21
    assert np.allclose(one, many, rtol=1e-12)


@pytest.mark.parametrize("call, words", [
    (lambda t: doctor.find_lr("train", {"lr": 1}), "train must be a function"),
    (lambda t: doctor.find_lr(t, {"rate": 1}), "settings must be a dict holding 'lr'"),
    (lambda t: doctor.find_lr(t, {"lr": 1}, start_lr=1, end_lr=0.1), "start_lr must be below end_lr"),
    (lambda t: doctor.find_lr(t, {"lr": 1}, num_it=5), "num_it"),
    (lambda t: doctor.find_lr(t, {"lr": 1}, max_runs=1.5), "max_runs"),
    (lambda t: doctor.find_lr(lambda s, n: "cost", {"lr": 1}), "must return a sequence of costs"),
    (lambda t: doctor.find_lr(lambda s, n: [], {"lr": 1}), "returned no costs"),
    (lambda t: doctor.find_lr(lambda s, n: [float(s["lr"])] * n, {"lr": 1}), "array of steps learning rates"),
])
def test_bad_inputs_are_named(call, words):
    train, _ = regression(0)
    with pytest.raises(ValueError, match=words):
        call(train)


def test_the_plot_marks_every_rule_and_the_limit():
    train, truth = regression(2)
    found = doctor.find_lr(train, {"lr": 0.1})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plotting.lr_range(found, best_lr=0.5 * truth)
        ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sum(any(lab.startswith(n) for lab in labels) for n in lrfind.SUGGESTIONS) == 5
    assert any(lab.startswith("measured limit") for lab in labels)
    assert any(lab.startswith("best lr") for lab in labels)
    plt.close("all")


def test_sharpness_trains_in_pieces_as_one_run_and_measures_lambda_max():
    import nnlib
    X, Y = nnlib.datasets.random_targets(n=200, seed=1)
    net = nnlib.Network([7, 2], activation="identity", seed=0)
    whole = nnlib.train(net.copy(), X, Y, lr=1e-4, epochs=60, reduction="sum", record=False).cost
    at, lam, cost = lrfind.sharpness(net, X, Y, 1e-4, epochs=60, every=25, reduction="sum")
    assert list(at) == [0, 25, 50, 60] and np.allclose(cost, whole, rtol=1e-12)
    # a linear net without bias: the Hessian is X^T X at every weight, so lambda_max stays put
    assert np.allclose(lam, np.linalg.eigvalsh(X.T @ X)[-1], rtol=1e-3)
    _, lam_sub, _ = lrfind.sharpness(nnlib.Network([7, 2], activation="identity", seed=0), X, Y, 1e-4,
                                     epochs=0, every=1, reduction="sum", samples=100)
    assert np.allclose(lam_sub, np.linalg.eigvalsh(X[:100].T @ X[:100])[-1] * 2, rtol=1e-3)  # scaled to N


def test_score_table_has_a_line_per_estimator_and_marks_missing_numbers():
    row = {"stable_lr": dict(median=0.5, p90=1.25, within15=0.25, given=1.0),
           "best_lr": dict(median=None, p90=None, within15=None, given=0.0), "diverged": None}
    text = lrfind.score_table({"valley": row, "steep": row})
    lines = text.splitlines()
    assert len(lines) == 3 and lines[1].startswith("valley") and "0.50 [1.25]" in lines[1] and "25%" in lines[1]
    assert lines[1].count("-") >= 3
