"""Every public link to the course, made from the one place its address is written.

The repository's public address is ``[project.urls] Repository`` in pyproject.toml. The
README's badges, the book's launch links, the "Open in Colab" links, the classroom link for
a JupyterHub and the notebooks' first cell (which installs nnlib on Colab) are all made here
from it; while it is empty they say that it is not set, never a placeholder.

    python3 tools/course_links.py readme           # rewrite the README's links block
    python3 tools/course_links.py readme --check   # exit 1 if the README is stale
    python3 tools/course_links.py notebooks [--check]   # the same for each notebooks/src/*.py's first code cell
    python3 tools/course_links.py classroom https://hub.example.org   # nbgitpuller link to 00

Standard library only, so `make classroom-link` needs no virtual environment.
"""
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRANCH = "main"
START = "notebooks/00_start_here.ipynb"
APP = "notebooks/07_playground.ipynb"
BINDER = "https://mybinder.org"
COLAB = "https://colab.research.google.com"
SOURCES = ROOT / "notebooks" / "src"
NOT_SET = ("the repository's public address is not set yet (`pyproject.toml` has no "
           "`Repository` under `[project.urls]`)")
README_BEGIN = "<!-- course-links: written by `python3 tools/course_links.py readme` from pyproject.toml; do not edit -->"
README_END = "<!-- /course-links -->"


def repository(pyproject=ROOT / "pyproject.toml"):
    """The public address (str, no trailing slash or .git), or None while it is not set."""
    text = Path(pyproject).read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        url = read_by_hand(text)
    else:
        url = tomllib.loads(text).get("project", {}).get("urls", {}).get("Repository", "")
    url = url.strip().rstrip("/")
    if not url:
        return None
    check_url(url, "[project.urls] Repository in pyproject.toml")
    return url[:-4] if url.endswith(".git") else url


