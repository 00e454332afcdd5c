"""The live explorers without a browser: caps, readouts, in-place drawing, coalescing, errors.

(tests/browser drives the same explorers in Chromium.)
"""
import importlib.util
import threading
import time
import unicodedata

import numpy as np
import pytest

if importlib.util.find_spec("ipympl") is None:  # do not import it here: it would switch the backend
    pytest.skip("ipympl is not installed", allow_module_level=True)
import nnlib  # noqa: E402
from nnlib import costs, datasets  # noqa: E402
from nnlib.diagnosis import kind_word  # noqa: E402
from nnlib.live import liverun, livefig, runlink, widgets, worker  # noqa: E402
from nnlib.runspec import RunSpec  # noqa: E402
from nnlib.curvature import linear_critical_lr  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402


def S(**changes):
    """The explorer's start with changes by control name (hidden sets the middle of sizes)."""
    return liverun.check(liverun.with_controls(liverun.DEFAULT, changes))


def train_run(s, epochs=None):
    """(History, trained Network) of spec s as the explorer trains it (capped), epochs as given."""
    spec = liverun.trained(s) if epochs is None else liverun.trained(s).replace(epochs=epochs)
    net = spec.network()
    return spec.run(net=net), net


# -- liverun ---------------------------------------------------------------------------
def test_defaults_are_the_answers_rewrite():
    s = S()
    assert (s.sizes, s.leak, s.lr, s.epochs, s.n, s.reduction) == \
        ((7, 10, 2), 1e-4, 1e-5, 2000, 1000, "sum")
    assert (s.hidden, s.activation, s.data) == ((10,), "leaky_relu", "sincos")
    net = s.network()
    assert net.layer_activations == ["leaky_relu", "leaky_relu"] and net.weight_init == "uniform"
    assert all((0 <= b).all() and (b <= 1).all() for b in net.biases)


@pytest.mark.parametrize("bad", [dict(nonsense=1), dict(bias_init="U(0,2)")])
def test_bad_settings_name_the_valid_ones(bad):
    with pytest.raises(ValueError, match="valid|must be one of"):
        S(**bad)


def test_explorer_diagnosis_sees_the_targets():
    # With Y passed along, a settled but hopeless fit (sigmoid output, targets above 1) is named.
    s = S(output_activation="sigmoid", epochs=300, n=300)
    res = liverun.run(s)
    assert "fit is poor" in res.diagnosis.message and "linear output" in res.diagnosis.message


def test_work_is_capped_and_the_cap_is_said():
    epochs, notes = liverun.capped_epochs(S(n=100_000, epochs=10_000))
    assert epochs * 100_000 * 102 <= liverun.WORK_CAP and epochs >= 1
    assert notes and "capped" in notes[0] and f"{epochs:,}" in notes[0]
    assert liverun.capped_epochs(S()) == (2000, [])
    assert liverun.preview_epochs(S()) < 2000


def test_stability_readout_matches_the_linear_closed_form():
    # [7, 2] linear, no bias: lambda_max of the summed cost is that of X^T X (the question's linear case)
    s = S(hidden=(), activation="identity", output_activation="identity",
                         bias_init="none", lr=1e-3)
    ratio, note = liverun.stability(s)
    X, _ = liverun.data(s)
    expected = 2 * 1e-3 / linear_critical_lr(X, "sum")
    assert ratio == pytest.approx(expected, rel=0.02)
    mean_ratio, _ = liverun.stability(s.replace(reduction="mean"))
    assert mean_ratio == pytest.approx(expected / len(X), rel=0.02)


def test_diagnosis_of_the_question_symptom():
    s = S(hidden=(), activation="identity", output_activation="identity",
                         bias_init="none", lr=1e-2, epochs=300)
    r = liverun.run(s)
    assert r.history.diverged and r.diagnosis.kind == "diverging"
    assert r.ratio > 2


def test_a_nearly_dead_output_unit_is_named():
    # The answer's rewrite, seed 3: the cost freezes near 5334 with an output unit alive on
    # almost no sample; the trained net lets the diagnosis see it.
    r = liverun.run(S(seed=3))
    assert r.history.cost[-1] > 100 * liverun.run(S(seed=0)).history.cost[-1]
    assert r.diagnosis.kind == "dead", r.diagnosis.message


# -- livefig ---------------------------------------------------------------------------
def test_cost_panel_survives_overflow_and_marks_it():
    s = S(hidden=(), activation="identity", output_activation="identity",
                         bias_init="none", lr=1e-2, epochs=300)
    hist = train_run(s)[0]
    fig = livefig.LiveFigure(["cost", "dead", "stability"], n_layers=1)
    fig.update(hist, 300, ratio=18.0)
    x, y = fig.artists["cost"]["line"].get_data()
    assert np.isnan(y[-1]) and np.isfinite(y[:-1]).all()
    assert list(fig.artists["cost"]["overflow_mark"].get_xdata()) == [hist.diverged_at]
    assert f"epoch {hist.diverged_at}" in fig.artists["cost"]["overflow_text"].get_text()
    fig.figure.canvas.draw()  # no warning may escape (pytest turns RuntimeWarning into errors)


def test_unknown_panel_is_a_value_error():
    with pytest.raises(ValueError, match="valid"):
        livefig.LiveFigure(["cost", "histogram"])


def test_static_image_is_a_png():
    img = widgets.static(liverun.run(S(epochs=50)))
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n"


def _texts(fig):
    from matplotlib.text import Text
    return [t for t in fig.figure.findobj(Text) if t.get_text().strip() and t.get_visible()]


# every panel, in figures of two rows at most (three rows would be taller than a page is wide)
EVERY_PANEL = [tuple(livefig.PANELS)[i:i + 2 * livefig.ROW] for i in range(0, len(livefig.PANELS), 2 * livefig.ROW)]


@pytest.mark.parametrize("panels", EVERY_PANEL + [("cost", "dead"), ("cost", "stability")])
def test_static_figure_is_page_wide_readable_and_says_the_diagnosis(panels):
    # GitHub shows the image at its own size: about 1000 px, no text under 9 pt
    r = liverun.run(S(n=100_000, epochs=10_000))
    fig = widgets.static_figure(r, panels=panels)
    FigureCanvasAgg(fig.figure).draw()
    w, h = fig.figure.canvas.get_width_height()
    assert 950 <= w <= 1100 and h < w
    small = [(t.get_text(), t.get_fontsize()) for t in _texts(fig) if t.get_fontsize() < 9]
    assert not small, small
    # what the live explorer prints under its figure is in the picture
    caption = fig.caption.get_text().replace("\n", " ")
    assert kind_word(r.diagnosis.kind) in caption and r.diagnosis.message.split(":")[0] in caption
    assert r.notes[0].split(":")[0] in caption and r.ratio_note in caption
    bbox, renderer = fig.figure.bbox, fig.figure.canvas.get_renderer()
    texts = [fig.caption] + [t for ax in fig.ax.values() for t in ax.texts if t.get_text().strip()]
    extents = ([ax.get_tightbbox(renderer, bbox_extra_artists=[]) for ax in fig.ax.values()]
               + [t.get_window_extent(renderer) for t in texts])
    for e in extents:  # nothing leaves the image
        assert e.x0 >= bbox.x0 - 1 and e.x1 <= bbox.x1 + 1 and e.y0 >= bbox.y0 - 1 and e.y1 <= bbox.y1 + 1


