"""binder/ alone builds an environment that runs the course.

repo2docker (Binder) installs binder/requirements.txt with pip, then runs binder/postBuild
from the repository root. This test does the same in a fresh virtual environment (no
system site-packages, nothing from .venv), on a copy of only the files Binder needs,
then executes notebooks/00_start_here.ipynb in that environment's own kernel.
Slow (about a minute; pip's cache makes re-runs quicker), but part of `make test`.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fresh_env import clean_env, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "00_start_here.ipynb"

EXECUTE = """
import sys, nbformat, nnlib
from nbclient import NotebookClient
assert nnlib.__file__.startswith(sys.prefix), nnlib.__file__  # installed, not the source tree
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=300,
               resources={"metadata": {"path": sys.argv[2]}}).execute()
print("executed", len(nb.cells), "cells with", nnlib.__file__)
"""


def requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return sorted(line for line in lines if line)


def test_binder_requirements_match_the_project():
    assert requirement_lines(ROOT / "binder" / "requirements.txt") == \
        requirement_lines(ROOT / "requirements.txt")
    assert os.access(ROOT / "binder" / "postBuild", os.X_OK), "postBuild must be executable"


@pytest.mark.slow
def test_fresh_environment_from_binder_runs_a_notebook(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "binder", repo / "binder")
    shutil.copytree(ROOT / "nnlib", repo / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", repo)
    (repo / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, repo / "notebooks")

    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=300)
    env = clean_env(env_dir / "bin")
    python = str(env_dir / "bin" / "python")

    run([python, "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"], repo, env)
    run(["binder/postBuild"], repo, env)
    out = run([python, "-c", EXECUTE, str(repo / "notebooks" / NOTEBOOK), str(repo / "notebooks")],
              tmp_path, env)
    assert "executed" in out and str(env_dir) in out
