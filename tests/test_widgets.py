"""The live explorers without a browser: caps, readouts, in-place drawing, coalescing, errors.

(tests/browser drives the same explorers in Chromium.)
"""
import importlib.util
import threading
import time

import numpy as np
import pytest

if importlib.util.find_spec("ipympl") is None:  # do not import it here: it would switch the backend
    pytest.skip("ipympl is not installed", allow_module_level=True)
from nnlib import costs, datasets, liverun, livefig, widgets  # noqa: E402
from nnlib.curvature import linear_critical_lr  # noqa: E402


# -- liverun ---------------------------------------------------------------------------
def test_defaults_are_the_answers_rewrite():
    s = liverun.settings()
    assert (s["sizes"], s["leak"], s["lr"], s["epochs"], s["n"], s["reduction"]) == \
        ((7, 10, 2), 1e-4, 1e-5, 2000, 1000, "sum")
    net = liverun.network(s)
    assert net.layer_activations == ["leaky_relu", "leaky_relu"] and net.weight_init == "uniform"
    assert all((0 <= b).all() and (b <= 1).all() for b in net.biases)


@pytest.mark.parametrize("bad", [dict(nonsense=1), dict(bias_init="U(0,2)")])
def test_bad_settings_name_the_valid_ones(bad):
    with pytest.raises(ValueError, match="valid|must be one of"):
        liverun.settings(**bad)


def test_work_is_capped_and_the_cap_is_said():
    epochs, notes = liverun.capped_epochs(liverun.settings(n=100_000, epochs=10_000))
    assert epochs * 100_000 <= liverun.WORK_CAP and epochs >= 1
    assert notes and "capped" in notes[0] and f"{epochs:,}" in notes[0]
    assert liverun.capped_epochs(liverun.settings()) == (2000, [])
    assert liverun.preview_epochs(liverun.settings()) < 2000


def test_stability_readout_matches_the_linear_closed_form():
    # [7, 2] linear, no bias: lambda_max of the summed cost is that of X^T X (QUESTION.md)
    s = liverun.settings(sizes=(7, 2), activation="identity", output_activation="identity",
                         bias_init="none", lr=1e-3)
    ratio, note = liverun.stability(s)
    X, _ = liverun.data(s)
    expected = 2 * 1e-3 / linear_critical_lr(X, "sum")
    assert ratio == pytest.approx(expected, rel=0.02)
    mean_ratio, _ = liverun.stability(dict(s, reduction="mean"))
    assert mean_ratio == pytest.approx(expected / len(X), rel=0.02)


def test_diagnosis_of_the_question_symptom():
    s = liverun.settings(sizes=(7, 2), activation="identity", output_activation="identity",
                         bias_init="none", lr=1e-2, epochs=300)
    r = liverun.run(s)
    assert r.history.diverged and r.diagnosis.kind == "diverging"
    assert r.ratio > 2


def test_a_nearly_dead_output_unit_is_named():
    # The answer's rewrite, seed 3: the cost freezes near 5334 with an output unit alive on
    # almost no sample; the trained net lets the diagnosis see it.
    r = liverun.run(liverun.settings(seed=3))
    assert r.history.cost[-1] > 100 * liverun.run(liverun.settings(seed=0)).history.cost[-1]
    assert r.diagnosis.kind == "dead", r.diagnosis.message


def test_diagnosis_unavailable_is_said_not_raised(monkeypatch):
    monkeypatch.setattr(liverun, "_api", lambda name: None)
    hist = liverun.train_run(liverun.settings(epochs=10))[0]
    assert liverun.diagnosis(hist).kind == "unavailable"
    assert "unavailable" in liverun.diagnosis(hist).message
    assert liverun.stability(liverun.settings(seed=7))[0] is None


# -- livefig ---------------------------------------------------------------------------
def test_cost_panel_survives_overflow_and_marks_it():
    s = liverun.settings(sizes=(7, 2), activation="identity", output_activation="identity",
                         bias_init="none", lr=1e-2, epochs=300)
    hist = liverun.train_run(s)[0]
    fig = livefig.LiveFigure(["cost", "dead", "stability"], n_layers=1)
    fig.update(hist, 300, ratio=18.0)
    x, y = fig.cost_line.get_data()
    assert np.isnan(y[-1]) and np.isfinite(y[:-1]).all()
    assert list(fig.overflow_mark.get_xdata()) == [hist.diverged_at]
    assert f"epoch {hist.diverged_at}" in fig.overflow_text.get_text()
    fig.figure.canvas.draw()  # no warning may escape (pytest turns RuntimeWarning into errors)


