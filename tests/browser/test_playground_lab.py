"""The playground notebook (07) in JupyterLab: it runs clean, every control retrains and
redraws the plot, the diagnosis follows the run, rapid moves coalesce, extremes are capped.

The tests share one page (opening JupyterLab and running the notebook is the slow part),
so each one states what it needs rather than assuming the state an earlier test left.
"""
import pytest

import nnlib
from nnlib.live import livefig, liverun
from nnlib.panels import COLORS

from . import harness

SLIDERS = ["lr", "leak", "bias_init", "n", "epochs", "seed"]
START = "lr=0.03&output_activation=identity"  # diverges with the summed cost; the mean converges
TOGGLES = ["activation", "data", "reduction", "output_activation", "weight_init", "adaptive", "optimizer"]
TEXT = ["hidden"]  # typed: harness.move cannot step it (see type_hidden)


@pytest.fixture(scope="module")
def playground(browser, lab):
    """Notebook 07 opened and run once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = harness.watch_console(page)
    harness.open_notebook(page, lab, "07_playground.ipynb")
    errors = harness.run_all(page)
    assert errors == [], f"cells raised: {errors}"
    box = harness.explorer(page)
    box.wait_for(timeout=60_000)
    box.scroll_into_view_if_needed()
    harness.wait_explorer(box, 1)
    yield page, box
    context.close()


@pytest.fixture
def pg(playground, request):
    """The shared page; a screenshot of it is kept when the test fails."""
    page, box = playground
    yield page, box
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        harness.ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(harness.ARTIFACTS / f"{request.node.name}.png"), full_page=True)


def settle(box):
    seq = harness.explorer_state(box)[0]
    return lambda: harness.wait_explorer(box, seq + 1)


def _set_toggle(box, name, label):
    button = box.locator(f".nnlib-ctl-{name} button", has_text=label).first
    if "mod-active" not in (button.get_attribute("class") or ""):
        done = settle(box)
        button.click()
        done()


def _press_until(box, name, key, want, burst=None):
    """Press key on a slider until the kernel has drawn a value satisfying want.

    lr is pressed in bursts of a decade (one settle per burst) unless burst says otherwise:
    it has four steps per decade.
    """
    handle = box.locator(f".nnlib-ctl-{name} .noUi-handle")
    burst = burst or (4 if name == "lr" else 1)
    for _ in range(40):
        value = harness.explorer_info(box)["drawn"][name]
        if want(value):
            return value
        done = settle(box)
        handle.focus()
        for _ in range(burst):
            handle.press(key)
        done()
    raise AssertionError(f"{name} never satisfied the condition (last {value})")


def test_static_figure_comes_before_the_widget(pg):
    page, box = pg
    cells = page.locator(".jp-Cell")
    kinds = cells.evaluate_all("""cs => cs.map(c => c.querySelector('.nnlib-playground') ? 'widget' :
                                   c.querySelector('.jp-OutputArea img') ? 'static' : '')""")
    assert "static" in kinds and "widget" in kinds
    assert kinds.index("static") < kinds.index("widget")


def test_all_controls_are_there(pg):
    _, box = pg
    assert sorted(harness.control_names(box)) == sorted(SLIDERS + TOGGLES + TEXT)


@pytest.mark.parametrize("name", SLIDERS + TOGGLES)
def test_every_control_redraws(pg, name):
    page, box = pg
    if name == "adaptive":
        # Halving lr only acts when an update raises the cost: make the step too large first.
        _set_toggle(box, "reduction", "sum")
        _press_until(box, "lr", "ArrowRight", lambda v: v >= 1e-2)
    before = harness.explorer_canvas(box)
    drawn = harness.explorer_info(box)["drawn"]
    done = settle(box)
    harness.move(box, name)
    done()
    after = harness.explorer_info(box)["drawn"]
    assert after[name] != drawn[name], f"the kernel did not see {name} move"
    assert harness.explorer_canvas(box) != before, f"moving {name} did not change the plot"
    harness.assert_plot_current(box)
    assert page.console_errors == []


def test_diagnosis_follows_the_run(pg):
    page, box = pg
    if harness.explorer_info(box)["drawn"]["adaptive"]:
        done = settle(box)
        harness.move(box, "adaptive")
        done()
    _set_toggle(box, "optimizer", "sgd")
    _set_toggle(box, "reduction", "sum")
    _press_until(box, "n", "ArrowLeft", lambda v: v <= 1000)
    _press_until(box, "n", "ArrowRight", lambda v: v >= 1000)
    _press_until(box, "epochs", "ArrowLeft", lambda v: v <= 300)
    _press_until(box, "lr", "ArrowLeft", lambda v: v <= 1e-6)
    calm = harness.explorer_info(box)
    assert calm["kind"] != "diverging"
    # The summed cost on 1000 samples: far above the critical lr the cost must blow up.
    _set_toggle(box, "output_activation", "identity")
    _press_until(box, "lr", "ArrowRight", lambda v: v >= 1e-1)
    wild = harness.explorer_info(box)
    assert wild["kind"] == "diverging", wild["diagnosis"]
    assert "overflow" in wild["diagnosis"] or "grew" in wild["diagnosis"]
    assert page.console_errors == []


def test_rapid_moves_coalesce(pg):
    page, box = pg
    _press_until(box, "epochs", "ArrowRight", lambda v: v >= 2000)
    _press_until(box, "lr", "ArrowLeft", lambda v: v <= 1e-5)
    before = harness.explorer_info(box)
    handle = box.locator(".nnlib-ctl-lr .noUi-handle")
    handle.focus()
    presses = 12
    for _ in range(presses):
        handle.press("ArrowRight")
    harness.wait_explorer(box, before["seq"] + 1, quiet=1.0)
    after = harness.explorer_info(box)
    runs = after["runs"] - before["runs"]
    assert 1 <= runs < presses, f"{runs} runs for {presses} presses: stale values were computed"
    shown = float(box.locator(".nnlib-ctl-lr .widget-readout").inner_text())
    assert after["drawn"]["lr"] == pytest.approx(shown, rel=0.06), "the last value drawn is not the slider's"
    harness.assert_plot_current(box)
    assert page.console_errors == []


def test_extreme_values_are_capped_and_said(pg):
    page, box = pg
    _press_until(box, "n", "ArrowRight", lambda v: v >= 100000)
    _press_until(box, "epochs", "ArrowRight", lambda v: v >= 10000)
    _press_until(box, "lr", "ArrowRight", lambda v: v >= 10)
    info = harness.explorer_info(box)
    assert "capped" in info["status"], info["status"]
    assert "error" not in info["status"]
    assert info["kind"] not in (None, "unavailable")
    assert page.console_errors == []


def _link(box):
    return box.locator(".nnlib-link input").input_value()


def test_the_link_line_shows_the_run_on_screen(pg):
    page, box = pg
    _press_until(box, "seed", "ArrowRight", lambda v: v >= 1)
    info = harness.explorer_info(box)
    expected = spec_of(info["drawn"]).to_query()
    assert "seed=" in expected and _link(box) == "?" + expected
    assert page.console_errors == []


def test_try_the_fix_turns_a_diverging_run_into_a_converging_one(pg):
    page, _ = pg
    # a second explorer, started from a link (what widgets.playground(state=...) gives)
    page.evaluate("""async (src) => {
        const app = window.jupyterapp, nb = app.shell.currentWidget.content;
        nb.activeCellIndex = nb.widgets.length - 1;
        await app.commands.execute('notebook:insert-cell-below');
        nb.activeCell.model.sharedModel.setSource(src);
        await app.commands.execute('notebook:run-cell');
    }""", f"widgets.playground(state={START!r})")
    page.locator(".nnlib-playground").nth(1).wait_for(timeout=60_000)
    box = harness.explorer(page, 1)
    box.scroll_into_view_if_needed()
    harness.wait_explorer(box, 1)
    before = harness.explorer_info(box)
    assert (before["drawn"]["lr"], before["drawn"]["output_activation"]) == (0.03, "identity")
    assert before["kind"] == "diverging", before["diagnosis"]
    assert _link(box) == "?" + START
    button = box.locator(".nnlib-try-fix")
    assert button.is_enabled()
    done = settle(box)
    button.click()
    done()
    after = harness.explorer_info(box)
    assert after["kind"] == "converging", after["diagnosis"]
    assert after["runs"] == before["runs"] + 1  # the controls moved together: one run
    assert "mod-active" in box.locator(".nnlib-ctl-reduction button", has_text="mean").get_attribute("class")
    # the mean at no less than the learner's lr: its steps are N times smaller than the summed
    # ones that blew up (the lr may be read from the run's growth, so the link is read back,
    # not matched digit for digit)
    fixed = nnlib.RunSpec.from_query(_link(box)[1:])
    assert (fixed.reduction, fixed.output_activation) == ("mean", "identity") and fixed.lr >= 0.03
    assert button.is_disabled()  # converging: nothing left to try
    harness.assert_plot_current(box)
    assert page.console_errors == []


# -- drag and watch (pg-speed) -------------------------------------------------------------
def test_a_drag_is_followed_by_whole_runs_and_ends_on_the_release(pg):
    page, box = pg
    _set_toggle(box, "optimizer", "sgd")
    _press_until(box, "n", "ArrowLeft", lambda v: v <= 1000)  # cheap runs: the test stays short
    _press_until(box, "epochs", "ArrowLeft", lambda v: v <= 300)
    _press_until(box, "lr", "ArrowLeft", lambda v: v <= 1e-4)
    seq0 = harness.explorer_state(box)[0]
    draws0 = harness.draw_count(page)
    start, end = harness.drag(box, "lr", seconds=2.0)
    painted = page.evaluate(f"window.__draws.slice({draws0}).filter(d => d + performance.timeOrigin <= {end})")
    readout = box.locator(".nnlib-ctl-lr .widget-readout").inner_text()
    for _ in range(20):  # the released position reaches the kernel after the others
        harness.wait_explorer(box, seq0 + 1, quiet=0.5)
        info = harness.explorer_info(box)
        if info["drawn"]["lr"] == pytest.approx(float(readout), rel=0.06):
            break
    frames = [f for f in harness.frame_log(box) if f[0] > seq0]
    whole = {f[0] for f in frames if f[2] == "full" and f[1] <= end}
    assert len(whole) >= 3, f"the plot did not follow the drag: whole runs of {sorted(whole)} while dragging"
    assert len(painted) >= 3, f"{len(painted)} paints while dragging"
    assert info["drawn"]["lr"] == pytest.approx(float(readout), rel=0.06), "the plot did not end on the release"
    assert frames[-1][0] == info["seq"] and frames[-1][2] == "full"  # the last frame: the released position
    assert info["kind"] not in (None, "unavailable")
    harness.assert_plot_current(box)
    assert page.console_errors == []


# -- Playground 2: the network itself, the data, the fit and gradients panels ----------------
def type_hidden(box, text):
    """Type the hidden sizes and press Enter (the box sends on Enter, not on each key)."""
    field = box.locator(".nnlib-ctl-hidden input")
    if field.input_value() == text:
        return  # no change: the kernel gets no request
    done = settle(box)
    field.fill(text)
    field.press("Enter")
    done()


def expected_kind(drawn):
    """The diagnosis this library gives for the settings the kernel says it drew."""
    return liverun.run(spec_of(drawn)).diagnosis.kind


def spec_of(drawn):
    """The RunSpec of the controls' values the kernel says it drew."""
    return liverun.with_controls(liverun.DEFAULT, {k: tuple(v) if k == "hidden" else v for k, v in drawn.items()})


