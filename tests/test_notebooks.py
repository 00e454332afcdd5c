"""The committed notebooks are what `make notebooks` makes of their sources.

nbval (configured in pyproject.toml, `--nbval-lax`) re-executes every notebook; these
tests check what nbval does not: the .ipynb matches its jupytext source cell by cell,
was executed top to bottom in one kernel, carries no widget state, has no errors or
warnings outside cells allowed to have them, and stays under 3 MB. The same holds for each
Chinese notebook, notebooks/zh/NN_name.ipynb (its code cells are the English ones; see
tests/test_translations.py for its translations), wherever its source is fully translated.
"""
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

SOURCES = build.sources()


def translated(src, lang="zh"):
    """Whether every English markdown cell of src has its lang twin (so the build makes it)."""
    try:
        build.translated_cells(build.jupytext.read(src).cells, lang)
        return True
    except build.Untranslated:
        return False


# every notebook, each edition: (source, None) is English, (source, "zh") the Chinese one
EDITIONS = [(s, None) for s in SOURCES] + [(s, "zh") for s in SOURCES
                                           if translated(s) or build.target(s, "zh").exists()]
IDS = [f"{lang}/{s.stem}" if lang else s.stem for s, lang in EDITIONS]


def committed(src, lang=None):
    path = build.target(src, lang)
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make notebooks NB={src.name[:2]}`")
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_every_notebook_has_a_source():
    built = {p.stem for p in build.NB_DIR.glob("*.ipynb")}
    assert built <= {s.stem for s in SOURCES}, "a notebook without a source in notebooks/src/"
    for lang in build.TRANSLATED:
        built = {p.stem for p in (build.NB_DIR / lang).glob("*.ipynb")}
        assert built <= {s.stem for s in SOURCES}, f"a {lang} notebook without a source in notebooks/src/"
    assert {"00_start_here", "05_gradient_checking"} <= {s.stem for s in SOURCES}


@pytest.mark.parametrize("src,lang", EDITIONS, ids=IDS)
def test_in_sync_with_source(src, lang):
    nb, want = committed(src, lang), build.convert(src, lang)
    got_cells = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]
    want_cells = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in want.cells]
    assert len(got_cells) == len(want_cells), f"rebuild: make notebooks NB={src.name[:2]}"
    for i, (got, exp) in enumerate(zip(got_cells, want_cells)):
        assert got == exp, f"cell {i} differs from {src.name}: make notebooks NB={src.name[:2]}"


@pytest.mark.parametrize("src,lang", EDITIONS, ids=IDS)
def test_executed_in_order_in_one_kernel(src, lang):
    cells = [c for c in code_cells(committed(src, lang)) if c.source.strip()]
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    for c in cells:
        for out in c.outputs:
            if "execution_count" in out:
                assert out.execution_count == c.execution_count


@pytest.mark.parametrize("src,lang", EDITIONS, ids=IDS)
def test_clean_and_small(src, lang):
    nb = committed(src, lang)
    assert "widgets" not in nb.metadata, "saved widget state: GitHub will not render it"
    assert build.target(src, lang).stat().st_size <= build.MAX_BYTES
    assert build.warnings_in(nb) == []
    for i, c in enumerate(code_cells(nb)):
        if "raises-exception" not in c.metadata.get("tags", []):
            assert not [o for o in c.outputs if o.output_type == "error"], f"code cell {i} raised"


@pytest.mark.parametrize("src,lang", EDITIONS, ids=IDS)
def test_widget_cells_are_tagged_for_nbval(src, lang):
    """A widget's output differs on every run: nbval must not compare it, even in strict mode."""
    for i, c in enumerate(code_cells(committed(src, lang))):
        if any(build.WIDGET_VIEW in o.get("data", {}) for o in c.outputs):
            tags = c.metadata.get("tags", [])
            assert {"nbval-ignore-output", "nbval-skip"} & set(tags), \
                f"code cell {i} shows a widget: tag it nbval-ignore-output in {src.name}"


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_course_structure(src):
    """Goals at the top, a summary and a link onward at the end, solutions out of the way."""
    nb = committed(src)
    text = [c.source for c in nb.cells if c.cell_type == "markdown"]
    if src.stem.startswith("07"):
        return  # the playground has its own layout (live-playground issue)
    assert "you will" in text[0].lower() or "goals" in text[0].lower()
    assert any("## Summary" in t for t in text)
    # the last notebook of the course links back to the start
    nxt = "(00_" if src == SOURCES[-1] else f"({int(src.stem[:2]) + 1:02d}_"
    assert any(nxt in t and ".ipynb)" in t for t in text), f"no link to notebook {nxt[1:]}"
    for c in code_cells(nb):
        if "solution" in c.metadata.get("tags", []):
            assert c.metadata.get("jupyter", {}).get("source_hidden"), "solution cells are collapsed"


SOLUTIONS_HEADINGS = ("## Solutions", "## 参考答案")  # the open heading that announces the answers, per language


@pytest.mark.parametrize("src,lang", EDITIONS, ids=IDS)
def test_every_answer_is_collapsed(src, lang):
    """A solution or answer key, code or markdown, is collapsed (the book hides what is
    collapsed): only the "## Solutions" heading that announces them stays open."""
    for c in committed(src, lang).cells:
        if "solution" not in c.metadata.get("tags", []) or any(h in c.source for h in SOLUTIONS_HEADINGS):
            continue
        assert c.metadata.get("jupyter", {}).get("source_hidden"), f"an open answer: {c.source[:80]!r}"


@pytest.mark.parametrize("src,lang", [e for e in EDITIONS if e[1]], ids=[i for i in IDS if "/" in i])
def test_a_translation_speaks_its_language_and_links_to_its_siblings(src, lang):
    """The language cell runs before any lesson code; links to other notebooks keep their file
    names, so in notebooks/zh/ they open the Chinese sibling; the English one is the same length."""
    nb, english = committed(src, lang), committed(src)
    code = code_cells(nb)
    first = 1 if code[0].source.startswith(build.SETUP_MARK) else 0
    assert code[first].source == build.LANGUAGE_CELL.format(lang=lang)
    assert len(nb.cells) == len(english.cells) + 1
    links = lambda book: sorted(re.findall(r"\]\((\d\d_\w+\.ipynb)", " ".join(
        c.source for c in book.cells if c.cell_type == "markdown")))
    assert links(nb) == links(english), "a translation links to other notebooks than its English cell"