def test_unknown_panel_is_a_value_error():
    with pytest.raises(ValueError, match="valid"):
        livefig.LiveFigure(["cost", "histogram"])


def test_static_image_is_a_png():
    img = widgets.static(liverun.run(liverun.settings(epochs=50)))
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n"


# -- the explorer ----------------------------------------------------------------------
def test_explorer_redraws_in_place_and_follows_its_controls():
    p = widgets.Playground(controls=("lr", "n", "reduction"), panels=("cost", "stability"), epochs=100)
    try:
        assert p.wait()
        canvas, line = p.fig.figure.canvas, p.fig.cost_line
        p.controls["lr"].value = 1e-3
        assert p.wait()
        assert p.result.settings["lr"] == 1e-3
        assert p.fig.figure.canvas is canvas and p.fig.cost_line is line  # same figure, same artists
        X, Y = liverun.data(p.result.settings)
        assert p.result.history.cost[0] == pytest.approx(
            liverun.network(p.result.settings).cost(X, Y, "sum"), rel=1e-5)
    finally:
        p.close()


def test_rapid_changes_coalesce_to_the_latest(monkeypatch):
    calls, gate = [], threading.Event()
    real = liverun.train_net

    def slow(s, epochs=None, dtype="float32"):
        calls.append(s["seed"])
        gate.wait(5)
        return real(s, epochs=epochs, dtype=dtype)

    monkeypatch.setattr(liverun, "train_net", slow)
    p = widgets.Playground(controls=("seed",), panels=("cost",), epochs=20)
    try:
        for seed in range(1, 11):  # ten moves while the first run is still busy
            p.controls["seed"].value = seed
        gate.set()
        assert p.wait()
        assert p.result.settings["seed"] == 10
        assert len(set(calls)) < 5, f"stale values were trained: {calls}"
    finally:
        p.close()


def test_a_failing_run_is_shown_as_text_never_raised(monkeypatch):
    p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=20)
    try:
        assert p.wait()

        def boom(*a, **k):
            raise ValueError("something broke")

        monkeypatch.setattr(liverun, "train_net", boom)
        p.controls["lr"].value = 1e-3  # the callback must not raise here
        assert p.wait()
        assert "something broke" in p.status.value and "error" in p.status.value
        monkeypatch.undo()
        p.controls["lr"].value = 1e-4
        assert p.wait()
        assert "error" not in p.status.value
    finally:
        p.close()


def test_extreme_settings_stay_bounded():
    p = widgets.Playground(lr=10.0, n=100_000, epochs=10_000)
    try:
        t = time.perf_counter()
        assert p.wait(timeout=60)
        assert time.perf_counter() - t < 30
        assert any("capped" in n for n in p.result.notes)
        assert "capped" in p.status.value
        assert p.result.history.diverged
    finally:
        p.close()


def test_explorer_leaves_matplotlibs_backend_alone():
    import matplotlib
    before = dict.__getitem__(matplotlib.rcParams, "backend")
    p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=10)
    p.close()
    assert dict.__getitem__(matplotlib.rcParams, "backend") == before


def test_unknown_control_is_a_value_error():
    with pytest.raises(ValueError, match="valid"):
        widgets.make_control("momentum_beta", 0.9)


def test_in_place_redraws_give_the_pixels_of_a_full_render():
    # blitting and single-axis re-renders are optimisations: the picture must not differ
    p = widgets.Playground(epochs=300)
    try:
        assert p.wait()
        canvas = p.fig.figure.canvas
        runs = [liverun.run(liverun.settings(epochs=300, **kw))
                for kw in (dict(n=10000), dict(lr=1e-2), dict(leak=0.0, lr=1e-3), {})]
        for r in runs:
            p.fig.update(r.history, r.epochs, r.ratio, r.ratio_note)
            incremental = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
            p.fig.invalidate()
            p.fig.update(r.history, r.epochs, r.ratio, r.ratio_note)
            full = np.asarray(canvas.get_renderer().buffer_rgba())
            assert (incremental != full).any(axis=2).sum() == 0
    finally:
        p.close()