def test_a_chinese_caption_wraps_within_the_figure():
    # a Chinese character is about twice a Latin one wide: lines filled by character count ran
    # off the image's right edge
    before = nnlib.set_language("zh")
    try:
        r = liverun.run(S(n=300, epochs=200, lr=1.0))  # diverging: a long message, no spaces in it
        fig = widgets.static_figure(r, panels=("cost",))
        FigureCanvasAgg(fig.figure).draw()
        text = fig.caption.get_text()
        assert text.startswith(f"诊断为{kind_word(r.diagnosis.kind)}：") and kind_word(r.diagnosis.kind) != r.diagnosis.kind
        first = text.split("\n")[0]
        assert sum(unicodedata.east_asian_width(c) in ("W", "F") for c in first) > 30  # a Chinese line
        renderer = fig.figure.canvas.get_renderer()
        for line in text.split("\n"):  # each line drawn alone, where the caption starts
            probe = fig.figure.text(*fig.caption.get_position(), line, fontsize=fig.caption.get_fontsize())
            e = probe.get_window_extent(renderer)
            assert e.x1 <= fig.figure.bbox.x1 + 1, (line, e.x1, fig.figure.bbox.x1)
            probe.remove()
        assert len(text.split("\n")) >= 2 and fig.caption.get_window_extent(renderer).x1 <= fig.figure.bbox.x1 + 1
    finally:
        nnlib.set_language(before)


def test_caption_lines_count_wide_characters_as_two_columns():
    lines = widgets.fill_columns("代价" * 30 + "，溢出 at epoch 14 of a long English tail", 40)
    assert [widgets._columns(line) for line in lines] == [40, 40, 38, 38, 4]
    assert lines[3].startswith("价，")  # the comma stays with the character before it (no line starts with it)
    assert widgets.fill_columns("a b  c", 40) == ["a b c"] and widgets.fill_columns("x" * 90, 40) == ["x" * 40] * 2 + ["x" * 10]


@pytest.mark.parametrize("style", [{}, livefig.STATIC])
def test_stability_readout_is_not_crossed_by_the_limit_line(style):
    fig = livefig.LiveFigure(["stability"], **style)
    hist = train_run(S(epochs=5))[0]
    for ratio in (0.204, 1.99, 18.1, 3e3):
        fig.update(hist, 5, ratio=ratio)
        FigureCanvasAgg(fig.figure).draw()
        text = fig.artists["stability"]["text"].get_window_extent()
        ax = fig.ax["stability"]
        x2 = ax.transData.transform((livefig.LIMIT, 0))[0]
        for line in ax.get_lines():  # the limit line
            ys = ax.transAxes.transform([(0, y) for y in line.get_ydata()])[:, 1]
            crosses = text.x0 <= x2 <= text.x1 and min(ys) < text.y1 and max(ys) > text.y0
            assert not crosses, (ratio, fig.artists["stability"]["text"].get_text())


def test_dead_share_lines_on_top_of_each_other_stay_visible():
    # both layers at share 0 (the default run): the hidden layer's colour must still show
    from matplotlib.colors import to_rgb
    r = liverun.run(S(epochs=50))
    assert (r.history.dead_fraction == 0).all()
    fig = widgets.static_figure(r, panels=("dead",))
    canvas = FigureCanvasAgg(fig.figure)
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    box = fig.ax["dead"].get_window_extent()
    H = rgb.shape[0]
    legend = fig.ax["dead"].get_legend().get_window_extent()
    inside = rgb[int(H - legend.y0) + 2:int(H - box.y0) - 2, int(box.x0) + 2:int(box.x1) - 2]  # under the legend
    for line in fig.artists["dead"]["lines"]:
        colour = np.array(to_rgb(line.get_color())) * 255
        hits = (np.abs(inside - colour).max(axis=2) < 30).sum()
        assert hits > 50, (line.get_label(), hits)


# -- the explorer ----------------------------------------------------------------------
def test_explorer_redraws_in_place_and_follows_its_controls():
    p = widgets.Playground(controls=("lr", "n", "reduction"), panels=("cost", "stability"), epochs=100)
    try:
        assert p.wait()
        canvas, line = p.fig.figure.canvas, p.fig.artists["cost"]["line"]
        p.controls["lr"].value = 1e-3
        assert p.wait()
        assert p.result.settings.lr == 1e-3
        assert p.fig.figure.canvas is canvas and p.fig.artists["cost"]["line"] is line  # same figure, same artists
        X, Y = liverun.data(p.result.settings)
        assert p.result.history.cost[0] == pytest.approx(
            p.result.settings.network().cost(X, Y, "sum"), rel=1e-5)
    finally:
        p.close()


def test_rapid_changes_coalesce_to_the_latest(monkeypatch):
    calls, gate = [], threading.Event()
    real = RunSpec.run

    def slow(spec, record=True, net=None):
        calls.append(spec.seed)
        gate.wait(5)
        return real(spec, record, net)

    monkeypatch.setattr(RunSpec, "run", slow)
    p = widgets.Playground(controls=("seed",), panels=("cost",), epochs=20)
    try:
        for seed in range(1, 11):  # ten moves while the first run is still busy
            p.controls["seed"].value = seed
        gate.set()
        assert p.wait()
        assert p.result.settings.seed == 10
        assert len(set(calls)) < 5, f"stale values were trained: {calls}"
    finally:
        p.close()


def test_a_failing_run_is_shown_as_text_never_raised(monkeypatch):
    p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=20)
    try:
        assert p.wait()

        def boom(*a, **k):
            raise ValueError("something broke")

        monkeypatch.setattr(RunSpec, "run", boom)
        p.controls["lr"].value = 1e-3  # the callback must not raise here
        assert p.wait()
        assert "something broke" in p.status.value and "error" in p.status.value
        monkeypatch.undo()
        p.controls["lr"].value = 1e-4
        assert p.wait()
        assert "error" not in p.status.value
    finally:
        p.close()


