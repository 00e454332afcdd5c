"""The course's website (`make book`): built once from the tracked files (fixture book_site).

Every notebook has its page with every figure; no internal link is broken; the home page
carries the README's story; the live explorers show their still figure and a note; the
launch links follow the repository's address; the teacher's page quotes the measured cost
and 00's times; no page asks the internet for anything.
"""
import base64
import hashlib
import json
import math
import re
import sys
import urllib.parse
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import course_links  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
STORY_END = "<!-- book: the website's home page quotes this README up to here -->"


class Page(HTMLParser):
    """One HTML page: its links (tag, attribute, value), element ids, visible text, and events
    (('img', src) / ('id', id) / ('note', href)) in document order."""

    def __init__(self, path):
        super().__init__()
        self.links, self.ids, self.text, self.events, self._skip = [], set(), [], [], 0
        self.feed(Path(path).read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append((tag, key, a[key]))
        if a.get("id"):
            self.ids.add(a["id"])
            self.events.append(("id", a["id"]))
        if tag == "img":
            self.events.append(("img", a.get("src")))
        if tag == "a" and "course-still" in (a.get("class") or ""):
            self.events.append(("note", a["href"]))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def plain(self):
        return normalise("".join(self.text))


def normalise(text):
    """Whitespace collapsed, typographic quotes made plain (Sphinx's smartquotes)."""
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", text).strip()


def page_of(site, nb_path):
    return site / "notebooks" / (Path(nb_path).stem + ".html")


def sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def pages(book_site):
    # _static/ holds the theme's template macros (*.html), not pages
    return {p: Page(p) for p in sorted(book_site.rglob("*.html")) if "_static" not in p.parts}


def test_every_notebook_has_its_page_with_its_title(book_site, pages):
    assert len(NOTEBOOKS) >= 8
    for nb_path in NOTEBOOKS:
        page = page_of(book_site, nb_path)
        assert page.exists(), f"no page for {nb_path.name}"
        first = nbformat.read(nb_path, as_version=4).cells[0].source.splitlines()[0]
        assert first.startswith("# ")
        assert normalise(first[2:]) in pages[page].plain()


def test_every_figure_of_every_notebook_is_on_its_page(book_site, pages):
    total = 0
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        figures = Counter(sha(base64.b64decode(o["data"]["image/png"])) for c in nb.cells
                          if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {}))
        page = page_of(book_site, nb_path)
        shown = Counter(sha((page.parent / urllib.parse.unquote(src)).read_bytes())
                        for tag, key, src in pages[page].links if tag == "img" and src.endswith(".png"))
        assert shown == figures, f"{nb_path.name}: figures missing or extra on its page"
        total += sum(figures.values())
    # a notebook may have no figure (08 is all text reports); the course as a whole has many
    assert total >= 2 * len(NOTEBOOKS), f"only {total} figures in {len(NOTEBOOKS)} notebooks"


