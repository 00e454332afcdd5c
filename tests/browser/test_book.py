"""The course's website in Chromium: served from 127.0.0.1 (a token in every path), opened
offline (any request off this machine is refused and fails the test), with a clean console."""
import functools
import http.server
import secrets
import sys
import threading
import urllib.parse

import pytest

from . import harness

sys.path.insert(0, str(harness.ROOT / "tools"))
sys.path.insert(0, str(harness.ROOT / "book" / "_ext"))
import course_links  # noqa: E402

SEARCH_WORD = "dying"  # a word of notebook 03's prose (its section "3. Dying layer by layer")


class _Handler(http.server.SimpleHTTPRequestHandler):
    token = None

    def do_GET(self):
        prefix = f"/{self.token}/"
        if not self.path.startswith(prefix):
            self.send_error(403, "token required")
            return
        self.path = "/" + self.path[len(prefix):]
        super().do_GET()

    def log_message(self, *args):  # quiet: pytest shows a failure's details
        pass


@pytest.fixture(scope="module")
def site(book_site):
    """Base URL (ending in /) of book_site served on 127.0.0.1 with a token."""
    token = secrets.token_hex(16)
    handler = functools.partial(type("Handler", (_Handler,), {"token": token}), directory=str(book_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{token}/"
    server.shutdown()
    server.server_close()


def _open(page, url, block=True):
    if block:
        harness.block_external(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _clean(page):
    assert page.blocked == [], f"the page asked the internet for {page.blocked}"
    assert page.console_errors == [], page.console_errors


def test_home_page_opens_clean_and_links_every_notebook(site, page):
    _open(page, site + "index.html")
    assert "go to infinity, or freeze" in page.locator("article h1").first.inner_text()
    names = sorted(p.stem for p in harness.NOTEBOOKS.glob("*.ipynb"))
    nav = page.locator("nav.bd-docs-nav a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(any(f"notebooks/{n}.html" in (h or "") for h in nav) for n in names), nav
    _clean(page)


def test_notebook_page_opens_clean_with_every_figure_drawn(site, page):
    _open(page, site + "notebooks/03_dead_relus.html")
    images = page.locator("article img")
    assert images.count() >= 3
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        assert img.evaluate("e => e.complete && e.naturalWidth > 0"), img.get_attribute("src")
    assert page.locator(".course-launch").first.is_visible()
    note = page.locator(".course-widget-note")
    assert note.count() == 1 and "run this notebook live" in note.inner_text()
    _clean(page)


def _search_finds_notebook_03(page, search_page, word):
    """Type word into the search page's box: a result links to notebook 03."""
    _open(page, search_page)
    box = page.locator(".bd-search-container input[name='q']")
    box.fill(word)
    box.press("Enter")
    hit = page.locator("#search-results a[href*='notebooks/03_dead_relus']")
    hit.first.wait_for(timeout=30_000)
    _clean(page)


def test_search_finds_a_word_from_notebook_03(site, page):
    assert SEARCH_WORD in (harness.NOTEBOOKS / "03_dead_relus.ipynb").read_text().lower()
    _search_finds_notebook_03(page, site + "search.html", SEARCH_WORD)


def test_chinese_search_finds_a_word_from_notebook_03(site, page):
    """The Chinese book's search page (Sphinx's zh language, jieba's words) finds notebook 03
    by a word of its Chinese prose."""
    word = "梯度"
    assert word in (harness.NOTEBOOKS / "zh" / "03_dead_relus.ipynb").read_text(encoding="utf-8")
    _search_finds_notebook_03(page, site + "zh/search.html", word)


def test_hub_form_opens_the_classroom_link_of_the_typed_hub(site, page):
    """The launch box as the book renders it once the address is set: the typed hub gets the
    same nbgitpuller link as `make classroom-link` makes."""
    import course_book
    repo = "https://github.com/someone/nn-course"
    box = course_book.launch_box("notebooks/00_start_here", repo)
    html = (f"<!doctype html><html><head><link rel='icon' href='data:,'></head><body>{box}"
            f"<script src='_static/launch.js'></script></body></html>")
    opened = []

    def hub(route):
        opened.append(route.request.url)
        route.fulfill(body="hub", content_type="text/plain")

    harness.block_external(page)  # routes added later win: the two below
    page.route(site + "launch-test.html", lambda r: r.fulfill(body=html, content_type="text/html"))
    page.route("https://hub.example.org/**", hub)
    _open(page, site + "launch-test.html", block=False)
    hub_input = page.locator("form.course-hub input[name='hub']")
    hub_input.fill("ftp://hub.example.org")  # a URL to the browser, not a hub to us: nothing opens
    page.locator("form.course-hub button").click()
    page.wait_for_timeout(300)
    assert opened == []
    hub_input.fill("https://hub.example.org/")
    page.locator("form.course-hub button").click()
    page.wait_for_url("https://hub.example.org/**")
    want = urllib.parse.urlsplit(course_links.nbgitpuller("https://hub.example.org", repo))
    got = urllib.parse.urlsplit(opened[0])
    assert (got.netloc, got.path) == (want.netloc, want.path)
    assert dict(urllib.parse.parse_qsl(got.query)) == dict(urllib.parse.parse_qsl(want.query))
    assert page.console_errors == []


def test_answer_key_and_solution_code_are_hidden_until_clicked(site, page):
    """Notebook 07: its markdown answer key and its solution code are on the page, not
    visible, and shown by one click each (the reader asks for them)."""
    _open(page, site + "notebooks/07_playground.html")
    key = page.get_by_text("when the stability readout is well above 2")
    code = page.get_by_text("exercises.check_understanding_07((default.ratio")
    assert key.count() == 1 and code.count() == 1
    assert not key.is_visible() and not code.is_visible()
    page.locator("details.answer-key > summary").first.click()
    key.wait_for(state="visible", timeout=5_000)
    assert not code.is_visible()                          # one click opens one answer
    page.locator("details.hide.above-input > summary").last.click()
    code.wait_for(state="visible", timeout=5_000)
    _clean(page)