def test_an_error_inside_diagnose_is_shown_as_text_and_the_curve_is_drawn(monkeypatch):
    p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=20)
    try:
        assert p.wait() and "data-kind" in p.diagnosis.value

        def boom(*a, **k):
            raise ZeroDivisionError("diagnose broke")

        monkeypatch.setattr(liverun, "diagnose", boom)
        p.controls["lr"].value = 1e-4  # the callback must not raise here
        assert p.wait()
        assert "diagnose broke" in p.status.value and "nnlib-error" in p.status.value
        assert "data-kind" not in p.diagnosis.value  # no diagnosis of other settings left standing
        shown = p.fig.artists["cost"]["line"].get_ydata()
        expected = train_run(S(lr=1e-4, epochs=20))[0].cost
        np.testing.assert_allclose(shown, np.log10(expected))  # the new curve is up all the same
        monkeypatch.undo()
        p.controls["lr"].value = 3e-5
        assert p.wait()
        assert "error" not in p.status.value and "data-kind" in p.diagnosis.value
    finally:
        p.close()


def test_explorer_shows_what_liverun_run_gives():
    # one way to a Result: the live explorer's equals the static figure's, diagnosis included
    s = dict(n=300, epochs=300, seed=3)
    p = widgets.Playground(controls=("lr",), **s)
    try:
        assert p.wait()
        r = liverun.run(S(**s))
        np.testing.assert_array_equal(p.result.history.cost, r.history.cost)
        assert (p.result.ratio, p.result.notes) == (r.ratio, r.notes)
        assert (p.result.diagnosis.kind, p.result.diagnosis.message) == (r.diagnosis.kind, r.diagnosis.message)
    finally:
        p.close()


# -- the run as a link, the diagnosis's fix as a button ------------------------------------
def test_the_state_is_the_link_of_the_current_settings():
    p = widgets.Playground(controls=("lr", "leak"), panels=("cost",), epochs=20)
    try:
        assert p.wait() and p.state == "epochs=20"
        p.controls["lr"].value = 1e-3
        p.controls["leak"].value = 0.0
        assert p.wait()
        assert p.state == "lr=0.001&leak=0&epochs=20"
        assert "value='?lr=0.001&amp;leak=0&amp;epochs=20'" in p.link.value  # the line under the figure
        assert "nnlib-link" in p.link._dom_classes
    finally:
        p.close()


def test_playground_starts_from_a_state_says_what_it_skipped_and_keywords_win():
    p = widgets.playground(state="?lr=0.001&leak=0&epochs=30&speed=3&n=lots", epochs=20)
    try:
        assert p.wait()
        assert (p.controls["lr"].value, p.controls["leak"].value, p.controls["epochs"].value) == (0.001, 0.0, 20)
        assert p.result.settings == S(lr=0.001, leak=0.0, epochs=20)
        assert "&#x27;speed&#x27; is not a setting" in p.status.value and "n=lots is not a whole number" in p.status.value
    finally:
        p.close()
    for odd in (None, 3, "%%%&&=", "x" * 10_000):  # a state never stops the explorer
        p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=10, state=odd)
        try:
            assert p.wait() and p.error is None and p.result.settings.lr == liverun.DEFAULT.lr
        finally:
            p.close()


def test_a_state_that_does_not_fit_the_keywords_is_dropped_and_said(monkeypatch):
    real = liverun.check

    def picky(spec):  # a rule between two settings, as a bigger net might bring
        s = real(spec)
        if s.lr > 1e-3 and s.n > 100:
            raise ValueError("lr above 1e-3 needs n <= 100 here")
        return s

    monkeypatch.setattr(liverun, "check", picky)
    p = widgets.Playground(controls=("lr",), panels=("cost",), state="n=100&lr=0.01&seed=2", epochs=10, n=300)
    try:
        assert p.wait() and (p.result.settings.lr, p.result.settings.seed) == (1e-5, 0)
        assert "the link&#x27;s settings were not used: lr above 1e-3 needs n &lt;= 100" in p.status.value
    finally:
        p.close()
    with pytest.raises(ValueError, match="unknown setting"):
        widgets.Playground(state="lr=0.001", nonsense=1)  # the keywords' own error stays an error


def test_try_the_fix_turns_a_diverging_run_into_a_converging_one_with_one_run():
    p = widgets.playground(state="lr=0.03&output_activation=identity")
    try:
        assert p.wait()
        assert p.result.diagnosis.kind == "diverging" and not p.fix_button.disabled
        assert "nnlib-try-fix" in p.fix_button._dom_classes
        runs, seq = p.worker.runs, p.worker.seq
        p.fix_button.click()
        assert p.wait()
        assert p.controls["reduction"].value == "mean"  # the control moved
        assert (p.worker.runs - runs, p.worker.seq - seq) == (1, 1)
        assert p.result.diagnosis.kind == "converging", p.result.diagnosis.message
        assert p.fix_button.disabled  # nothing left to fix: the diagnosis's action is empty
        assert "reduction sum -&gt; mean" in p.link.value and "reduction=mean" in p.state
    finally:
        p.close()


def test_a_value_echoed_back_by_the_browser_leaves_the_fix_enabled():
    # the browser sends a snapped slider value back (0.03 as 0.030000000000000013); when that
    # echo came after the diagnosis, the button was disabled for good (seen in Chromium)
    p = widgets.playground(state="lr=0.03&output_activation=identity")
    try:
        assert p.wait() and not p.fix_button.disabled
        runs, seq = p.worker.runs, p.worker.seq
        p.controls["lr"].value = 0.030000000000000013
        assert p.wait()
        assert (p.worker.runs, p.worker.seq) == (runs, seq)  # nothing moved: no run
        assert not p.fix_button.disabled and p.result.diagnosis.action
        p.controls["lr"].value = 0.01  # a real move still waits for its own diagnosis
        assert p.wait() and p.worker.runs == runs + 1
    finally:
        p.close()


def test_a_fix_of_several_settings_moves_every_control_and_redraws_once():
    import dataclasses
    p = widgets.dead_units(epochs=20)  # controls lr, leak, bias_init: reduction has none
    try:
        assert p.wait()
        action = {"lr": 4.37e-4, "leak": 0.01, "bias_init": 0.1, "reduction": "mean"}
        p.result.diagnosis = dataclasses.replace(p.result.diagnosis, action=action)
        runs, seq = p.worker.runs, p.worker.seq
        p.try_fix()
        assert p.wait() and p.error is None
        assert (p.worker.seq - seq, p.worker.runs - runs) == (1, 1)  # one request and one redraw, not one per control
        assert {k: p.controls[k].value for k in ("lr", "leak", "bias_init")} == \
            {"lr": 4.3e-4, "leak": 0.01, "bias_init": "0.1"}
        assert p.settings.reduction == "mean" == p.result.settings.reduction  # the base settings
    finally:
        p.close()