def read_by_hand(text):
    """`Repository = "..."` under [project.urls] in pyproject text, or "" (for Python < 3.11)."""
    table = re.search(r"^\[project\.urls\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    line = re.search(r'^Repository\s*=\s*"([^"]*)"', table.group(1), re.M) if table else None
    return line.group(1) if line else ""


def check_url(url, what):
    """Raise ValueError naming `what` unless url is an http(s) address with a host."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise ValueError(f"{what} must be an address like https://example.org, got {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"{what} must be a plain address without '?' or '#', got {url!r}")
    return url


def repo_dir(repo):
    """The folder nbgitpuller clones repo into (its last path part)."""
    return urllib.parse.urlsplit(repo).path.rstrip("/").split("/")[-1]


def binder(repo, urlpath):
    """A mybinder.org link that builds repo (GitHub or any git host) and opens urlpath."""
    parts = urllib.parse.urlsplit(repo)
    if parts.netloc == "github.com":
        spec = "gh" + parts.path.rstrip("/")
    else:
        spec = "git/" + urllib.parse.quote(repo + ".git", safe="")
    return f"{BINDER}/v2/{spec}/{BRANCH}?urlpath={urllib.parse.quote(urlpath, safe='/')}"


def binder_lab(repo, notebook=START):
    return binder(repo, f"lab/tree/{notebook}")


def binder_app(repo, notebook=APP):
    return binder(repo, f"voila/render/{notebook}")


def colab(repo, notebook=START):
    """A link that opens notebook from repo in Colab, or None: Colab opens GitHub repositories only."""
    parts = urllib.parse.urlsplit(repo)
    if parts.netloc != "github.com":
        return None
    return f"{COLAB}/github{parts.path.rstrip('/')}/blob/{BRANCH}/{urllib.parse.quote(notebook, safe='/')}"


def notebooks():
    """The course's notebooks, as paths from the repository's root (notebooks/NN_name.ipynb)."""
    return [f"notebooks/{p.stem}.ipynb" for p in sorted(SOURCES.glob("*.py"))]


# The first code cell of every notebook. On Colab (google.colab is loaded in its kernels) nnlib
# is missing: pip installs it from the repository. Anywhere else the `if` is false and nothing
# is installed. Then the one call that suits the figures to where the notebook runs.
SETUP_MARK = "# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing."
SETUP_CALL = "from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images"


def setup_cell(repo):
    """The source of the notebooks' first code cell (jupytext percent format, `# %%` included)."""
    if repo is None:
        install = ['import importlib.util, sys',
                   'if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:',
                   '    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course\'s '
                   'public address is not set yet")']
    else:
        install = ["import importlib.util, subprocess, sys",
                   'if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:',
                   f'    subprocess.run([sys.executable, "-m", "pip", "install", "-q", '
                   f'"nnlib @ git+{repo}@{BRANCH}"], check=True)',
                   '    importlib.invalidate_caches()']
    return "\n".join(["# %%", SETUP_MARK, *install, SETUP_CALL])


def rewrite_source(text, repo):
    """A notebook source with its setup cell replaced by setup_cell(repo), or put before its
    first code cell if it has none."""
    lines = text.split("\n")
    if SETUP_MARK in lines:
        start = lines.index(SETUP_MARK) - 1
        end = next(i for i in range(start + 1, len(lines) + 1) if i == len(lines) or lines[i].startswith("# %%"))
        while end > start and lines[end - 1] == "":
            end -= 1  # the blank lines before the next cell stay
    else:
        start = end = lines.index("# %%")  # the first code cell
        lines[start:start] = [""]
    lines[start:end] = setup_cell(repo).split("\n")
    return "\n".join(lines)


def nbgitpuller(hub, repo, notebook=START):
    """A link that makes hub pull repo into the user's home and open notebook in JupyterLab."""
    hub = check_url(hub.strip().rstrip("/") if hub else hub, "HUB")
    query = urllib.parse.urlencode({"repo": repo, "branch": BRANCH,
                                    "urlpath": f"lab/tree/{repo_dir(repo)}/{notebook}"})
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def readme_block(repo):
    """The README's links block (between README_BEGIN and README_END, both included)."""
    if repo is None:
        body = (f"**Online:** not yet. {NOT_SET[0].upper()}{NOT_SET[1:]}, so there is no Binder badge, "
                "Colab link or classroom link.\nRun the course on your machine (below); `make book` builds it "
                "as a website.")
    else:
        body = (f"[![Binder: the course in JupyterLab](https://mybinder.org/badge_logo.svg)]({binder_lab(repo)})\n"
                f"[![Binder: the playground app](https://mybinder.org/badge_logo.svg)]({binder_app(repo)})\n\n"
                f"**Online:** the first badge opens the course in JupyterLab on Binder, the second the "
                f"playground as an app (the first start takes a few minutes). Source: <{repo}>.\n\n"
                + colab_line(repo))
    return f"{README_BEGIN}\n{body}\n{README_END}"


def colab_line(repo):
    """The README's line of "Open in Colab" links, one per notebook (or why there are none)."""
    if colab(repo) is None:
        return "**Colab:** none: Colab opens notebooks from GitHub only, and this repository is elsewhere."
    links = " · ".join(f"[{Path(nb).stem[:2]}]({colab(repo, nb)})" for nb in notebooks())
    return (f"**Open in Colab:** {links} (the first cell installs nnlib there; the live figures are "
            "shown as images).")


def rewrite_readme(text, repo):
    """text with its links block replaced by readme_block(repo); ValueError if it has none."""
    pattern = re.compile(re.escape(README_BEGIN) + r".*?" + re.escape(README_END), re.S)
    if len(pattern.findall(text)) != 1:
        raise ValueError("README.md must hold exactly one course-links block "
                         f"(from {README_BEGIN!r} to {README_END!r})")
    return pattern.sub(lambda m: readme_block(repo), text)


def main(argv):
    usage = "usage: course_links.py readme [--check] | notebooks [--check] | classroom HUB"
    if argv[:1] == ["readme"] and argv[1:] in ([], ["--check"]):
        path = ROOT / "README.md"
        old = path.read_text(encoding="utf-8")
        new = rewrite_readme(old, repository())
        if argv[1:] == ["--check"]:
            if new != old:
                print("README.md's links block is stale: run python3 tools/course_links.py readme",
                      file=sys.stderr)
                return 1
            return 0
        path.write_text(new, encoding="utf-8")
        return 0
    if argv[:1] == ["notebooks"] and argv[1:] in ([], ["--check"]):
        stale = []
        for path in sorted(SOURCES.glob("*.py")):
            old = path.read_text(encoding="utf-8")
            new = rewrite_source(old, repository())
            if new != old:
                stale.append(path.name)
                if not argv[1:]:
                    path.write_text(new, encoding="utf-8")
        if stale and argv[1:]:
            print(f"stale setup cell in {', '.join(stale)}: run python3 tools/course_links.py notebooks",
                  file=sys.stderr)
            return 1
        if stale:
            print(f"rewrote {', '.join(stale)}: now rebuild them (make notebooks)")
        return 0
    if argv[:1] == ["classroom"] and len(argv) == 2:
        if not argv[1].strip():
            raise ValueError("HUB is missing: make classroom-link HUB=https://your-hub.example.org")
        check_url(argv[1].strip(), "HUB")
        repo = repository()
        if repo is None:
            raise ValueError(f"no classroom link: {NOT_SET}")
        print(nbgitpuller(argv[1], repo))
        return 0
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
