"""Colab: each notebook's first cell installs nnlib there and nowhere else, and the "Open in
Colab" links are made from pyproject.toml's one address (tools/course_links.py).

Colab itself cannot be reached from here: its kernel is imitated by a `google.colab` module
in sys.modules (which Colab's kernels load) and a recorder in place of pip.
"""
import importlib.util
import subprocess
import sys
import types
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import course_links  # noqa: E402

REPO = "https://github.com/someone/nn-course"
FIND_SPEC = importlib.util.find_spec


def test_every_notebook_starts_with_the_setup_cell_the_tool_writes():
    repo = course_links.repository()
    sources = sorted((ROOT / "notebooks" / "src").glob("*.py"))
    assert len(sources) >= 9
    for src in sources:
        text = src.read_text(encoding="utf-8")
        first_code = text[text.index("\n# %%\n") + 1:].split("\n\n# %%")[0]
        assert first_code == course_links.setup_cell(repo), \
            f"{src.name}: run python3 tools/course_links.py notebooks, then rebuild it"
        assert "%matplotlib" not in text, f"{src.name}: notebook.setup() chooses the backend"
    assert course_links.main(["notebooks", "--check"]) == 0


def run_cell(source, monkeypatch, colab, nnlib_installed, pip=None):
    """exec a setup cell in a fresh namespace; returns the pip commands it ran (recorded in
    ``pip`` as they run, so a caller sees them even when the cell raises)."""
    pip = [] if pip is None else pip
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: pip.append(cmd))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: (
        None if name == "nnlib" and not nnlib_installed else FIND_SPEC(name, *a)))
    if colab:
        module = types.ModuleType("google.colab")
        module.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: pip.append("widgets on"))
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", module)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(source.removeprefix("# %%\n"), {})
    return pip


@pytest.mark.parametrize("repo", [None, REPO])
def test_the_setup_cell_installs_nothing_on_this_machine(repo, monkeypatch):
    assert run_cell(course_links.setup_cell(repo), monkeypatch, colab=False, nnlib_installed=True) == []
    # nor on a machine without nnlib (outside the repository's environment): the import says so
    pip = []
    monkeypatch.setitem(sys.modules, "nnlib.live", None)  # as if absent
    with pytest.raises(ModuleNotFoundError, match="halted"):  # the import's error, not the cell's own
        run_cell(course_links.setup_cell(repo), monkeypatch, colab=False, nnlib_installed=False, pip=pip)
    assert pip == []  # nothing was installed before the import failed


def test_on_colab_the_setup_cell_installs_nnlib_from_the_repository_and_turns_widgets_on(monkeypatch):
    pip = run_cell(course_links.setup_cell(REPO), monkeypatch, colab=True, nnlib_installed=False)
    assert pip[0] == [sys.executable, "-m", "pip", "install", "-q", f"nnlib @ git+{REPO}@main"]
    assert pip[1:] == ["widgets on"]
    # already installed there (the cell run twice): nothing installed again
    pip = run_cell(course_links.setup_cell(REPO), monkeypatch, colab=True, nnlib_installed=True)
    assert pip == ["widgets on"]


def test_on_colab_without_an_address_the_cell_says_why_it_cannot_install(monkeypatch):
    with pytest.raises(ModuleNotFoundError, match="address is not set"):
        run_cell(course_links.setup_cell(None), monkeypatch, colab=True, nnlib_installed=False)


def test_colab_links_open_each_notebook_from_github():
    link = course_links.colab(REPO, "notebooks/07_playground.ipynb")
    parts = urllib.parse.urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "colab.research.google.com")
    assert parts.path == "/github/someone/nn-course/blob/main/notebooks/07_playground.ipynb"
    assert not parts.query and not parts.fragment
    assert course_links.colab("https://gitlab.example.org/a/b") is None


def test_readme_block_has_a_colab_link_per_notebook_once_the_address_is_set():
    assert "Colab link" in course_links.readme_block(None) and "colab.research" not in course_links.readme_block(None)
    block = course_links.readme_block(REPO)
    for nb in course_links.notebooks():
        assert f"]({course_links.colab(REPO, nb)})" in block, nb
    assert len(course_links.notebooks()) == len(list((ROOT / "notebooks" / "src").glob("*.py")))
    assert "Colab opens notebooks from GitHub only" in course_links.readme_block("https://gitlab.example.org/a/b")


def test_rewriting_a_source_replaces_its_setup_cell_and_keeps_the_rest():
    text = "# %% [markdown]\n# # Title\n\n# %%\nimport numpy as np\n\n# %%\nx = 1\n"
    once = course_links.rewrite_source(text, None)
    assert once.startswith("# %% [markdown]\n# # Title\n\n" + course_links.setup_cell(None) + "\n\n# %%\nimport numpy")
    assert course_links.rewrite_source(once, None) == once
    moved = course_links.rewrite_source(once, REPO)
    assert moved == once.replace(course_links.setup_cell(None), course_links.setup_cell(REPO))


def test_the_books_launch_links_open_the_page_in_colab_once_the_address_is_set():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import course_book
    box = course_book.launch_box("notebooks/03_dead_relus", REPO)
    assert f"href='{course_links.colab(REPO, 'notebooks/03_dead_relus.ipynb')}'" in box
    unset = course_book.launch_box("notebooks/03_dead_relus", None)
    assert "colab.research" not in unset and "Colab" in unset and "not set yet" in unset
