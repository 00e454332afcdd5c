"""course.py: the README's jobs without make. Its choices, with pip and the servers replaced
by a recorder (tests/test_readme_commands.py runs the real commands in a fresh copy)."""
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course  # noqa: E402

FILES = ("requirements.txt", "pyproject.toml", "requirements-dev.txt", "requirements-book.txt")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository of empty requirement files with a .venv whose python exists; pip recorded."""
    for f in FILES:
        (tmp_path / f).write_text("")
        age(tmp_path / f, 300)
    env = tmp_path / ".venv"
    course.python_in(env).parent.mkdir(parents=True)
    course.python_in(env).write_text("")
    calls = []
    monkeypatch.setattr(course, "ROOT", tmp_path)
    monkeypatch.setattr(course, "VENV", env)
    monkeypatch.setattr(course, "run", lambda cmd, env=None: calls.append([str(c) for c in cmd]))
    return tmp_path, calls


def pip_targets(calls):
    """The requirement files each pip install was given, in order."""
    return [[c[i + 1] for i, a in enumerate(c) if a == "-r"] for c in calls if c[1:4] == ["-m", "pip", "install"]]


def age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_the_venv_python_is_in_scripts_on_windows_and_bin_elsewhere():
    assert course.python_in(Path("e"), windows=True).parts[-2:] == ("Scripts", "python.exe")
    assert course.python_in(Path("e"), windows=False).parts[-2:] == ("bin", "python")


def test_stamps_install_once_and_again_when_a_requirement_file_changes(repo):
    root, calls = repo
    course.install("dev")
    assert pip_targets(calls) == [["requirements.txt"], ["requirements-dev.txt"]]
    age(root / ".venv" / ".run", 200)
    age(root / ".venv" / ".dev", 100)
    calls.clear()
    course.install("dev")
    assert calls == []  # nothing changed: nothing installed
    (root / "requirements-book.txt").touch()  # included by requirements-dev.txt
    course.install("dev")
    assert pip_targets(calls) == [["requirements-dev.txt"]]
    calls.clear()
    age(root / ".venv" / ".dev", 100)
    (root / "requirements.txt").touch()  # the run stamp is redone, then dev after it
    course.install("dev")
    assert pip_targets(calls) == [["requirements.txt"], ["requirements-dev.txt"]]


def test_every_job_runs_the_venv_python_with_the_stamp_it_needs(repo):
    root, calls = repo
    python = str(course.python_in(root / ".venv"))
    expected = {"lab": ("jupyterlab", "requirements.txt"), "app": ("voila", "requirements.txt"),
                "book": ("sphinx", "requirements-book.txt"), "test": ("pytest", "requirements-dev.txt")}
    for job, (module, req) in expected.items():
        for stamp in root.joinpath(".venv").glob(".*"):
            stamp.unlink()
        calls.clear()
        course.main([job])
        assert calls[-1][:3] == [python, "-m", module], job
        assert req in sum(pip_targets(calls), []), job


def test_servers_listen_on_loopback_with_a_token(repo):
    _, calls = repo
    course.main(["lab", "--port", "9999"])
    assert "--ip=127.0.0.1" in calls[-1] and "--port=9999" in calls[-1]
    assert not any("token" in a.lower() for a in calls[-1])  # JupyterLab's own random token stays on
    course.main(["app"])
    assert "--Voila.ip=127.0.0.1" in calls[-1] and "--token" in calls[-1]  # a bare --token: a random one


def test_the_app_in_chinese(repo, monkeypatch):
    """`course.py app --lang zh` (make app LANG=zh): the app's kernels inherit NNLIB_LANG=zh."""
    seen = []
    monkeypatch.setattr(course, "run", lambda cmd, env=None: seen.append(env))
    course.main(["app", "--lang", "zh"])
    assert seen[-1]["NNLIB_LANG"] == "zh" and seen[-1].get("LANG") != "zh"  # zh alone is not a locale
    course.main(["app"])
    assert seen[-1] is None                                                  # English: the environment as it is
    make = (Path(course.__file__).parent / "Makefile").read_text()
    assert "--lang=zh" in make.split("\napp:", 1)[1].split("\n\n")[0]


def test_arguments_after_test_go_to_pytest_as_they_are(repo):
    _, calls = repo
    course.main(["test", "-m", "not slow", "-x", "tests/test_course.py"])
    assert calls[-1][3:] == ["-m", "not slow", "-x", "tests/test_course.py"]


def test_here_uses_this_python_and_keeps_its_stamps_in_its_environment(repo, monkeypatch, tmp_path_factory):
    _, calls = repo
    prefix = tmp_path_factory.mktemp("conda_env")
    monkeypatch.setattr(course.sys, "prefix", str(prefix))
    course.main(["--here", "lab"])
    assert calls[-1][0] == sys.executable
    assert (prefix / ".run").exists() and pip_targets(calls) == [["requirements.txt"]]


def test_an_unknown_job_is_refused():
    with pytest.raises(SystemExit) as exc:
        course.main(["serve"])
    assert exc.value.code == 2


def test_a_python_too_old_is_told_so_before_anything_is_made():
    with pytest.raises(SystemExit, match="3.10 or newer; this is 3.9"):
        course.check_python((3, 9, 18))
    course.check_python((3, 10, 0))  # ensurepip is there: nothing to say