def panel_box(name):
    """(x0, y0, x1, y1) of a panel of the default playground, as fractions of the canvas from its
    top left (the live figure's own layout: the browser shows its pixels one to one)."""
    fig = livefig.LiveFigure(live=False, n_layers=liverun.MAX_LAYERS)
    pos = fig.ax[name].get_position()
    return pos.x0, 1 - pos.y1, pos.x1, 1 - pos.y0


def colors_in(box, panel, colors=COLORS[:4], min_pixels=12):
    """Which of colors (matplotlib names) the canvas shows inside a panel's axes."""
    from matplotlib.colors import to_rgb
    rgb = [[round(255 * c) for c in to_rgb(name)] for name in colors]
    counts = box.evaluate("""(b, [area, rgb]) => {
        const c = b.querySelector('.jupyter-matplotlib-canvas-div canvas');
        const [x0, y0, x1, y1] = [area[0] * c.width, area[1] * c.height, area[2] * c.width, area[3] * c.height]
            .map(Math.round);
        const d = c.getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0).data;
        const n = rgb.map(() => 0);
        for (let i = 0; i < d.length; i += 4)
            rgb.forEach((q, k) => { if (Math.abs(d[i] - q[0]) + Math.abs(d[i + 1] - q[1]) + Math.abs(d[i + 2] - q[2]) < 40) n[k]++; });
        return n;
    }""", [panel_box(panel), rgb])
    return [name for name, n in zip(colors, counts) if n >= min_pixels]


