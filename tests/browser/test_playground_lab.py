"""The playground notebook (07) in JupyterLab: it runs clean, every control retrains and
redraws the plot, the diagnosis follows the run, rapid moves coalesce, extremes are capped.

The tests share one page (opening JupyterLab and running the notebook is the slow part),
so each one states what it needs rather than assuming the state an earlier test left.
"""
import pytest

from nnlib.live import liverun, runlink

from . import harness

SLIDERS = ["lr", "leak", "bias_init", "n", "epochs", "seed"]
TOGGLES = ["reduction", "output_activation", "weight_init", "adaptive", "optimizer"]
START = "lr=0.03&output_activation=identity"  # diverges with the summed cost; the mean converges


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


def _press_until(box, name, key, want):
    """Press key on a slider until the kernel has drawn a value satisfying want.

    lr is pressed in bursts (one settle per burst): it has many steps per decade.
    """
    handle = box.locator(f".nnlib-ctl-{name} .noUi-handle")
    burst = 4 if name == "lr" else 1
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
    assert sorted(harness.control_names(box)) == sorted(SLIDERS + TOGGLES)


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
    expected = runlink.state(liverun.settings(**info["drawn"]))
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
    assert _link(box) == "?" + START.replace("&output", "&reduction=mean&output")
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
