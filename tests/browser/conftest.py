"""Real-browser tests: JupyterLab (and Voila) driven by Debian's Chromium through playwright.

The fixtures here start every server they need on 127.0.0.1 with a token, over a temporary
copy of notebooks/, and stop it afterwards. Where Chromium (or the playwright package) is
missing, the browser tests are skipped and the run says so loudly; under CI=true a missing
browser fails the run instead, so CI can never pass by silently testing nothing.
"""
import os

import pytest

from . import harness

_MISSING = harness.missing_browser()


def pytest_collection_modifyitems(config, items):
    browser_items = [i for i in items if "tests/browser" in str(i.fspath).replace(os.sep, "/")]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if _MISSING and not harness.in_ci():
            item.add_marker(pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: {_MISSING}"))


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium against a live server")


def pytest_terminal_summary(terminalreporter):
    if _MISSING and not harness.in_ci():
        line = "!" * 78
        terminalreporter.write_line(line, red=True, bold=True)
        terminalreporter.write_line(f"BROWSER TESTS SKIPPED: {_MISSING}", red=True, bold=True)
        terminalreporter.write_line("Install it with `apt-get install chromium` (never `playwright install`).",
                                    red=True, bold=True)
        terminalreporter.write_line(line, red=True, bold=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture(scope="session")
def browser():
    if _MISSING:
        # Only reached under CI=true: elsewhere the items were marked skip.
        pytest.fail(f"CI=true but {_MISSING}: the browser tests cannot run", pytrace=False)
    with harness.launch_browser() as b:
        yield b


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server over a temporary copy of notebooks/ (see harness.Lab)."""
    if _MISSING:
        if harness.in_ci():
            pytest.fail(f"CI=true but {_MISSING}: the browser tests cannot run", pytrace=False)
        pytest.skip(_MISSING)
    root = tmp_path_factory.mktemp("lab")
    with harness.Lab(root) as server:
        yield server


@pytest.fixture
def page(browser, request):
    """A fresh page whose console errors are collected; a screenshot is kept if the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.console_errors = harness.watch_console(pg)
    yield pg
    failed = any(getattr(request.node, "rep_" + w, None) is not None
                 and getattr(request.node, "rep_" + w).failed for w in ("setup", "call"))
    if failed:
        harness.ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
        try:
            pg.screenshot(path=str(harness.ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # a crashed page must not hide the real failure
            print(f"could not save screenshot: {exc}")
    context.close()