def _calm(box):
    """The default run's size (quick and settled), whatever an earlier test left."""
    if harness.explorer_info(box)["drawn"]["adaptive"]:
        done = settle(box)
        harness.move(box, "adaptive")
        done()
    for name, label in (("optimizer", "sgd"), ("reduction", "sum"), ("output_activation", "leaky ReLU"),
                        ("weight_init", "uniform"), ("activation", "leaky ReLU"), ("data", "sin/cos")):
        _set_toggle(box, name, label)
    _press_until(box, "n", "ArrowLeft", lambda v: v <= 1000)
    _press_until(box, "n", "ArrowRight", lambda v: v >= 1000)
    _press_until(box, "epochs", "ArrowLeft", lambda v: v <= 300)
    _press_until(box, "lr", "ArrowLeft", lambda v: v <= 1e-5)
    # one step at a time: a drag may have left lr between decades (1.78e-5 = 10^-4.75)
    _press_until(box, "lr", "ArrowRight", lambda v: v >= 1e-5 * (1 - 1e-9), burst=1)
    _press_until(box, "leak", "ArrowRight", lambda v: v >= 1e-4)
    _press_until(box, "leak", "ArrowLeft", lambda v: v <= 1e-4)


@pytest.mark.parametrize("text, layers", [("10, 10, 10", 4), ("none", 1), ("24, 8", 3), ("10", 2)])
def test_hidden_layers_redraw_with_one_line_per_layer(pg, text, layers):
    page, box = pg
    if text == "10, 10, 10":
        _calm(box)
    before = harness.explorer_canvas(box)
    type_hidden(box, text)
    info = harness.explorer_info(box)
    assert info["drawn"]["hidden"] == list(liverun.hidden_layers(text))
    assert harness.explorer_canvas(box) != before, f"hidden {text!r} did not change the plot"
    harness.assert_plot_current(box)
    assert info["kind"] == expected_kind(info["drawn"]), info["diagnosis"]
    # one gradient line (and legend entry) per layer, in the layer colours, and no more
    assert colors_in(box, "gradients") == list(COLORS[:layers])
    assert colors_in(box, "dead") == list(COLORS[:layers])  # every layer is leaky ReLU: each can die
    assert page.console_errors == []