def test_the_fix_button_is_disabled_when_there_is_nothing_to_try():
    # lr 0.03 on the summed cost blows up: a fix to try. (lr 1e-4 there, at the edge of stability,
    # still trains and is "slow" with nothing to change.)
    for state, enabled in [("lr=0.001&reduction=mean", False), ("lr=0.03&output_activation=identity", True)]:
        p = widgets.playground(state=state, epochs=300)
        try:
            assert p.wait()
            assert bool(p.result.diagnosis.action) == enabled == (not p.fix_button.disabled)
        finally:
            p.close()


def test_page_query_reads_the_voila_page_without_voilas_keys(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "token=abc&lr=0.001&template=lab&leak=0&theme=dark")
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert widgets.page_query() == ""  # outside Voila (a kernel of JupyterLab)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    assert widgets.page_query() == "lr=0.001&leak=0"
    monkeypatch.setenv("QUERY_STRING", "")
    assert widgets.page_query() == ""


def test_toggles_offer_every_name_the_library_accepts():
    from nnlib import activations, init, optimizers
    from nnlib.live import controls
    registries = dict(reduction=costs.REDUCTIONS, output_activation=activations.NAMES,
                      activation=activations.NAMES, data=liverun.DATA_NAMES,
                      weight_init=init.WEIGHT_INITS, optimizer=optimizers.OPTIMIZERS)
    for name, names in registries.items():
        w = widgets.make_control(name, liverun.control_value(liverun.DEFAULT, name))
        assert [v for _, v in w.options] == list(names)
        assert len({label for label, _ in w.options}) == len(names)  # every button tells itself apart
    assert "tanh" in [v for _, v in widgets.make_control("output_activation", "tanh").options]
    assert set(controls.CHOICES) == set(registries)


