"""Every figure draws finite and non-finite histories without a single warning."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def strict_and_closed():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning (matplotlib's or NumPy's) fails the test
        yield
    plt.close("all")


def render(ax):
    ax.figure.canvas.draw()  # drawing is where tick locators and transforms can overflow


def run(activation, lr, epochs=200, reduction="sum", **kw):
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    net = nnlib.Network([7, 2], activation=activation, seed=0)
    return nnlib.train(net, X, Y, lr=lr, epochs=epochs, reduction=reduction, **kw)


@pytest.fixture(scope="module")
def histories():
    return {"diverged": run("identity", 0.01), "dead": run("relu", 0.01),
            "finite": run("identity", 1e-4, reduction="mean", snapshots=[0, 100]),
            "unrecorded": run("relu", 0.01, record=False)}


@pytest.mark.parametrize("name", ["diverged", "dead", "finite", "unrecorded"])
def test_history_figures_draw_without_warnings(histories, name):
    hist = histories[name]
    fig, axes = plt.subplots(1, 3)
    plotting.cost_curve(hist, ax=axes[0], label=name, diagnosis=nnlib.diagnose(hist))
    plotting.dead_fraction(hist, ax=axes[1])
    plotting.update_ratio(hist, ax=axes[2])
    render(axes[0])


def test_cost_curve_marks_the_overflow(histories):
    hist = histories["diverged"]
    ax = plotting.cost_curve(hist)
    render(ax)
    curve = ax.lines[0].get_ydata()
    k = hist.diverged_at
    np.testing.assert_allclose(curve[:k], np.log10(hist.cost[:k]))
    assert np.isnan(curve[k])  # the inf is not drawn ...
    assert any(np.allclose(l.get_xdata(), [k, k]) for l in ax.lines[1:])  # ... its epoch is
    assert any(f"epoch {k}" in t.get_text() for t in ax.texts)


def test_two_curves_share_one_axis(histories):
    ax = plotting.cost_curve(histories["diverged"], label="identity")
    plotting.cost_curve(histories["finite"], ax=ax, label="mean")
    render(ax)
    lo, hi = ax.get_ylim()
    assert lo <= np.log10(histories["finite"].cost.min()) and hi >= 300


def test_nan_cost_history_draws():
    hist = run("identity", 0.01, epochs=5)
    hist.cost = np.array([1.0, 10.0, np.nan])
    hist.diverged_at = 2
    render(plotting.cost_curve(hist))


def test_preactivations(histories):
    ax = plotting.preactivations(histories["finite"], epoch=100)
    render(ax)
    assert "epoch 100" in ax.get_title()
    Z = histories["finite"].snapshots[100][-1]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for j in range(Z.shape[1]):                       # one entry per unit, with its own share
        assert f"unit {j + 1}: z <= 0 on {np.mean(Z[:, j] <= 0):.1%}" in labels
    pooled = plotting.preactivations(histories["finite"], epoch=100, ax=plt.subplots()[1], by_unit=False)
    render(pooled)
    assert f"{np.mean(Z <= 0):.0%}" in pooled.get_title()
    with pytest.raises(ValueError, match="no snapshot"):
        plotting.preactivations(histories["finite"], epoch=7)
    with pytest.raises(ValueError, match="snapshots"):
        plotting.preactivations(histories["dead"])


def test_phase_diagrams_and_outcomes():
    ns, lrs = [20, 200, 2000], list(np.logspace(-5, 1, 7))
    res = nnlib.sweep({"lr": lrs, "n": ns, "reduction": ["sum", "mean"]},
                      fixed={"activation": "identity"}, epochs=100)
    axes = plotting.phase_diagrams(res)
    render(axes[0])
    oc = plotting.outcome(res)
    assert (oc[res.diverged] == 3).all()
    # the theory line is the closed form on the same data
    X = nnlib.datasets.random_targets(n=20, seed=0)[0]
    line = axes[0].lines[0]
    assert line.get_ydata()[0] == pytest.approx(nnlib.curvature.linear_critical_lr(X, "sum"))
    with pytest.raises(ValueError, match="reduction"):
        plotting.phase_diagram(res)


def test_ladder_bars():
    res = nnlib.ladder.run(seeds=range(2), steps=["original", "biases"], epochs=50)
    ax = plotting.ladder_bars(res)
    render(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == res.labels


def test_cost_curve_tick_labels_are_distinct_within_one_decade():
    # a curve spanning less than a decade gets fractional ticks: each label must differ
    hist = run("identity", 1e-4, epochs=50, reduction="mean")
    assert hist.cost.max() / hist.cost.min() < 10
    ax = plotting.cost_curve(hist)
    render(ax)
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert len(labels) >= 2 and len(set(labels)) == len(labels), labels


@pytest.mark.parametrize("ratio, word", [(18.3, "unstable"), (0.5, "stable"), (float("nan"), "not known"),
                                         (float("inf"), "not known"), (1e9, "unstable")])
def test_stability(ratio, word):
    ax = plotting.stability(ratio)
    render(ax)
    assert ax.get_title().split(": ")[-1] == word


def test_learning_rate_draws_each_updates_lr_on_a_log_twin_axis():
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)  # lr 0.01 is 9x too large here
    net = nnlib.Network([7, 2], activation="identity", seed=0)
    hist = nnlib.train(net, X, Y, lr=0.01, epochs=60, reduction="sum", adaptive=True)
    assert hist.rejected.any()  # the lr really steps down, so the drawing has something to show
    fig, ax = plt.subplots()
    lr_ax = plotting.learning_rate(hist, ax=ax)
    assert lr_ax is not ax and lr_ax.get_yscale() == "log"
    np.testing.assert_array_equal(lr_ax.lines[0].get_ydata(), hist.lr)
    plt.close(fig)


def test_cost_curve_shows_epoch_0_and_the_last_value(histories):
    hist = histories["dead"]                       # falls, then freezes: its first step is steep
    ax = plotting.cost_curve(hist)
    render(ax)
    assert ax.get_xlim()[0] < 0                    # epoch 0 sits off the y axis
    starts = [l for l in ax.lines if list(l.get_xdata()) == [0]]
    assert starts and np.isclose(starts[0].get_ydata()[0], np.log10(hist.cost[0]))
    texts = [t.get_text() for t in ax.texts]
    assert f"epoch 0: {nnlib.panels.short(hist.cost[0])}" in texts
    assert nnlib.panels.short(hist.cost[-1]) in texts  # the level it froze at, readable at the edge
    assert nnlib.panels.short(23312.4) == "2.33e4" and nnlib.panels.short(3884.2) == "3880"


def test_cost_curves_starting_together_share_one_start_label(histories):
    ax = plotting.cost_curve(histories["finite"])
    plotting.cost_curve(histories["finite"], ax=ax)
    assert sum(t.get_text().startswith("epoch 0") for t in ax.texts) == 1


def test_overflow_x_sits_at_the_overflow_epoch(histories):
    hist = histories["diverged"]
    ax = plotting.cost_curve(hist)
    xs = [l for l in ax.lines if l.get_marker() == "x"]
    assert len(xs) == 1 and list(xs[0].get_xdata()) == [hist.diverged_at]


def test_dead_lines_at_one_level_stay_visible(histories):
    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    hist = nnlib.train(nnlib.Network([7, 10, 2], seed=0), X, Y, lr=1e-3, epochs=30, reduction="sum")
    assert (hist.dead_fraction[-1] == 1).all()     # both layers end at 1: one line on the other
    ax = plotting.dead_fraction(hist)
    under, over = ax.lines[:2]
    assert under.get_linewidth() > 2 * over.get_linewidth() and over.get_linestyle() != "-"


@pytest.mark.parametrize("acts,record,note", [
    (("tanh", "identity"), True, "CANNOT_DIE"), (("tanh", "identity"), False, "CANNOT_DIE"),
    (("relu", "identity"), False, "NOT_RECORDED"), (("relu", "identity"), True, None)])
def test_dead_panel_says_why_a_layer_has_no_line(acts, record, note):
    # a layer that cannot die records NaN: the panel says it cannot die, not "not recorded"
    from nnlib import panels
    X, Y = nnlib.datasets.sincos(n=50, seed=0)
    net = nnlib.Network([7, 4, 2], activation=acts[0], output_activation=acts[1], seed=0)
    ax = plotting.dead_fraction(nnlib.train(net, X, Y, epochs=5, record=record))
    texts = [t.get_text() for t in ax.texts if t.get_visible()]
    assert texts == ([getattr(panels, note)] if note else [])
    assert len(ax.lines[0].get_xdata()) == (6 if note is None else 0) and len(ax.lines[1].get_xdata()) == 0


def test_live_cost_panel_shows_epoch_0(histories):
    from nnlib.live.livefig import LiveFigure
    hist = histories["dead"]
    fig = LiveFigure(["cost", "dead"], n_layers=1)
    fig.update(hist)
    assert fig.ax["cost"].get_xlim()[0] < 0 and fig.ax["dead"].get_xlim()[0] < 0
    start = fig.artists["cost"]
    assert list(start["start_mark"].get_xdata()) == [0]
    assert start["start_mark"].get_ydata()[0] == np.log10(hist.cost[0])
    assert start["start_text"].get_text() == f"epoch 0: {nnlib.panels.short(hist.cost[0])}"


def test_blowup_map_draws_a_square_per_run_and_nothing_between():
    ns, lrs = np.array([10, 100]), np.array([1e-3, 1e-2, 1e-1])
    blew = np.array([[False, False], [False, True], [True, True]])
    ax = plotting.blowup_map(ns, lrs, blew, theory=[0.05, 0.005])
    render(ax)
    fell, red = ax.collections
    assert sorted(map(tuple, red.get_offsets().tolist())) == [(10, 0.1), (100, 0.01), (100, 0.1)]
    assert len(fell.get_offsets()) == 3 and not ax.patches   # no shaded cells


def test_cost_limits_are_given_in_cost_units(histories):
    ax = plotting.cost_curve(histories["diverged"])
    plotting.cost_limits(ax, 1e-3, 1e30)
    assert np.allclose(ax.get_ylim(), (-3, 30))
    with pytest.raises(ValueError, match="0 < lo < hi"):
        plotting.cost_limits(ax, 0, 1e30)


@pytest.mark.parametrize("changes", [
    dict(hidden=(), activation="identity", output_activation="identity", bias_init="none", lr=1e-2, epochs=300),
    dict(hidden=(8, 8, 8), activation="sigmoid", epochs=200),
    dict(leak=0.0, lr=1e-3, epochs=50)])
def test_still_fit_and_gradient_panels_draw_any_run_without_a_warning(changes):
    # an overflowed run (inf/nan gradients and predictions), a deep sigmoid net, a dead ReLU net
    from nnlib.live import liverun, widgets
    r = liverun.run(liverun.with_controls(liverun.DEFAULT, changes))
    fig = widgets.static_figure(r, panels=("fit", "gradients"))
    fig.figure.canvas.draw()
    g = np.asarray(r.history.grad_norm, float)
    lines = fig.artists["gradients"]["lines"]
    assert len(lines) == g.shape[1] == len(r.settings.sizes) - 1
    for l, line in enumerate(lines):
        y = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(g[:, l]) & (g[:, l] > 0)
        np.testing.assert_allclose(y[ok], np.log10(g[ok, l]))
        assert np.isnan(y[~ok]).all()  # a zero or overflowed norm is a gap, never a warning
    t, p = r.fit
    overflowed = not np.isfinite(p).all()
    assert (fig.artists["fit"]["note"].get_text() == nnlib.panels.NO_FIT) == overflowed
    lo, hi = fig.ax["fit"].get_ylim()
    off = int(((p < lo) | (p > hi)).sum())
    assert fig.artists["fit"]["off"].get_text() == (f"{off} of {p.size} off the scale" if off and not overflowed else "")
    if r.history.diverged:  # the weights before the overflow: predictions far off, all of them
        assert overflowed or off == p.size


def test_thinning_a_long_curve_keeps_a_one_epoch_spike():
    # 2,001 costs (2,000 epochs) are thinned; epoch 1's spike must still be drawn, and a
    # dip too, with the ends kept and the epochs in order
    from nnlib import panels
    y = np.linspace(3.0, 1.0, 2001)
    y[1], y[1234] = 7.0, -5.0
    x, t = panels.thin(y)
    assert len(x) <= panels.MAX_POINTS and np.all(np.diff(x) > 0)
    assert t.max() == 7.0 and t.min() == -5.0 and x[0] == 0 and x[-1] == 2000
    assert np.array_equal(t, y[x])
