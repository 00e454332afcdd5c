"""The import graph stays as the README's layout describes it: the maths modules need NumPy
alone, drawing and widgets stay out of them, and the diagnosis does not pull in the sweep
machinery (processes, the fix ladder) for a constant."""
import ast
from pathlib import Path

import pytest

NNLIB = Path(__file__).resolve().parent.parent / "nnlib"
DRAWING = {"matplotlib", "ipywidgets", "ipympl", "IPython"}
MATHS = ["activations", "costs", "init", "kernel", "network", "training", "optimizers", "gradcheck",
         "curvature", "datasets", "runspec", "runs", "trend", "doctor", "diagnosis"]


def imports(path):
    """Top-level names a module imports, relative imports as 'nnlib.x' (x may be a package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module.split(".")[0])
            else:
                mod = (node.module or "").split(".")[0]
                found |= {f"nnlib.{mod}"} if mod else {f"nnlib.{a.name}" for a in node.names}
    return found


def files(name):
    pkg = NNLIB / name
    return sorted(pkg.glob("*.py")) if pkg.is_dir() else [NNLIB / f"{name}.py"]


@pytest.mark.parametrize("name", MATHS)
def test_maths_modules_import_no_drawing_library(name):
    for path in files(name):
        assert not imports(path) & DRAWING, f"{path.name} imports {imports(path) & DRAWING}"


def test_matplotlib_is_imported_by_the_drawing_modules_alone():
    # what nnlib/plotting.py's docstring says: plotting, panels and the live folder
    users = {str(p.relative_to(NNLIB)) for p in NNLIB.rglob("*.py") if "matplotlib" in imports(p)}
    assert {"plotting.py", "panels.py"} <= users
    assert all(u in ("plotting.py", "panels.py") or u.startswith("live/") for u in users), users


def test_import_nnlib_does_not_load_matplotlib():
    import subprocess
    import sys
    code = "import sys, nnlib, nnlib.doctor, nnlib.grid; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_diagnosis_does_not_import_the_sweep_machinery():
    for path in files("diagnosis") + files("runs") + files("trend") + files("doctor"):
        assert not imports(path) & {"nnlib.ladder", "nnlib.grid", "multiprocessing"}, path.name


def test_the_scan_sees_relative_imports():
    # the check above could pass by reading nothing: ladder itself imports the sweep's grid
    assert "nnlib.grid" in imports(NNLIB / "ladder.py")


def test_only_the_live_folder_and_its_users_import_it():
    # the maths, the diagnosis and the question's material work without ipywidgets
    for path in NNLIB.rglob("*.py"):
        rel = path.relative_to(NNLIB)
        if rel.parts[0] in ("live", "exercises") or rel.name == "__init__.py" and len(rel.parts) == 1:
            continue
        assert not any(m.startswith("nnlib.live") or m == "live" for m in imports(path)), rel


def test_liverun_the_worker_and_the_question_need_no_drawing_library():
    live = [NNLIB / "live" / f"{name}.py" for name in ("liverun", "runlink", "worker", "probe")]
    for path in [*live, *sorted((NNLIB / "question").glob("*.py"))]:
        assert not imports(path) & DRAWING, f"{path.name} imports {imports(path) & DRAWING}"


def test_the_maths_core_is_flat():
    # every maths module is a file at the top of nnlib (or the diagnosis package), not in a folder
    for name in MATHS:
        assert (NNLIB / f"{name}.py").exists() or (NNLIB / name / "__init__.py").exists(), name
    assert {p.name for p in NNLIB.iterdir() if p.is_dir() and not p.name.startswith("__")} \
        == {"diagnosis", "exercises", "live", "question", "locale"}  # locale: message catalogues, no code
    assert not list((NNLIB / "locale").rglob("*.py"))


def test_the_old_import_of_the_explorers_still_works():
    import nnlib
    from nnlib import widgets
    assert widgets.__name__ == "nnlib.live.widgets" and callable(widgets.playground)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        nnlib.nope