def test_a_tanh_output_is_explored_and_named_bounded():
    # sincos targets all lie above 1, tanh's ceiling: the run settles high and the diagnosis says why
    p = widgets.Playground(controls=("output_activation",), n=300, epochs=300)
    try:
        assert p.wait()
        p.controls["output_activation"].value = "tanh"
        assert p.wait() and p.error is None
        assert p.result.settings.output_activation == "tanh"
        assert "fit is poor" in p.result.diagnosis.message, p.result.diagnosis.message
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
        runs = [liverun.run(S(epochs=300, **kw))
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


def test_closeup_shows_exactly_the_chosen_epochs():
    cost = np.geomspace(1e3, 1e-1, 200)
    epochs = np.arange(150, 200)
    fig = widgets.closeup_figure(cost, epochs, "the last 50", log=True)
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), epochs)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), cost[epochs])
    assert ax.get_yscale() == "log" and ax.get_title() == "the last 50"
    assert widgets.closeup(cost, epochs, "x").data[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_page_cannot_ask_for_a_huge_figure():
    # ipympl applies the page's resize and pixel-ratio messages: the kernel caps what they ask for
    from nnlib.live import livecanvas
    fig = livefig.LiveFigure(("cost",), live=True)
    canvas = fig.figure.canvas
    canvas._handle_custom_msg({"type": "resize", "width": 6000, "height": 6000}, [])
    assert max(fig.figure.bbox.size) <= livecanvas.MAX_SIDE_PX
    canvas._handle_custom_msg({"type": "set_device_pixel_ratio", "device_pixel_ratio": 100}, [])
    canvas._handle_custom_msg({"type": "resize", "width": 1e300, "height": "x"}, [])
    assert max(fig.figure.bbox.size) <= livecanvas.MAX_SIDE_PX
    assert canvas.device_pixel_ratio <= livecanvas.MAX_PIXEL_RATIO
    canvas._handle_custom_msg({"type": "resize", "width": 600, "height": 200}, [])  # ordinary sizes pass
    assert tuple(fig.figure.bbox.size / canvas.device_pixel_ratio) == (600, 200)
    canvas.close()


def test_the_live_diagnosis_stays_within_the_curvature_cap(monkeypatch):
    # lambda_max at the initial weights cannot be estimated here: the diagnosis used to
    # recompute it on all 100,000 samples (seconds). Now no curvature sees more than the cap.
    from nnlib import curvature
    seen, real = [], curvature.top_eigenvalue

    def spy(net, X, *a, **k):
        seen.append(len(X))
        return real(net, X, *a, **k)

    monkeypatch.setattr(curvature, "top_eigenvalue", spy)
    s = S(lr=0.01, leak=1e-6, bias_init="none", n=100000, epochs=100, seed=5,
                         reduction="mean", output_activation="relu", adaptive=True)
    res = liverun.run(s)
    assert seen and max(seen) <= liverun.CURVATURE_SAMPLES, seen
    assert res.ratio is None and "could not be estimated" in res.ratio_note
    # the panel has no number: nor has the text, which says so instead
    assert "could not be measured" in res.diagnosis.message
    assert "times the critical lr" not in res.diagnosis.message


def test_a_newer_request_abandons_the_diagnosis(monkeypatch):
    real, diagnosed = liverun.diagnosis, []
    p = widgets.Playground(controls=("seed",), panels=("cost",), epochs=20, n=100)
    try:
        assert p.wait()

        def slow(hist, s, net, **options):
            if s.seed == 1:
                p.controls["seed"].value = 2  # a newer move while this diagnosis runs
            diagnosed.append(s.seed)
            return real(hist, s, net, **options)

        monkeypatch.setattr(liverun, "diagnosis", slow)
        shown = []
        monkeypatch.setattr(p, "diagnosed", lambda seq, r: shown.append(r))
        p.controls["seed"].value = 1
        assert p.wait()
        assert diagnosed == [1, 2] and len(shown) == 1  # seed 1's diagnosis was dropped
        assert p.result.settings.seed == 2
    finally:
        p.close()


@pytest.mark.parametrize("name, value", [("lr", 1e-9), ("lr", 100.0), ("lr", 1e-5), ("seed", 25), ("seed", 0),
                                         ("leak", 2e-5), ("n", 7), ("epochs", 5)])
def test_a_control_shows_the_value_it_starts_from(name, value):
    # a slider clamps a value outside its range silently: the explorer would train another one
    assert widgets.make_control(name, value).value == value


@pytest.mark.parametrize("debug", [False, True])
def test_test_instrumentation_only_behind_the_debug_switch(monkeypatch, debug):
    from nnlib.live import livecanvas
    monkeypatch.setattr(livecanvas, "DEBUG", debug)
    p = widgets.Playground(controls=("seed",), panels=("cost",), epochs=20, n=100)
    try:
        p.fig.figure.canvas.syncing_data_url = False  # as after a browser view attached: frames are sent
        p.controls["seed"].value = 1
        assert p.wait() and p.fig._blit.sent > 0
        status = p.status.value
        for attribute in ("data-seq", "data-idle", "data-runs", "data-drawn", "data-t-request", "data-t-final",
                          "data-canvas", "data-frame", "data-frames"):
            assert (attribute in status) == debug, (attribute, status)
        assert (p.fig.frame_sum is not None) == debug and (p.probe is not None) == debug
    finally:
        p.close()


def test_live_and_still_dead_panels_show_the_same_layers():
    # one drawing for both: a tanh layer cannot die, so neither figure draws or names it
    from matplotlib import pyplot as plt
    from nnlib import Network, plotting, train
    X, Y = datasets.random_targets(n=200, seed=0)
    hist = train(Network([7, 10, 2], activation="tanh", output_activation="relu", seed=0),
                 X, Y, lr=1e-3, epochs=20, reduction="mean")
    live = livefig.LiveFigure(["dead"], n_layers=2)
    live.update(hist)
    still = plotting.dead_fraction(hist, ax=plt.subplots()[1])
    for ax in (live.ax["dead"], still):
        drawn = [line.get_label() for line in ax.get_lines() if len(line.get_xdata())]
        assert drawn == ["output"]
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["output"]
    plt.close("all")


# -- drag and watch (pg-speed) ------------------------------------------------------------
def test_only_a_costly_run_is_previewed():
    # the default run is cheap by arithmetic: drawn whole at once; ten times the samples is not
    assert liverun.run_work(S()) == 1000 * 2000 * (8 * 10 + 11 * 2)
    assert not liverun.wants_preview(S())
    assert liverun.wants_preview(S(n=10_000))
    assert not liverun.wants_preview(S(n=10_000, epochs=10))  # the preview is the run


def test_a_drag_draws_each_finished_run_and_ends_on_the_last(monkeypatch):
    from nnlib.live import livecanvas
    monkeypatch.setattr(livecanvas, "DEBUG", True)  # the frame log
    monkeypatch.setattr(liverun, "FULL_AT_ONCE_WORK", 1)  # every run is costly: previews wanted
    real, gates, trained = RunSpec.run, {}, []

    def gated(spec, record=True, net=None):
        if spec.epochs == 200:  # whole runs wait for their gate; previews go through
            gates.setdefault(spec.seed, threading.Event()).wait(5)
            trained.append(spec.seed)
        return real(spec, record, net)

    p = widgets.Playground(controls=("seed",), panels=("cost",), epochs=200)
    try:
        assert p.wait()
        assert p.probe.frames[0][2] == "preview"  # a lone move is previewed
        monkeypatch.setattr(RunSpec, "run", gated)
        gates.update({seed: threading.Event() for seed in (2, 4, 5)})
        runs, seq0 = p.worker.runs, p.worker.seq
        time.sleep(0.3)
        p.probe.frames.clear()
        p.controls["seed"].value = 2  # the handle starts moving: 2 is previewed, then trains
        time.sleep(0.3)
        p.controls["seed"].value = 3  # ... and moves on while 2 trains
        p.controls["seed"].value = 4
        gates[2].set()
        time.sleep(0.3)  # 4 trains now, at once whole: it came right after 3
        p.controls["seed"].value = 5  # the release
        gates[4].set()
        gates[5].set()
        assert p.wait()
        frames = [(seq - seq0, kind) for seq, _, kind in p.probe.frames]
        frames = [f for i, f in enumerate(frames) if i == 0 or f != frames[i - 1]]  # the stability redraw
        # 2 drawn whole though 4 waited; 4 whole at once; 5 came after a pause: previewed again
        assert frames == [(1, "preview"), (1, "full"), (3, "full"), (4, "preview"), (4, "full")], frames
        assert trained == [2, 4, 5]  # 3 was never trained
        assert p.result.settings.seed == 5 and p.worker.runs == runs + 1  # one diagnosis: the last
    finally:
        for g in gates.values():
            g.set()
        p.close()


def test_a_frame_is_a_png_of_exactly_the_figures_pixels():
    import io

    from PIL import Image

    from nnlib.live import livecanvas
    rgb = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    back = np.asarray(Image.open(io.BytesIO(livecanvas.png(rgb))).convert("RGB"))
    assert back.shape == rgb.shape and (back == rgb).all()


# -- Playground 2: hidden layers, hidden activation, data; fit and gradients -----------------
@pytest.mark.parametrize("value, hidden", [((10,), (10,)), ([4, 5, 6], (4, 5, 6)), ((), ()), ("", ()),
                                           ("none", ()), ("10, 10", (10, 10)), (" 64 ,1 ", (64, 1)),
                                           ("[3, 2]", (3, 2)), ((8.0,), (8,))])
def test_hidden_takes_tuples_and_text(value, hidden):
    s = S(hidden=value)
    assert s.hidden == hidden and s.sizes == (7, *hidden, 2)


@pytest.mark.parametrize("value", ["10, x", "0", "65", "1, 2, 3, 4", "-3", (10, 0), (65,), [1, 2, 3, 4],
                                   5, None, (True,), (2.5,), {"a": 1}, "1.5", "1_0", "\u0661\u0660",
                                   "\u00b2", "9" * 5000])
def test_a_bad_hidden_is_a_value_error_naming_it(value):
    with pytest.raises(ValueError, match="hidden must be up to 3 layer sizes of 1 to 64 units"):
        S(hidden=value)


@pytest.mark.parametrize("changes, name", [(dict(data="moons"), "data"), (dict(data=None), "data"),
                                           (dict(activation="swish"), "activation"),
                                           (dict(speed=2), "unknown setting")])
def test_bad_activation_or_data_is_named(changes, name):
    with pytest.raises(ValueError, match=name):
        S(**changes)


def test_every_factory_takes_the_new_settings():
    new = dict(hidden=(4, 3), activation="tanh", data="random_targets", epochs=20, n=50)
    for make in (widgets.playground, widgets.sum_vs_mean, widgets.dead_units, widgets.Playground):
        p = make(**new)
        try:
            assert p.wait()
            assert p.error is None and p.result.settings.hidden == (4, 3)
            assert p.result.history.settings.layer_activations == ("tanh", "tanh", "leaky_relu") or \
                make is widgets.sum_vs_mean  # its base makes the output linear
            assert p.result.history.grad_norm.shape == (20, 3)
            np.testing.assert_array_equal(p.result.fit[0], datasets.random_targets(n=50, seed=0)[1])
        finally:
            p.close()
    with pytest.raises(ValueError, match="hidden"):
        widgets.playground(hidden=(100,))


def test_the_largest_net_fits_the_parameter_limit():
    assert liverun.MAX_PARAMS == liverun.n_params((7, 64, 64, 64, 2)) == 8962
    assert liverun.n_params((S()).sizes) == 102
    assert (S(hidden="64, 64, 64")).network().get_params().size == liverun.MAX_PARAMS


@pytest.mark.parametrize("hidden, n, epochs", [((64, 64, 64), 100_000, 10_000), ((10,), 100_000, 10_000),
                                               ((), 100_000, 10_000), ((64,), 30_000, 2000)])
def test_work_is_capped_by_samples_epochs_and_weights(hidden, n, epochs):
    s = S(hidden=hidden, n=n, epochs=epochs)
    run, notes = liverun.capped_epochs(s)
    work = n * liverun.n_params(s.sizes)
    assert run * work <= liverun.WORK_CAP and (run + 1) * work > liverun.WORK_CAP  # the most that fits
    assert notes[-1] == (f"capped at {run:,} of {epochs:,} epochs: N x epochs x weights ({n:,} x {epochs:,} x "
                         f"{liverun.n_params(s.sizes):,}) is kept under {liverun.WORK_CAP:,} so the plot stays live")
    assert len(notes) == 1 + (liverun.trained_n(s) < n)


@pytest.mark.parametrize("hidden, n, trained", [((64, 64, 64), 100_000, 26_391), ((64, 64), 100_000, 39_384),
                                                ((10,), 100_000, 100_000), ((64, 64, 64), 20_000, 20_000)])
def test_a_wide_net_on_many_samples_trains_on_fewer_and_says_so(hidden, n, trained):
    s = S(hidden=hidden, n=n)
    units = sum(hidden) + liverun.N_OUT
    assert liverun.trained_n(s) == trained <= max(liverun.SAMPLE_UNITS_CAP // units, n if n <= 20_000 else 0)
    assert len(liverun.data(s)[0]) == trained
    said = [x for x in liverun.capped_epochs(s)[1] if x.startswith("trained on")]
    assert said == ([f"trained on the first {trained:,} of {n:,} samples: N x units is kept under "
                     f"{liverun.SAMPLE_UNITS_CAP:,} so the kernel's memory stays small"] if trained < n else [])
    assert liverun.run_work(s) == trained * liverun.capped_epochs(s)[0] * liverun.n_params(s.sizes)


def test_the_answers_runs_keep_their_caps():
    # The cap is 10 million samples x epochs for the answer's net, as before weights counted.
    assert liverun.capped_epochs(S()) == (2000, [])
    assert liverun.capped_epochs(S(n=10_000))[0] == 1000
    assert liverun.capped_epochs(S(hidden=(64, 64, 64)))[0] == 113  # 1,000 x 113 x 8,962


def test_fit_is_the_trained_nets_predictions_on_the_first_samples():
    s = S(hidden=(6,), epochs=50)
    r = liverun.run(s)
    hist, net = train_run(s)
    X, Y = liverun.data(s)
    targets, predictions = r.fit
    assert targets.shape == predictions.shape == (liverun.FIT_POINTS, 2)
    np.testing.assert_array_equal(targets, Y[:liverun.FIT_POINTS])
    np.testing.assert_array_equal(predictions, net.predict(X[:liverun.FIT_POINTS]))
    assert liverun.fit(S(n=30), net)[0].shape == (30, 2)  # fewer samples: all of them


def test_on_random_targets_the_net_learns_only_the_mean():
    # the question's data: the targets are unrelated to the inputs, so the best a net can do is
    # their mean, and the fit panel shows a flat row of points
    fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he",
                 bias_init="0.1", lr=0.05)
    rand = liverun.run(S(data="random_targets", **fixed))
    sinc = liverun.run(S(data="sincos", **fixed))
    (t, p), (ts, ps) = rand.fit, sinc.fit
    assert p.std(axis=0).max() < 0.3 * t.std(axis=0).min()           # flat: hardly any spread
    np.testing.assert_allclose(p.mean(axis=0), t.mean(axis=0), atol=0.05)
    assert np.corrcoef(ts[:, 0], ps[:, 0])[0, 1] > 0.95               # sincos: on the line


def test_live_fit_and_gradient_panels_show_the_run():
    r = liverun.run(S(hidden=(5, 5), epochs=100))
    fig = livefig.LiveFigure(["fit", "gradients", "dead"], n_layers=liverun.MAX_LAYERS)
    fig.update(r.history, r.epochs, fit=r.fit)
    for k, pts in enumerate(fig.artists["fit"]["points"]):
        np.testing.assert_array_equal(pts.get_xdata(), r.fit[0][:, k])
        np.testing.assert_array_equal(pts.get_ydata(), r.fit[1][:, k])
    lo, hi = fig.ax["fit"].get_xlim()
    assert fig.ax["fit"].get_ylim() == (lo, hi) and lo <= r.fit[0].min() and r.fit[0].max() <= hi
    lines = fig.artists["gradients"]["lines"]
    assert len(lines) == 4 and [l.get_visible() for l in lines] == [True, True, True, False]
    for l in range(3):
        np.testing.assert_allclose(lines[l].get_ydata(), np.log10(r.history.grad_norm[:, l]))
    labels = [t.get_text() for t in fig.ax["gradients"].get_legend().get_texts()]
    assert labels == ["hidden 1", "hidden 2", "output"]
    FigureCanvasAgg(fig.figure).draw()


def test_fit_panel_says_when_predictions_overflowed_or_leave_the_scale():
    from nnlib import panels
    t = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]])
    fig = livefig.LiveFigure(["fit"])
    fig.update(_tiny_history(), fit=(t, np.full_like(t, np.inf)))
    arts = fig.artists["fit"]
    assert arts["note"].get_text() == panels.NO_FIT and not arts["points"][0].get_visible()
    fig.update(_tiny_history(), fit=(t, t + np.array([[1e6, 0], [0, 0], [0, 0]])))
    assert arts["off"].get_text() == "1 of 6 off the scale" and arts["note"].get_text() == ""
    assert fig.ax["fit"].get_xlim()[1] < 100
    FigureCanvasAgg(fig.figure).draw()