def test_a_bad_hidden_is_a_note_not_a_traceback(pg):
    page, box = pg
    good = box.locator(".nnlib-ctl-hidden input").input_value()
    type_hidden(box, "10, ten")
    status = harness.explorer_info(box)["status"]
    assert "hidden must be up to 3 layer sizes of 1 to 64 units" in status
    # the box is back at its last good sizes, and says so
    assert box.locator(".nnlib-ctl-hidden input").input_value() == good and "the box is back at" in status
    assert "Traceback" not in status and "File " not in status
    type_hidden(box, "10")
    info = harness.explorer_info(box)
    assert info["drawn"]["hidden"] == [10] and "error" not in info["status"]
    assert page.console_errors == []


@pytest.mark.parametrize("name, label, value", [
    ("activation", "tanh", "tanh"), ("activation", "sigmoid", "sigmoid"),
    ("data", "random targets", "random_targets"), ("data", "standardised", "sincos_standardized"),
    ("data", "sin/cos", "sincos"), ("activation", "leaky ReLU", "leaky_relu")])
def test_activation_and_data_redraw_and_the_diagnosis_follows(pg, name, label, value):
    page, box = pg
    type_hidden(box, "10")  # one hidden layer: the output's line is the second colour
    before = harness.explorer_canvas(box)
    _set_toggle(box, name, label)
    info = harness.explorer_info(box)
    assert info["drawn"][name] == value
    assert harness.explorer_canvas(box) != before, f"{name} = {value} did not change the plot"
    harness.assert_plot_current(box)
    assert info["kind"] == expected_kind(info["drawn"]), info["diagnosis"]
    if name == "activation" and value in ("tanh", "sigmoid"):
        # a tanh or sigmoid layer cannot die: the dead panel keeps the output's line only
        assert colors_in(box, "dead") == [COLORS[1]]
    assert page.console_errors == []


