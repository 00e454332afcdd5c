"""`make app`: the playground served by Voila, code hidden, driven in a real browser."""
import re
import time

import pytest

from nnlib.live import liverun

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
    # (the prose may name widgets.playground(...); the code cell's own line must not show)
    assert "widgets.playground(state=widgets.page_query())" not in body and "import" not in body
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


def _open(app, page, query):
    harness.block_external(page)
    page.goto(app.url(query), timeout=120_000)
    box = harness.explorer(page)
    box.wait_for(timeout=120_000)
    box.scroll_into_view_if_needed()
    harness.wait_explorer(box, 1)
    return box


def test_the_address_sets_the_starting_values_and_the_diagnosis_matches(app, page):
    box = _open(app, page, "?lr=0.03&output_activation=identity&n=3000")
    info = harness.explorer_info(box)
    assert {k: info["drawn"][k] for k in ("lr", "output_activation", "n")} == \
        {"lr": 0.03, "output_activation": "identity", "n": 3000}
    # what the controls show, not only what the kernel drew
    assert box.locator(".nnlib-ctl-lr .widget-readout").inner_text() == "3.0e-2"
    assert box.locator(".nnlib-ctl-n .widget-readout").inner_text() == "3,000"
    assert "mod-active" in box.locator(".nnlib-ctl-output_activation button",
                                       has_text="identity").get_attribute("class")
    expected = liverun.run(liverun.DEFAULT.replace(lr=0.03, output_activation="identity", n=3000)).diagnosis
    assert info["kind"] == expected.kind == "diverging", info["diagnosis"]
    assert box.locator(".nnlib-link input").input_value() == "?lr=0.03&n=3000&output_activation=identity"
    assert "note" not in info["status"] and "not a setting" not in info["status"]
    assert page.console_errors == [], page.console_errors


def test_a_bad_key_or_value_in_the_address_is_a_note_never_a_traceback(app, page):
    box = _open(app, page, "?speed=3&lr=fast&leak=0")
    info = harness.explorer_info(box)
    assert "'speed' is not a setting" in info["status"] and "lr=fast is not a number" in info["status"]
    assert info["drawn"]["leak"] == 0 and info["drawn"]["lr"] == liverun.DEFAULT.lr  # the rest applies
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body
    assert box.locator(".nnlib-error").count() == 0
    assert info["kind"] not in (None, "unavailable")
    assert page.console_errors == [], page.console_errors


def _watch_server(app, seconds, act=None):
    """(slowest /login answer in s, largest server RSS in MB) over `seconds`, calling act()
    between polls (act: a key press on the page)."""
    slowest, largest = 0.0, 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if act is not None:
            act()
        slowest = max(slowest, harness.login_seconds(app, timeout=3))
        largest = max(largest, harness.server_memory(app)[0])
        if slowest > 1 or largest > 300:
            break  # failed: a hung server need not be watched longer
        time.sleep(0.2)
    return slowest, largest


@pytest.mark.slow
def test_a_legacy_protocol_websocket_is_refused_and_the_server_stays_responsive(app, page):
    import websocket
    box = _open(app, page, "")
    kid = harness.kernel_id(page)
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        harness.open_kernel_socket(app, kid)  # no subprotocol: the legacy protocol
    assert refused.value.status_code == 400
    # a second client speaking v1 is still let in (the guard refuses the protocol, not clients)
    ws = harness.open_kernel_socket(app, kid, subprotocols=[harness.app_settings().V1])
    try:
        assert ws.getsubprotocol() == harness.app_settings().V1
        seq = harness.explorer_state(box)[0]
        # the reproduction's second half: keys make the kernel send PNG frames (binary messages)
        slowest, largest = _watch_server(app, 8, act=lambda: harness.press(box, "lr", "ArrowRight"))
    finally:
        ws.close()
    assert slowest < 1.0, f"/login took {slowest:.2f} s"
    assert largest < 300, f"the server grew to {largest:.0f} MB"
    harness.wait_explorer(box, seq + 1)
    harness.assert_plot_current(box)
    assert page.console_errors == [], page.console_errors