def _tiny_history():
    s = S(epochs=3, n=20)
    return train_run(s)[0]


def test_a_change_of_depth_redraws_one_line_per_layer():
    p = widgets.Playground(panels=("dead", "gradients"), epochs=30, n=100)
    try:
        counts = {}
        for text, layers in (("8, 8, 8", 4), ("none", 1), ("6, 6", 3), ("10", 2)):
            p.controls["hidden"].value = text
            assert p.wait() and p.error is None
            grads = [l for l in p.fig.artists["gradients"]["lines"] if l.get_visible() and len(l.get_xdata())]
            dead = [l for l in p.fig.artists["dead"]["lines"] if len(l.get_xdata())]
            names = [t.get_text() for t in p.fig.ax["dead"].get_legend().get_texts()]
            counts[text] = (len(grads), len(dead))
            assert names == livefig.panel.layer_names(layers), names
            for l, line in enumerate(grads):
                np.testing.assert_allclose(line.get_ydata(), np.log10(p.result.history.grad_norm[:, l]))
        assert counts == {"8, 8, 8": (4, 4), "none": (1, 1), "6, 6": (3, 3), "10": (2, 2)}
    finally:
        p.close()


@pytest.mark.parametrize("typed", ["10, ten", "1_0", "\u0661\u0660", "9" * 5000, "65", "1, 2, 3, 4"])
def test_a_bad_hidden_typed_in_is_reverted_with_a_note_and_blocks_no_move(typed):
    p = widgets.Playground(controls=("hidden", "lr"), epochs=30, n=100, hidden=(4,))
    try:
        assert p.wait()
        p.controls["hidden"].value = "3, 3"
        assert p.wait() and p.result.settings.hidden == (3, 3)
        p.controls["hidden"].value = typed
        assert p.wait() and p.error is None
        assert p.controls["hidden"].value == "3, 3"  # back at the last good sizes
        assert "hidden must be up to 3 layer sizes" in p.status.value and "the box is back at 3, 3" in p.status.value
        assert "Exceeds" not in p.status.value and "error" not in p.status.value
        runs = p.worker.runs
        p.controls["lr"].value = 1e-4  # another move draws a new run, and the note is done
        assert p.wait() and p.error is None and p.worker.runs == runs + 1
        assert p.result.settings.lr == 1e-4 and p.result.settings.hidden == (3, 3)
        assert "the box is back" not in p.status.value
    finally:
        p.close()


