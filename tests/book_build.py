"""Build the course's website from the files git tracks, as a fresh clone would (tests only).

Copying only the tracked files catches a book that builds here but needs a file nobody
committed (or one the .gitignore hides); the Sphinx command is `make book`'s.
"""
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course  # noqa: E402  (course.py: the editions of the book and Sphinx's arguments)
SKIP = {".git", ".venv", "build", "book/notebooks", "book/zh/notebooks", "test-artifacts"}


def tracked_files():
    """Paths (relative to ROOT) of the files git tracks; every file outside SKIP without git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [Path(p) for p in out.decode().split("\0") if p and (ROOT / p).exists()]
    except (OSError, subprocess.CalledProcessError):  # not a clone (an unpacked archive)
        return [p.relative_to(ROOT) for p in ROOT.rglob("*") if p.is_file()
                and not any(str(p.relative_to(ROOT)).startswith(s) for s in SKIP)]


def build(dest, plant=None):
    """Copy the tracked files into dest/clone, build the book into dest/site; returns dest/site.
    plant(clone), if given, adds files to the copy first (a test's fixture)."""
    clone, site = Path(dest) / "clone", Path(dest) / "site"
    for rel in tracked_files():
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, clone / rel, follow_symlinks=False)
    if plant:
        plant(clone)
    start = time.perf_counter()
    for src, out, doctrees in course.BOOKS:  # both editions, as `make book` builds them
        out = site / Path(out).relative_to(course.BOOK_OUT)
        r = subprocess.run([sys.executable, *course.sphinx_args(clone / src, out, Path(dest) / doctrees)],
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise RuntimeError(f"the book ({src}) did not build:\n{r.stdout}\n{r.stderr}")
    print(f"book built in {time.perf_counter() - start:.1f} s")
    return site


# A Chinese notebook for the book's tests while the translators' notebooks have not arrived:
# notebook 03 with its markdown replaced (its code and figures as they are). Not executed.
PLANTED_TITLE = "03 · 死亡 ReLU：网络为什么停滞"
PLANTED_TEXT = "（测试夹具）死亡单元的梯度恰好为零，所以梯度下降无法让它复活。"


def plant_chinese_03(clone):
    """Write notebooks/zh/03_dead_relus.ipynb into clone unless a real one is there."""
    import nbformat

    target = Path(clone) / "notebooks" / "zh" / "03_dead_relus.ipynb"
    if target.exists():
        return
    nb = nbformat.read(Path(clone) / "notebooks" / "03_dead_relus.ipynb", as_version=4)
    first = True
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = f"# {PLANTED_TITLE}\n\n{PLANTED_TEXT}" if first else PLANTED_TEXT
            first = False
    nb.metadata["nnlib_lang"] = "zh"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
