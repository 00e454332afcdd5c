"""Every public link to the course comes from pyproject.toml's one address (tools/course_links.py)."""
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import course_links  # noqa: E402

REPO = "https://github.com/someone/nn-course"
PYPROJECT_SET = f'[project]\nname = "x"\n\n[project.urls]\nRepository = "{REPO}.git/"\n\n[tool.x]\na = 1\n'


def test_readme_links_block_is_what_the_tool_writes():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert course_links.rewrite_readme(text, course_links.repository()) == text, \
        "README.md's links are stale: run python3 tools/course_links.py readme"


def test_no_placeholder_address_anywhere_a_reader_looks():
    for path in [ROOT / "README.md", *sorted((ROOT / "book").glob("*.md")), *sorted(ROOT.glob("notebooks/src/*.py"))]:
        text = path.read_text(encoding="utf-8")
        assert "<owner>" not in text and "<repo>" not in text, path


@pytest.mark.parametrize("text, expected", [
    (PYPROJECT_SET, REPO + ".git/"),
    ('[project.urls]\n# Repository = "https://example.org/a"\n', ""),
    ('[project]\nname = "x"\n', ""),
    ('[project.urls]\nHomepage = "https://a.org"\n[tool.y]\nRepository = "https://b.org/c"\n', ""),
])
def test_the_address_is_read_the_same_with_or_without_tomllib(text, expected, tmp_path):
    assert course_links.read_by_hand(text) == expected
    (tmp_path / "pyproject.toml").write_text(text)
    want = expected.rstrip("/").removesuffix(".git") or None
    assert course_links.repository(tmp_path / "pyproject.toml") == want


def test_an_invalid_address_is_a_value_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project.urls]\nRepository = "github.com/a/b"\n')
    with pytest.raises(ValueError, match="Repository"):
        course_links.repository(tmp_path / "pyproject.toml")


def test_binder_links_open_the_notebook_in_lab_and_the_app_in_voila():
    assert course_links.binder_lab(REPO) == (
        "https://mybinder.org/v2/gh/someone/nn-course/main?urlpath=lab/tree/notebooks/00_start_here.ipynb")
    assert course_links.binder_app(REPO) == (
        "https://mybinder.org/v2/gh/someone/nn-course/main?urlpath=voila/render/notebooks/07_playground.ipynb")
    other = course_links.binder_lab("https://gitlab.example.org/a/b")
    assert other.startswith("https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.example.org%2Fa%2Fb.git/main?")


@pytest.mark.parametrize("hub", ["https://hub.example.org", "https://hub.example.org/", " http://hub.school.test:8000 "])
def test_classroom_link_pulls_the_repository_and_opens_00(hub):
    link = course_links.nbgitpuller(hub, REPO)
    parts = urllib.parse.urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == hub.strip().rstrip("/")
    assert parts.path == "/hub/user-redirect/git-pull"
    query = dict(urllib.parse.parse_qsl(parts.query))
    assert query == {"repo": REPO, "branch": "main", "urlpath": "lab/tree/nn-course/notebooks/00_start_here.ipynb"}


@pytest.mark.parametrize("hub", ["", None, "hub.example.org", "ftp://hub.example.org", "https://",
                                 "https://hub.example.org/?x=1", "https://hub example.org"])
def test_classroom_link_refuses_a_bad_hub(hub):
    with pytest.raises(ValueError, match="HUB"):
        course_links.nbgitpuller(hub, REPO)


def _make(*args):
    return subprocess.run(["make", "-s", "-C", str(ROOT), "classroom-link", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("args, message", [
    ([], "HUB is missing"), (["HUB="], "HUB is missing"),
    (["HUB=hub.example.org"], "HUB must be an address like https://"),
])
def test_make_classroom_link_refuses_a_missing_or_invalid_hub(args, message):
    r = _make(*args)
    assert r.returncode != 0 and message in r.stderr and r.stdout == "", r


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_classroom_link_says_when_the_address_is_not_set():
    r = _make("HUB=https://hub.example.org")
    if course_links.repository() is None:
        assert r.returncode != 0 and "not set yet" in r.stderr and r.stdout == "", r
    else:
        assert r.returncode == 0 and r.stdout.strip() == course_links.nbgitpuller(
            "https://hub.example.org", course_links.repository())


def test_once_the_address_is_set_every_link_follows_it(tmp_path):
    """A copy of the tool beside a pyproject with an address: the CLI's classroom link and README."""
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "course_links.py", tmp_path / "tools")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT_SET)
    (tmp_path / "README.md").write_text(f"# t\n\n{course_links.readme_block(None)}\n\nrest\n")
    tool = [sys.executable, str(tmp_path / "tools" / "course_links.py")]
    r = subprocess.run(tool + ["classroom", "https://hub.example.org/"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == course_links.nbgitpuller("https://hub.example.org", REPO)
    assert subprocess.run(tool + ["readme", "--check"], capture_output=True).returncode == 1  # now stale
    assert subprocess.run(tool + ["readme"]).returncode == 0
    readme = (tmp_path / "README.md").read_text()
    assert course_links.binder_lab(REPO) in readme and course_links.binder_app(REPO) in readme
    assert "not set" not in readme and readme.endswith("\n\nrest\n")
    assert subprocess.run(tool + ["readme", "--check"]).returncode == 0