def test_the_hidden_box_and_the_new_toggles():
    from nnlib import activations
    from nnlib.live import controls
    box = widgets.make_control("hidden", (10, 10))
    assert box.value == "10, 10" and box.continuous_update is False and "nnlib-ctl-hidden" in box._dom_classes
    assert widgets.make_control("hidden", ()).value == "none"
    act = widgets.make_control("activation", "tanh")
    assert act.value == "tanh" and [v for _, v in act.options] == list(activations.NAMES)
    data = widgets.make_control("data", "random_targets")
    assert [v for _, v in data.options] == list(liverun.DATA_NAMES)
    assert {"hidden", "activation", "data"} <= set(controls.CONTROLS)


def test_the_default_playground_shows_every_control_and_panel():
    p = widgets.playground()
    try:
        assert list(p.controls) == list(widgets.CONTROLS) and p.fig.panels == livefig.DEFAULT_PANELS
        assert set(livefig.PANELS) - set(livefig.DEFAULT_PANELS) == {"sharpness"}  # the one option
        assert {"fit", "gradients"} <= set(p.fig.panels)
        assert p.wait() and p.error is None
        np.testing.assert_array_equal(p.fig.artists["fit"]["points"][1].get_ydata(), p.result.fit[1][:, 1])
    finally:
        p.close()


def test_still_figure_draws_fit_and_gradients():
    r = liverun.run(S(hidden=(4, 4, 4), activation="tanh", epochs=60))
    fig = widgets.static_figure(r)
    assert set(fig.panels) == set(livefig.DEFAULT_PANELS)
    lines = fig.artists["gradients"]["lines"]
    assert len(lines) == 4
    for l in range(4):
        np.testing.assert_allclose(lines[l].get_ydata(), np.log10(r.history.grad_norm[:, l]))
    np.testing.assert_array_equal(fig.artists["fit"]["points"][0].get_ydata(), r.fit[1][:, 0])
    w, h = fig.figure.get_size_inches()
    assert w == livefig.STATIC["width"] and h > 2 * livefig.STATIC["height"]  # two rows of panels
    FigureCanvasAgg(fig.figure).draw()


def test_gradient_and_fit_axes_keep_their_limits_from_preview_to_full_run():
    # a re-render of an axis is the slow part of a frame: the preview widens the gradients'
    # decades, the full run then fits them; a fit that still fits keeps its limits too
    s = S()
    fig = livefig.LiveFigure(["gradients", "fit"], n_layers=liverun.MAX_LAYERS)
    r = liverun.run(s)
    fig.update(r.history, 2000, fit=r.fit)
    for seed in (1, 2):
        preview = train_run(s.replace(seed=seed), epochs=liverun.preview_epochs(s))[0]
        fig.update(preview, 2000, preview=True)
        full = liverun.run(s.replace(seed=seed))
        redone = fig.update(full.history, 2000, fit=full.fit)
        assert "gradients" not in redone
        lo, hi = fig.ax["gradients"].get_ylim()
        y = np.log10(full.history.grad_norm)
        assert lo <= y.min() and y.max() <= hi
        flo, fhi = fig.ax["fit"].get_xlim()
        out = ((full.fit[1] < flo) | (full.fit[1] > fhi)).sum()
        assert fig.artists["fit"]["off"].get_text() == (f"{out} of 600 off the scale" if out else "")


# -- review mends: the link of the controls, a stale fix, a stale whole run ----------------
def test_the_default_playgrounds_link_is_empty_and_follows_the_hidden_box():
    p = widgets.playground()
    try:
        assert p.wait() and p.state == ""  # the hidden box holds text: read as the explorer reads it
        p.controls["hidden"].value = "10, 10"
        assert p.wait() and p.state == "sizes=7,10,10,2"
        p.controls["hidden"].value = "10, x"  # reverted at once: the link keeps the last good sizes
        assert p.wait() and p.state == "sizes=7,10,10,2" and p.controls["hidden"].value == "10, 10"
    finally:
        p.close()


def test_a_move_disables_the_fix_until_its_run_is_diagnosed():
    p = widgets.Playground(controls=("lr",), panels=("cost",), lr=3.0, reduction="mean",
                           output_activation="identity", epochs=50)
    try:
        assert p.wait() and p.result.diagnosis.kind == "diverging" and not p.fix_button.disabled
        p.controls["lr"].value = 1e-6
        assert p.fix_button.disabled  # at once, on the kernel's thread: the shown fix was for lr 3
        assert p.wait() and p.fix_button.disabled == (not p.result.diagnosis.action)
    finally:
        p.close()


def test_a_fix_applies_to_the_settings_it_diagnosed():
    p = widgets.Playground(controls=("lr", "n"), panels=("cost",), lr=3.0, reduction="mean",
                           output_activation="identity", epochs=50, n=1000)
    try:
        assert p.wait() and p.result.diagnosis.action
        diagnosed = p.result
        new, _ = runlink.try_fix(diagnosed.settings, diagnosed.diagnosis.action)
        # the learner moved N, and its run has not been diagnosed yet (its request held back)
        p.controls["n"].unobserve(p._request, names="value")
        p.controls["n"].value = 300
        p.controls["n"].observe(p._request, names="value")
        p.try_fix()
        assert p.wait()
        assert (p.controls["lr"].value, p.controls["n"].value) == (pytest.approx(new.lr), 1000)
        assert p.result.settings.n == 1000  # the fix is for the run it diagnosed
    finally:
        p.close()


