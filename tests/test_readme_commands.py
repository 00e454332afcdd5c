"""The README's make-free commands, as written, in a fresh copy of the repository.

The commands are read from the README's "Two commands" section: the macOS/Linux block is
run here (Linux), in a copy of the tracked files with no .venv, with `make` kept off the
PATH; the Windows (PowerShell) block must be the same jobs through the `py` launcher.
`lab` runs until it answers on 127.0.0.1 with its token, then is stopped; `test` gets a
file to run after it (the README says anything after `test` goes to pytest), since the
whole suite includes this test.
"""
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_build import tracked_files  # noqa: E402
from fresh_env import clean_env, run  # noqa: E402


def blocks():
    """{language: [command lines]} of the code blocks in the README's "Two commands" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Two commands\n", 1)[1].split("\n## ", 1)[0]
    found = {}
    for lang, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S):
        cmds = [line.split("#", 1)[0].strip() for line in body.splitlines()]
        found.setdefault(lang, []).append([c for c in cmds if c])
    return found


def test_the_windows_commands_are_the_linux_ones_through_py():
    b = blocks()
    linux, windows = b["bash"][0], b["powershell"][0]
    assert [shlex.split(c)[1:] for c in linux] == [shlex.split(c)[1:] for c in windows]
    assert {shlex.split(c)[0] for c in linux} == {"python3"} and {shlex.split(c)[0] for c in windows} == {"py"}
    assert [shlex.split(c)[1:3] for c in linux] == [["course.py", "lab"], ["course.py", "test"]]
    assert not any(re.search(r"\bsource\b|\bmake\b|/bin/|\.venv", c) for c in linux + windows)


def test_the_conda_commands_name_the_environment_yml_defines():
    conda = blocks()["bash"][1]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert conda == ["conda env create -f environment.yml", f"conda activate {env['name']}",
                     "python course.py --here lab"]


def fresh_copy(dest):
    for rel in tracked_files():
        if rel.parts[0] == "test-artifacts":
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel, follow_symlinks=False)
    assert not (dest / ".venv").exists()
    return dest


def wait_for_url(proc, log, timeout=600):
    """The http://127.0.0.1:...?token=... URL a server prints, once it prints it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+/\S*token=\w+", log.read_text(errors="replace"))
        if found:
            return found.group(0)
        assert proc.poll() is None, f"exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
        time.sleep(1)
    raise TimeoutError(log.read_text()[-3000:])


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the macOS/Linux block is run on Linux")
def test_the_readme_commands_install_open_jupyterlab_and_run_tests(tmp_path):
    repo = fresh_copy(tmp_path / "clone")
    lab_cmd, test_cmd = blocks()["bash"][0]
    path = tmp_path / "bin"  # the PATH holds python3 alone: no make, no shell
    path.mkdir()
    # the interpreter itself (not a launcher script such as pyenv's shim, which needs a shell)
    (path / "python3").symlink_to(Path(sys.base_prefix) / "bin" / "python3")
    env = dict(clean_env(), PATH=str(path))
    assert shutil.which("make", path=env["PATH"]) is None

    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        lab = subprocess.Popen(shlex.split(lab_cmd), cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        url = wait_for_url(lab, log)
        base, token = url.split("/lab")[0].split("?")[0], url.rsplit("token=", 1)[1]
        with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=10) as r:
            assert r.status == 200
        with pytest.raises(urllib.error.HTTPError):  # no token, no entry
            urllib.request.urlopen(f"{base}/api/contents", timeout=10)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)  # the group course.py and its JupyterLab run in
        lab.wait(30)
    assert (repo / ".venv" / ".run").exists()

    out = run([*shlex.split(test_cmd), "-p", "no:cacheprovider", "tests/test_course.py"], repo, env, timeout=1800)
    assert re.search(r"\b\d+ passed\b", out) and (repo / ".venv" / ".dev").exists()
    assert "failed" not in out