def _wait_gone(app, kids, seconds):
    """The kernels of kids still running after waiting up to `seconds` for them to go."""
    deadline = time.monotonic() + seconds
    alive = [k for k in kids if harness.kernel_alive(app, k)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.5)
        alive = [k for k in alive if harness.kernel_alive(app, k)]
    return alive


@pytest.mark.slow
def test_reloads_and_a_closed_tab_leave_no_kernel_behind(app, page):
    """The page's shutdown on leave (with its _xsrf cookie) ends each kernel at once: this
    server culls only after app/voila.py's CULL_IDLE_S (minutes), far beyond this wait."""
    box = _open(app, page, "")
    kids = [harness.kernel_id(page)]
    assert any(c["name"] == "_xsrf" for c in page.context.cookies())
    for _ in range(5):
        page.reload(timeout=120_000)
        box = harness.explorer(page)
        box.wait_for(timeout=120_000)
        harness.wait_explorer(box, 1)
        kids.append(harness.kernel_id(page))
        assert _wait_gone(app, kids[:-1], 10) == [], "a reload left its kernel running"
    assert len(set(kids)) == 6
    assert harness.kernel_alive(app, kids[-1])
    page.close(run_before_unload=True)  # as closing the tab
    assert _wait_gone(app, kids, 10) == [], "the closed tab left its kernel running"
    assert not re.search(r"\b403 (GET|POST)", app.log_text()) and "_xsrf" not in app.log_text()


@pytest.fixture(scope="module")
def culling_app(tmp_path_factory):
    """A Voila as `make app`'s, with idle kernels culled after 4 s (checked every 2 s)."""
    if harness.missing_browser() and not harness.in_ci():
        pytest.skip(harness.missing_browser())
    with harness.Voila(tmp_path_factory.mktemp("voila_cull"), "07_playground.ipynb",
                       options=["--MappingKernelManager.cull_idle_timeout=4",
                                "--MappingKernelManager.cull_interval=2"]) as server:
        yield server


@pytest.mark.slow
def test_a_kernel_whose_page_vanished_is_culled_and_a_connected_one_is_kept(culling_app, browser):
    app = culling_app
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.console_errors = harness.watch_console(pg)
        _open(app, pg, "")
        pages.append((context, pg, harness.kernel_id(pg)))
    (lost_context, _, lost), (kept_context, kept_page, kept) = pages
    lost_context.close()  # a crashed tab or a closed laptop: no shutdown request is sent
    assert harness.kernel_alive(app, lost)
    assert _wait_gone(app, [lost], 4 + 2 * 2 + 5) == [], "an idle kernel with no page was not culled"
    # the learner still on the page (connected, idle for longer than the timeout) keeps theirs
    assert harness.kernel_alive(app, kept)
    box = harness.explorer(kept_page)
    seq = harness.explorer_state(box)[0]
    harness.move(box, "lr")
    harness.wait_explorer(box, seq + 1)
    assert kept_page.console_errors == [], kept_page.console_errors
    kept_context.close()


@pytest.mark.slow
def test_the_page_is_clean_no_version_warning_no_other_host_no_start_warning(app, page):
    messages = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    harness.block_external(page)
    _open(app, page, "")
    unsatisfied = [m for m in messages if "version" in m.lower() and "satisf" in m.lower()]
    assert unsatisfied == [], unsatisfied[:3]
    elsewhere = [u for u in requests if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert elsewhere == [] and page.blocked == [], elsewhere
    assert "Warning" not in app.log_text().split("Voil", 1)[0]  # nothing before Voila's first line
    assert "DeprecationWarning" not in app.log_text()
    assert page.console_errors == [], page.console_errors


def test_lang_zh_in_the_address_serves_the_playground_in_chinese(app, page):
    """`?lang=zh`: the kernel's nnlib speaks Chinese (the controls' words), and the run's link
    leaves the language out (it is the page's, not the run's)."""
    box = _open(app, page, "?lang=zh&n=3000")
    assert box.locator(".nnlib-ctl-n .widget-label").inner_text() == "样本数 N"
    assert box.locator(".nnlib-ctl-data button", has_text="随机目标").count() == 1
    info = harness.explorer_info(box)
    assert info["drawn"]["n"] == 3000 and "not a setting" not in info["status"]
    assert box.locator(".nnlib-link input").input_value() == "?n=3000"
    assert page.console_errors == [], page.console_errors
