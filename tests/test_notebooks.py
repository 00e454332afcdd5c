"""The committed notebooks are what `make notebooks` makes of their sources.

nbval (configured in pyproject.toml, `--nbval-lax`) re-executes every notebook; these
tests check what nbval does not: the .ipynb matches its jupytext source cell by cell,
was executed top to bottom in one kernel, carries no widget state, has no errors or
warnings outside cells allowed to have them, and stays under 3 MB.
"""
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

SOURCES = build.sources()


def committed(src):
    path = build.target(src)
    if not path.exists():
        pytest.fail(f"{path.name} is missing: run `make notebooks NB={src.name[:2]}`")
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_every_notebook_has_a_source():
    built = {p.stem for p in build.NB_DIR.glob("*.ipynb")}
    assert built <= {s.stem for s in SOURCES}, "a notebook without a source in notebooks/src/"
    assert {"00_start_here", "05_gradient_checking"} <= {s.stem for s in SOURCES}


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_in_sync_with_source(src):
    nb, want = committed(src), build.convert(src)
    got_cells = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]
    want_cells = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in want.cells]
    assert len(got_cells) == len(want_cells), f"rebuild: make notebooks NB={src.name[:2]}"
    for i, (got, exp) in enumerate(zip(got_cells, want_cells)):
        assert got == exp, f"cell {i} differs from {src.name}: make notebooks NB={src.name[:2]}"


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_executed_in_order_in_one_kernel(src):
    cells = [c for c in code_cells(committed(src)) if c.source.strip()]
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    for c in cells:
        for out in c.outputs:
            if "execution_count" in out:
                assert out.execution_count == c.execution_count


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_clean_and_small(src):
    nb = committed(src)
    assert "widgets" not in nb.metadata, "saved widget state: GitHub will not render it"
    assert build.target(src).stat().st_size <= build.MAX_BYTES
    assert build.warnings_in(nb) == []
    for i, c in enumerate(code_cells(nb)):
        if "raises-exception" not in c.metadata.get("tags", []):
            assert not [o for o in c.outputs if o.output_type == "error"], f"code cell {i} raised"


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_widget_cells_are_tagged_for_nbval(src):
    """A widget's output differs on every run: nbval must not compare it, even in strict mode."""
    for i, c in enumerate(code_cells(committed(src))):
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


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_answer_is_collapsed(src):
    """A solution or answer key, code or markdown, is collapsed (the book hides what is
    collapsed): only the "## Solutions" heading that announces them stays open."""
    for c in committed(src).cells:
        if "solution" not in c.metadata.get("tags", []) or "## Solutions" in c.source:
            continue
        assert c.metadata.get("jupyter", {}).get("source_hidden"), f"an open answer: {c.source[:80]!r}"