def fit_spread(box):
    """(spread across, spread up, pixels): the standard deviations of the fit panel's output-1
    points (the blue ones) as fractions of the panel's width and height, the legend's corner
    (upper left) left out. Equal axes limits: points along y = x spread alike both ways."""
    return box.evaluate("""(b, area) => {
        const c = b.querySelector('.jupyter-matplotlib-canvas-div canvas');
        const [x0, y0, x1, y1] = [area[0] * c.width, area[1] * c.height, area[2] * c.width, area[3] * c.height]
            .map(Math.round);
        const w = x1 - x0, h = y1 - y0, d = c.getContext('2d').getImageData(x0, y0, w, h).data;
        const xs = [], ys = [];
        for (let i = 0; i < d.length; i += 4) {
            const x = (i / 4) % w, y = Math.floor(i / 4 / w);
            if (d[i + 2] - d[i] > 50 && d[i + 2] - d[i + 1] > 15 && !(x < 0.4 * w && y < 0.35 * h)) {
                xs.push(x); ys.push(y); }
        }
        const sd = v => { const m = v.reduce((a, b) => a + b, 0) / v.length;
                          return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length); };
        return [sd(xs) / w, sd(ys) / h, xs.length];
    }""", list(panel_box("fit")))


def test_fit_panel_shows_a_flat_row_for_random_targets(pg):
    # the default net on sin/cos puts its points along y = x; on the question's random targets
    # it can learn only their mean: a flat row
    page, box = pg
    _calm(box)
    type_hidden(box, "10")
    _press_until(box, "epochs", "ArrowRight", lambda v: v >= 2000)
    _press_until(box, "seed", "ArrowLeft", lambda v: v <= 0)  # seed 0: spread 0.16 of the targets'
    assert harness.explorer_info(box)["drawn"]["lr"] == pytest.approx(1e-5)
    across, up, n = fit_spread(box)
    assert n > 100 and up > 0.6 * across, (across, up, n)   # along the diagonal
    _set_toggle(box, "data", "random targets")
    across, up, n = fit_spread(box)
    assert n > 100 and up < 0.35 * across, (across, up, n)  # flat
    _set_toggle(box, "data", "sin/cos")
    assert page.console_errors == []