def test_no_internal_link_is_broken(book_site, pages):
    broken = []
    for page, parsed in pages.items():
        for tag, key, value in parsed.links:
            url = urllib.parse.urlsplit(value)
            if url.scheme or value.startswith("//"):
                continue  # external, or mailto:/data: (test_no_page_loads_from_the_internet)
            target = (page.parent / urllib.parse.unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or book_site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(book_site)}: {value}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(book_site)}: {value} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_no_page_loads_from_the_internet(book_site, pages):
    """Scripts, styles, fonts and images are all in the site: it reads offline, behind any firewall."""
    external = [(p.name, tag, v) for p, parsed in pages.items() for tag, key, v in parsed.links
                if tag != "a" and (urllib.parse.urlsplit(v).scheme in ("http", "https") or v.startswith("//"))]
    assert not external, external
    for css in book_site.glob("_static/**/*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(errors="replace")), css


def _story():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert STORY_END in readme, "README.md lost the marker where the book's home page stops quoting it"
    story = readme.split(STORY_END)[0]
    paragraphs = [p for p in story.split("\n\n") if p.strip()]
    return [normalise(re.sub(r"^#+ |[*`]", "", re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", p))) for p in paragraphs]


def test_home_page_carries_the_readme_story(book_site, pages):
    story = _story()
    assert len(story) >= 3 and len(" ".join(story)) > 500  # the title and two paragraphs at least
    home = pages[book_site / "index.html"].plain()
    for paragraph in story:
        assert paragraph in home, f"the home page lacks: {paragraph[:80]}..."


def test_home_page_lists_every_notebook_and_the_teachers_page(book_site, pages):
    hrefs = {v for tag, key, v in pages[book_site / "index.html"].links if tag == "a"}
    for nb_path in NOTEBOOKS:
        assert f"notebooks/{nb_path.stem}.html" in hrefs
    assert "teachers.html" in hrefs


def test_each_explorer_shows_its_still_figure_and_how_to_make_it_live(book_site, pages):
    seen = 0
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        widgets = sum(WIDGET in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        parsed = pages[page_of(book_site, nb_path)]
        notes = [href for kind, href in parsed.events if kind == "note"]
        assert len(notes) == widgets, nb_path.name
        assert parsed.plain().count("A live explorer stands here") == widgets
        assert "run this notebook live" in parsed.plain() or not widgets
        for href in notes:  # the note links to a figure that comes before it on the page
            at = parsed.events.index(("id", href.lstrip("#")))
            img = next((e for e in parsed.events[at + 1:] if e[0] in ("img", "note")), None)
            assert img is not None and img[0] == "img", f"{nb_path.name}: {href} is not a figure"
            assert at < parsed.events.index(("note", href))
        seen += widgets
        assert "widget-view+json" not in page_of(book_site, nb_path).read_text()
    assert seen >= 5


def test_launch_links_follow_the_repository_address(book_site, pages):
    repo = course_links.repository()
    for nb_path in NOTEBOOKS:
        parsed = pages[page_of(book_site, nb_path)]
        text, hrefs = parsed.plain(), {v for tag, key, v in parsed.links if tag == "a"}
        assert "make lab" in text and f"notebooks/{nb_path.name}" in text
        if repo is None:
            assert "the repository's public address is not set yet" in text
            assert not any("mybinder.org" in h or "git-pull" in h for h in hrefs)
        else:
            assert course_links.binder_lab(repo, f"notebooks/{nb_path.name}") in hrefs
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "&lt;owner&gt;" not in html and "<owner>" not in html, page


def test_teachers_page_quotes_the_measured_class_cost(book_site, pages):
    cost = json.loads((ROOT / "benchmarks" / "class_cost.json").read_text())
    text = pages[book_site / "teachers.html"].plain()
    gb = math.ceil(30 * (cost["kernel_peak_rss_mb"] + cost["server_rss_mb"]) / 1024 * 2) / 2
    assert 1 <= gb <= 100
    assert f"A class of 30 needs about {gb:g} GB" in text
    for key in ("kernel_rss_after_cells_mb", "kernel_rss_after_moves_mb", "kernel_peak_rss_mb", "server_rss_mb"):
        assert f"{cost[key]:.0f} MB" in text, key
    assert f"{cost['cpu_s_per_move_median']:.2f} s" in text
    assert cost["measured"] in text and cost["command"] in text
    assert "classroom-link" in text and "TagRemovePreprocessor" in text and "make app" in text


def test_teachers_page_quotes_the_app_soak_and_the_culling(book_site, pages):
    soak = json.loads((ROOT / "benchmarks" / "app_soak.json").read_text())
    text = pages[book_site / "teachers.html"].plain()
    gb = math.ceil((30 * soak["kernel_peak_rss_mb"] + soak["server_rss_mb"]["max"]) / 1024 * 2) / 2
    assert f"A class of 30 on one app server needs about {gb:g} GB" in text
    assert f"{soak['kernel_peak_rss_mb']:.0f} MB" in text and f"slowest {soak['key_to_idle_s']['max']:.2f} s" in text
    assert soak["measured"] in text and soak["command"] in text
    config = (ROOT / "app" / "voila.py").read_text()
    idle = int(re.search(r"^CULL_IDLE_S = (\d+)", config, re.M).group(1))
    assert f"after {idle / 60:g} minutes idle with no page connected" in text


def test_teachers_page_takes_the_times_from_notebook_00(book_site, pages):
    nb = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    rows = [ln for c in nb.cells if c.cell_type == "markdown" and "## The map" in c.source
            for ln in c.source.split("## The map", 1)[1].splitlines() if ln.startswith("| [")]
    assert len(rows) >= 7
    parsed = pages[book_site / "teachers.html"]
    text = parsed.plain()
    for row in rows:
        cells = [normalise(re.sub(r"\[([^]]*)\]\([^)]*\)|[*`]", r"\1", c)) for c in row.strip("|").split("|")]
        assert " ".join(cells) in text, row
        name = re.search(r"\((\d\d_[^)]+)\.ipynb\)", row).group(1)
        assert any(v == f"notebooks/{name}.html" for tag, key, v in parsed.links), name


def test_code_collapsed_in_jupyterlab_is_collapsed_in_the_book(book_site):
    """Worked solutions: their code is hidden until the reader opens it, as in JupyterLab."""
    total = 0
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        hidden = sum(c.cell_type == "code" and bool(c.metadata.get("jupyter", {}).get("source_hidden"))
                     for c in nb.cells)
        html = page_of(book_site, nb_path).read_text(encoding="utf-8")
        assert len(re.findall(r'class="cell [^"]*tag_hide-input', html)) == hidden, nb_path.name
        total += hidden
    assert total >= 5


class Hidden(HTMLParser):
    """The text of a page that is not inside a <details> element (what shows before a click)."""

    def __init__(self, path):
        super().__init__()
        self.depth, self.skip, self.shown = 0, 0, []
        self.feed(Path(path).read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "details"
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.depth -= tag == "details"
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.depth and not self.skip:
            self.shown.append(data)

    def plain(self):
        return normalise("".join(self.shown))


def first_words(markdown, n=8):
    """The first n words of a markdown cell's text, as the page shows them (no markup)."""
    text = re.sub(r"[*`]|^\s*[-#]+\s*", "", markdown, flags=re.M)
    return normalise(" ".join(text.split()[:n]))


def test_answer_keys_are_hidden_until_asked_for(book_site, pages):
    """Every collapsed markdown cell (an answer key) is on its page, but only inside a
    closed <details>: a reader who has not clicked does not see it."""
    keys = 0
    for nb_path in NOTEBOOKS:
        cells = [c for c in nbformat.read(nb_path, as_version=4).cells
                 if c.cell_type == "markdown" and c.metadata.get("jupyter", {}).get("source_hidden")]
        page = page_of(book_site, nb_path)
        shown, everything = Hidden(page).plain(), pages[page].plain()
        for c in cells:
            words = first_words(c.source)
            assert words in everything, (nb_path.name, words)      # on the page ...
            assert words not in shown, (nb_path.name, words)       # ... but not before a click
            keys += 1
    assert keys >= 2                                               # 05's bug and 07's key, at least


def test_a_hidden_markdown_cell_is_a_closed_details_element():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import course_book
    out = course_book.hidden_markdown("- **It will explode** when ...")
    assert out.startswith('<details class="answer-key">') and out.endswith("</details>")
    assert " open" not in out.split(">", 1)[0]
    with pytest.raises(ValueError, match="heading"):
        course_book.hidden_markdown("## Answer key\n- a")


# -- the Chinese edition (build/book/zh/) ----------------------------------------------------
def translation_of(page, parsed):
    """The target of a page's link to its translation (class course-lang-link), resolved."""
    html = page.read_text(encoding="utf-8")
    m = re.search(r"<a class='course-lang-link'[^>]*href='([^']+)'", html)
    return (page.parent / m.group(1)).resolve() if m else None


def test_each_page_links_to_its_translation_and_back(book_site, pages):
    zh = book_site / "zh"
    pairs = [("index.html", "index.html"), ("teachers.html", "teachers.html")] + [
        (f"notebooks/{p.stem}.html", f"notebooks/{p.stem}.html") for p in (zh / "notebooks").glob("*.html")]
    assert len(pairs) >= 3, "no Chinese notebook page (the fixture plants 03)"
    for en, cn in pairs:
        assert translation_of(book_site / en, pages[book_site / en]) == (zh / cn).resolve(), en
        assert translation_of(zh / cn, pages[zh / cn]) == (book_site / en).resolve(), cn
    # an English notebook with no Chinese twin has no link to one
    lonely = [p for p in NOTEBOOKS if not (zh / "notebooks" / f"{p.stem}.html").exists()]
    assert all(translation_of(page_of(book_site, p), None) is None for p in lonely)
    # the README's link to its Chinese version, quoted by the home page, opens the Chinese book
    assert any(v == "zh/index.html" for tag, key, v in pages[book_site / "index.html"].links if tag == "a")


def test_the_chinese_book_is_chinese(book_site, pages):
    from book_build import PLANTED_TITLE

    zh = book_site / "zh"
    assert '<html lang="zh-CN"' in (zh / "index.html").read_text(encoding="utf-8")
    home = pages[zh / "index.html"].plain()
    assert "一位学习者用 NumPy 写了一个小型全连接网络" in home and "课程" in home
    notebook = zh / "notebooks" / "03_dead_relus.html"
    if not (ROOT / "notebooks" / "zh" / "03_dead_relus.ipynb").exists():  # the planted one
        assert normalise(PLANTED_TITLE) in pages[notebook].plain()
    text = pages[notebook].plain()
    assert "notebooks/zh/03_dead_relus.ipynb" in text and "运行本页" in text   # the launch box, in Chinese
    english = nbformat.read(ROOT / "notebooks" / "03_dead_relus.ipynb", as_version=4)
    widgets = sum(WIDGET in o.get("data", {}) for c in english.cells if c.cell_type == "code" for o in c.outputs)
    assert widgets and text.count("这里是一个交互式探索器") == widgets and "A live explorer" not in text
    glossary = pages[zh / "glossary.html"].plain()
    for term in ("学习率", "代价", "轮", "死亡单元", "临界学习率", "迭代周期"):
        assert term in glossary, term


def test_the_teachers_page_is_translated_with_the_same_numbers(book_site, pages):
    en, zh = pages[book_site / "teachers.html"].plain(), pages[book_site / "zh" / "teachers.html"].plain()
    assert "教师指南" in zh and "一个班级的开销" in zh and "For teachers" not in zh
    cost = json.loads((ROOT / "benchmarks" / "class_cost.json").read_text())
    soak = json.loads((ROOT / "benchmarks" / "app_soak.json").read_text())
    for number in (f"{cost['kernel_peak_rss_mb']:.0f} MB", f"{cost['cpu_s_per_move_median']:.2f} s",
                   f"{soak['key_to_idle_s']['max']:.2f} s", cost["measured"], soak["measured"]):
        assert number in en and number in zh, number
    gb = re.search(r"A class of 30 needs about ([\d.]+) GB", en).group(1)
    assert f"一个 30 人的班级大约需要 {gb} GB" in zh
    assert "make app LANG=zh" in zh


def search_terms(site):
    """{term: [page names]} of a Sphinx site's search index (searchindex.js)."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    names = index["docnames"]
    as_list = lambda v: v if isinstance(v, list) else [v]
    found = {}
    for kind in ("terms", "titleterms"):  # words of the text and of the headings
        for t, v in index[kind].items():
            found.setdefault(t, []).extend(names[i] for i in as_list(v))
    return found


def test_chinese_search_finds_chinese_words(book_site):
    """Sphinx's zh search with jieba: words, not whole sentences, are the index's terms, so a
    word from notebook 03 and one from the teacher's page are found on their pages."""
    terms = search_terms(book_site / "zh")
    assert "notebooks/03_dead_relus" in terms.get("梯度", []), "a word of notebook 03 is not found"
    assert "teachers" in terms.get("投影仪", []), "a word of the teacher's page is not found"
    assert "teachers" in terms.get("回收", [])
    assert not any(len(t) > 12 and re.search(r"[\u4e00-\u9fff]{12}", t) for t in terms), \
        "an unsegmented run of Chinese text in the index: is jieba installed?"


def without_chinese_notebooks(clone):
    """Take the Chinese notebooks out of a copy of the course, as before any was translated
    (notebooks/zh/ keeps its other files: the glossary lives there)."""
    for nb in (Path(clone) / "notebooks" / "zh").glob("*.ipynb"):
        nb.unlink()


def test_the_chinese_book_builds_before_any_notebook_is_translated(tmp_path):
    """No Chinese notebook yet (a copy of the course without notebooks/zh/*.ipynb): the build
    passes (-W) and the home page says so, linking home; the English pages link to no translation."""
    from book_build import build

    site = build(tmp_path, plant=without_chinese_notebooks)
    assert not list((tmp_path / "clone" / "notebooks" / "zh").glob("*.ipynb"))
    home = Page(site / "zh" / "index.html")
    assert "这里还没有构建好的中文笔记本" in home.plain()
    assert any(v == "../index.html" for tag, key, v in home.links if tag == "a")
    assert not (site / "zh" / "notebooks").exists()
    assert all(translation_of(page_of(site, p), None) is None for p in NOTEBOOKS)


def test_an_empty_notebook_list_becomes_a_sentence():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import course_book
    source = (ROOT / "book" / "zh" / "index.md").read_text(encoding="utf-8")
    empty = {"lang": "zh", "pages": ["index", "teachers"]}
    out = course_book.without_empty_notebook_list(source, empty)
    assert "notebooks/*" not in out and "这里还没有构建好的中文笔记本" in out and "teachers" in out
    full = {"lang": "zh", "pages": ["index", "notebooks/03_dead_relus"]}
    assert course_book.without_empty_notebook_list(source, full) == source
