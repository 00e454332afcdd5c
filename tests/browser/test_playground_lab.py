"""The playground notebook in JupyterLab: runs clean, every control redraws the plot."""
import pytest

from . import harness


@pytest.fixture(scope="module")
def playground(browser, lab):
    """Notebook 07 opened and run once; the tests share the page (cheaper than re-running)."""
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


def test_slider_redraws_canvas(playground):
    page, box = playground
    before = harness.explorer_canvas(box)
    assert before and before.startswith("data:image/png")
    seq, _ = harness.explorer_state(box)
    harness.press(box, "lr", "ArrowRight")
    harness.wait_explorer(box, seq + 1)
    assert harness.explorer_canvas(box) != before
    assert page.console_errors == []
