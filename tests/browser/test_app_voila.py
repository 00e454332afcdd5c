"""`make app`: the playground served by Voila, code hidden, driven in a real browser."""
import pytest

from . import harness


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if harness.missing_browser() and not harness.in_ci():
        pytest.skip(harness.missing_browser())
    with harness.Voila(tmp_path_factory.mktemp("voila"), "07_playground.ipynb") as server:
        yield server


def test_app_shows_the_playground_without_code_and_it_answers(app, page):
    harness.block_external(page)
    page.goto(app.url(""), timeout=120_000)
    box = harness.explorer(page)
    box.wait_for(timeout=120_000)
    box.scroll_into_view_if_needed()
    harness.wait_explorer(box, 1)
    # code hidden: none of the notebook's source reaches the page
    body = page.inner_text("body")
    assert "widgets.playground()" not in body and "import" not in body
    assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
    assert page.locator("img").count() >= 1, "the static figure is missing"
    before = harness.explorer_canvas(box)
    seq = harness.explorer_state(box)[0]
    harness.move(box, "lr")
    harness.wait_explorer(box, seq + 1)
    assert harness.explorer_canvas(box) != before
    harness.assert_plot_current(box)
    assert harness.explorer_info(box)["kind"] not in (None, "unavailable")
    assert page.console_errors == [], page.console_errors
    assert all(not u.startswith("http://127.0.0.1") for u in page.blocked)
