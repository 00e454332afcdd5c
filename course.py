"""The course's jobs on any OS, with Python alone (no make, no shell): the README's commands.

    python course.py lab               # first run creates .venv and installs; then JupyterLab in notebooks/
    python course.py test              # the dev requirements into .venv, then the whole test suite
    python course.py test -m "not slow" -x   # anything after "test" goes to pytest as it is
    python course.py app               # the playground as a Voila app
    python course.py app --lang zh     # the same in Chinese (as far as nnlib's messages are translated)
    python course.py book              # the course as a website in build/book/ (Chinese: build/book/zh/)
    python course.py install dev       # only install (run, dev or book): what `make` uses
    python course.py --here lab        # use this Python's environment (conda) instead of .venv

On Windows type `py course.py lab` (or `python`); the venv's programs are found in its
Scripts\\ folder there and in bin/ elsewhere. Standard library only: it runs before anything
is installed, which is why it sits here rather than in nnlib (importing nnlib needs NumPy).

What is installed is recorded by stamps in the environment's folder (.run, .dev, .book, as
the Makefile did): a stamp older than its requirement files is redone, so editing
requirements.txt reinstalls on the next run and an unchanged one costs nothing.
Every server listens on 127.0.0.1 with a token (the URL it prints carries it).
"""
import argparse
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
HOST = "127.0.0.1"  # never a name from the environment (tcsh exports HOST as the machine's name)
LAB_PORT, APP_PORT = 8888, 8866
BOOK_OUT = "build/book"
# The website's editions: (sources, output, doctrees). The Chinese one is built inside the
# English one, so that each page links to its translation with a relative link.
BOOKS = (("book", BOOK_OUT, "build/.doctrees"), ("book/zh", f"{BOOK_OUT}/zh", "build/.doctrees-zh"))


def sphinx_args(src, out, doctrees):
    """Sphinx's arguments for one edition of the book: HTML, quiet, every warning an error."""
    return ["-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-d", str(doctrees), str(src), str(out)]

# One entry per stamp: (stamps it needs first, the files it depends on, pip's arguments).
# requirements-dev.txt includes requirements-book.txt, hence the dev stamp depends on both.
STAMPS = {
    "run": ((), ("requirements.txt", "pyproject.toml"), ["-r", "requirements.txt", "-e", "."]),
    "dev": (("run",), ("requirements-dev.txt", "requirements-book.txt"),
            ["-r", "requirements-dev.txt", "-e", "."]),
    "book": (("run",), ("requirements-book.txt",), ["-r", "requirements-book.txt"]),
}


def python_in(env, windows=os.name == "nt"):
    """The interpreter of a virtual environment: Scripts\\python.exe on Windows, bin/python elsewhere."""
    env = Path(env)
    return env / "Scripts" / "python.exe" if windows else env / "bin" / "python"


def stale(env, name):
    """Whether stamp `name` in env is missing or older than one of its files or stamps."""
    stamp = Path(env) / f".{name}"
    if not stamp.exists():
        return True
    needs, files, _ = STAMPS[name]
    newest = max([(ROOT / f).stat().st_mtime for f in files] +
                 [(Path(env) / f".{n}").stat().st_mtime for n in needs if (Path(env) / f".{n}").exists()])
    return stamp.stat().st_mtime < newest


def run(cmd, env=None):
    """Run a command (a list: no shell) in the repository, echoed first; exit with its code
    if it fails. Ctrl+C reaches the child too (a server stops): wait for it, then stop."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    child = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, env=env)
    try:
        code = child.wait()
    except KeyboardInterrupt:
        code = child.wait()
    if code:
        sys.exit(code)


def check_python(version=sys.version_info):
    """Exit with what to do when this Python cannot make the course's environment."""
    if version < (3, 10):
        sys.exit(f"the course needs Python 3.10 or newer; this is {version[0]}.{version[1]}")
    try:
        import ensurepip  # noqa: F401  (venv installs pip with it)
    except ImportError:
        sys.exit("this Python cannot make a virtual environment with pip: install its venv module "
                 "(Debian, Ubuntu: apt install python3-venv), or use conda (see the README)")


def install(name, here=False):
    """Bring stamp `name` (and the ones it needs) up to date; returns the environment's python."""
    env = Path(sys.prefix) if here else VENV
    python = Path(sys.executable) if here else python_in(env)
    if not here and not python.exists():
        check_python()
        print(f"creating {env} (a virtual environment for the course)", flush=True)
        venv.create(env, with_pip=True)
        run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-U", "pip"])
    for need in STAMPS[name][0]:
        install(need, here)
    if stale(env, name):
        run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *STAMPS[name][2]])
        (env / f".{name}").touch()
    return python


def lab(python, args):
    run([python, "-m", "jupyterlab", f"--ip={HOST}", f"--port={args.port or LAB_PORT}",
         "--notebook-dir=notebooks", "--ServerApp.allow_root=True", "--no-browser"])


def test(python, args):
    run([python, "-m", "pytest", *args.pytest_args])


def app(python, args):
    # the kernels inherit the language (nnlib.i18n reads NNLIB_LANG); a page's own ?lang=zh wins
    env = dict(os.environ, NNLIB_LANG=args.lang) if args.lang else None
    if env and env.get("LANG", "").split(".")[0] in ("zh", "en"):  # `make app LANG=zh` set the
        env["LANG"] = "C.UTF-8"                                   # locale too: zh alone is none
    # app/voila.py holds the server's settings: kernel websockets must speak v1 (a legacy one
    # hangs Voila), the page's shutdown on leave works, idle kernels are culled, no request
    # leaves the machine, jupytext's lab extension (a dev tool) stays out of the page
    run([python, "-m", "voila", "notebooks/07_playground.ipynb", "--no-browser", f"--Voila.ip={HOST}",
         f"--port={args.port or APP_PORT}", "--token", f"--Voila.config_file_paths={ROOT / 'app'}"], env)


def book(python, args):
    for src, out, doctrees in BOOKS:
        run([python, *sphinx_args(src, out, doctrees)])
    print(f"the book: {Path(BOOK_OUT) / 'index.html'} (中文: {Path(BOOK_OUT) / 'zh' / 'index.html'})")


# job -> (the stamp it needs, what it runs)
JOBS = {"lab": ("run", lab), "test": ("dev", test), "app": ("run", app), "book": ("book", book)}


def parser():
    p = argparse.ArgumentParser(prog="course.py", description=__doc__.split("\n")[0])
    p.add_argument("--here", action="store_true",
                   help="install into and run with this Python's environment (a conda env) instead of .venv")
    sub = p.add_subparsers(dest="job", required=True)
    for name in ("lab", "app"):
        sub.add_parser(name, help=f"start {'JupyterLab' if name == 'lab' else 'the Voila app'} on {HOST}"
                       ).add_argument("--port", type=int, default=None)
    sub.choices["app"].add_argument("--lang", choices=["en", "zh"], default=None,
                                    help="the language nnlib speaks in the app (default: English)")
    sub.add_parser("test", help="run pytest; every argument after 'test' goes to pytest")
    sub.add_parser("book", help=f"build the website into {BOOK_OUT}/")
    sub.add_parser("install", help="only install").add_argument("stamp", choices=list(STAMPS))
    return p


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    # everything after "test" is pytest's (argparse would read "-m" or "-x" as its own)
    cut = argv.index("test") + 1 if "test" in argv else len(argv)
    args = parser().parse_args(argv[:cut])
    args.pytest_args = argv[cut:]
    if args.job == "install":
        install(args.stamp, args.here)
        return 0
    stamp, job = JOBS[args.job]
    job(install(stamp, args.here), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
