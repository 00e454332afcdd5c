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
SKIP = {".git", ".venv", "build", "book/notebooks", "test-artifacts"}


def tracked_files():
    """Paths (relative to ROOT) of the files git tracks; every file outside SKIP without git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [Path(p) for p in out.decode().split("\0") if p and (ROOT / p).exists()]
    except (OSError, subprocess.CalledProcessError):  # not a clone (an unpacked archive)
        return [p.relative_to(ROOT) for p in ROOT.rglob("*") if p.is_file()
                and not any(str(p.relative_to(ROOT)).startswith(s) for s in SKIP)]


def build(dest):
    """Copy the tracked files into dest/clone, build the book into dest/site; returns dest/site."""
    clone, site = Path(dest) / "clone", Path(dest) / "site"
    for rel in tracked_files():
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, clone / rel, follow_symlinks=False)
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                        "-d", str(Path(dest) / "doctrees"), str(clone / "book"), str(site)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(f"the book did not build:\n{r.stdout}\n{r.stderr}")
    print(f"book built in {time.perf_counter() - start:.1f} s")
    return site