def test_a_newer_request_during_a_preview_skips_the_stale_whole_run(monkeypatch):
    monkeypatch.setattr(liverun, "FULL_AT_ONCE_WORK", 1)  # every run is costly: previews wanted
    real, trained, gate = RunSpec.run, [], threading.Event()

    def recorded(spec, record=True, net=None):
        if spec.epochs == 200:
            trained.append(spec.seed)
        return real(spec, record, net)

    p = widgets.Playground(controls=("seed",), panels=("cost",), epochs=200)
    try:
        assert p.wait()
        draw = p.fig.update

        def held(*args, preview=False, **kw):  # seed 1's preview is on screen until seed 2 comes
            if preview:
                gate.wait(5)
            return draw(*args, preview=preview, **kw)
        p.fig.update = held
        monkeypatch.setattr(RunSpec, "run", recorded)
        time.sleep(0.3)  # a lone move, not a drag: previewed
        p.controls["seed"].value = 1
        time.sleep(0.3)
        p.controls["seed"].value = 2
        gate.set()
        assert p.wait()
        assert trained == [2] and p.result.settings.seed == 2, trained
    finally:
        gate.set()
        p.close()


@pytest.mark.parametrize("lr", [1e-5, 0.03, 0.049, 3e-9, 30.0, 10 ** -4.75])
def test_the_lr_slider_holds_any_value_on_its_grid(lr):
    # the browser snaps a slider to min + k * step and sends it back: the value must be on the grid
    from nnlib.live import controls
    for w in (controls.make_control("lr", lr), controls.make_control("lr", 1e-5)):
        controls.show_value(w, lr)
        k = (np.log10(lr) - w.min) / w.step
        assert abs(k - round(k)) < 1e-9 and w.min <= np.log10(lr) <= w.max and w.value == lr
    assert controls.make_control("lr", 1e-5).min == -7  # the default grid: quarter decades from 1e-7


def test_a_value_echoed_back_with_float_noise_is_the_same_setting_and_no_new_run():
    p = widgets.Playground(controls=("lr",), panels=("cost",), lr=0.03, epochs=20)
    try:
        assert p.wait()
        seq = p.worker.seq
        p.controls["lr"].value = 0.030000000000000013  # what the browser sends back for 0.03
        assert p.wait() and p.worker.seq == seq and p.current().lr == 0.03
        p.controls["lr"].value = 0.05
        assert p.wait() and p.worker.seq == seq + 1 and p.result.settings.lr == 0.05
    finally:
        p.close()


def test_sharpness_panel_starts_at_the_stability_readout_and_follows_the_run():
    # check 1 of notebook 07: 2.07 at the initial weights, below 2 once the weights have moved
    r = liverun.run(S(n=10_000))
    fig = widgets.static_figure(r, panels=("cost", "stability", "sharpness"))
    line = fig.artists["sharpness"]["line"]
    x, y = line.get_xdata(), line.get_ydata()
    assert x[0] == 0 and x[-1] == r.epochs and len(x) >= 5
    assert abs(y[0] / r.ratio - 1) < 1e-3      # the same measurement as the stability readout
    assert y[0] > 2 and y[-1] < 2
    assert not fig.artists["sharpness"]["note"].get_visible()


def test_sharpness_panel_says_why_it_is_empty_for_adam():
    r = liverun.run(S(optimizer="adam", epochs=20))
    fig = widgets.static_figure(r, panels=("cost", "sharpness"))
    assert len(fig.artists["sharpness"]["line"].get_xdata()) == 0
    assert "plain gradient descent only" in fig.artists["sharpness"]["note"].get_text()


def test_live_playground_draws_the_sharpness_option():
    p = widgets.Playground(controls=("lr",), panels=("cost", "sharpness"), epochs=100)
    try:
        assert p.wait() and p.error is None
        at, ratio = liverun.sharpness(p.settings)
        np.testing.assert_allclose(p.fig.artists["sharpness"]["line"].get_ydata(), ratio, rtol=1e-12)
    finally:
        p.close()


def test_lambda_max_not_measured_in_time_is_said_then_replaced_by_its_number(monkeypatch):
    # slices so short (two Hessian-vector products each) that the first cannot finish
    monkeypatch.setattr(worker, "CURVATURE_SLICE_S", 0.0)
    monkeypatch.setattr(liverun, "_CRITICAL", {})
    monkeypatch.setattr(liverun, "_PARTIAL", {})
    p = widgets.Playground(controls=("lr",), panels=("cost", "stability"), hidden=(6,), epochs=30, n=100)
    notes = []
    real = p.fig.update
    monkeypatch.setattr(p.fig, "update", lambda *a, **k: (notes.append(a[3] if len(a) > 3 else ""),
                                                           real(*a, **k))[1])
    try:
        p.controls["lr"].value = 2e-5  # a move (the spy sees this run's frames from the start)
        monkeypatch.setattr(liverun, "_CRITICAL", {})
        p.controls["lr"].value = 3e-5
        assert p.wait(60) and p.error is None
        assert liverun.NOT_IN_TIME in notes, notes
        assert notes[-1] != liverun.NOT_IN_TIME and p.result.ratio is not None
        expected = liverun.stability(p.result.settings)[0]
        assert p.result.ratio == pytest.approx(expected, rel=1e-3)
        assert p.fig.artists["stability"]["text"].get_text().startswith("lr × λ_max = ")
        assert liverun.NOT_IN_TIME not in p.status.value
    finally:
        p.close()


def test_a_train_option_reaches_the_playground_and_its_link():
    # the README's recipe for a train option, followed for an optimizer's own option
    p = widgets.Playground(controls=("lr", "optimizer"), panels=("cost",), epochs=20,
                           optimizer="momentum", optimizer_options={"momentum": 0.5})
    try:
        assert p.wait() and p.error is None
        assert p.result.history.settings.optimizer_options == (("momentum", 0.5),)
        assert p.state == "epochs=20&optimizer=momentum&momentum=0.5"
        again = widgets.playground(state=p.state)
        try:
            assert again.wait() and again.result.settings == p.result.settings
        finally:
            again.close()
        p.controls["optimizer"].value = "adam"  # another rule: momentum's option is dropped, not refused
        assert p.wait() and p.error is None and p.state == "epochs=20&optimizer=adam"
    finally:
        p.close()


def test_a_slider_move_builds_one_network(networks_built):
    built, start_counting = networks_built
    p = widgets.Playground(controls=("seed",), epochs=50)  # every default panel
    try:
        assert p.wait()
        start_counting()
        p.controls["seed"].value = 4  # a new net: its lambda_max is measured too
        assert p.wait() and p.result.settings.seed == 4 and p.result.diagnosis is not None
        assert len(built) == 1
    finally:
        p.close()
