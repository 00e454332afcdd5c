"""The playground in JupyterLab without ipympl: a fresh virtual environment with
requirements.txt less ipympl, where the live figure falls back to an ipywidgets.Image.
The frames must reach Chromium and change when a slider moves; the one-line note shows.
"""
import shutil
import subprocess
import sys

import nbformat
import pytest

from . import harness

sys.path.insert(0, str(harness.ROOT / "tests"))
from fresh_env import clean_env, run  # noqa: E402

NOTEBOOK = "image_figure.ipynb"
CELLS = ["from nnlib.live import notebook, widgets\nnotebook.setup()",
         "widgets.sum_vs_mean(epochs=100)"]


@pytest.fixture(scope="module")
def python_without_ipympl(tmp_path_factory):
    """A fresh venv's python with the course's requirements except ipympl, and nnlib."""
    tmp = tmp_path_factory.mktemp("no_ipympl")
    src = tmp / "src"
    shutil.copytree(harness.ROOT / "nnlib", src / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(harness.ROOT / "pyproject.toml", src)
    lines = (harness.ROOT / "requirements.txt").read_text().splitlines()
    (tmp / "requirements.txt").write_text("\n".join(l for l in lines if not l.startswith("ipympl")) + "\n")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "env")], check=True, timeout=300)
    python, env = tmp / "env" / "bin" / "python", clean_env(tmp / "env" / "bin")
    run([python, "-m", "pip", "install", "-q", "-r", "requirements.txt"], tmp, env)
    run([python, "-m", "pip", "install", "-q", "--no-deps", str(src)], tmp, env)
    missing = subprocess.run([python, "-c", "import ipympl"], capture_output=True, env=env)
    assert missing.returncode != 0, "ipympl was installed after all"
    return python


class LabIn(harness.Lab):
    """JupyterLab run by another environment's python."""

    def __init__(self, root, python):
        super().__init__(root)
        self.python = python

    def command(self):
        return [str(self.python), *super().command()[1:]]


def image_pixels(box):
    """data: URL of the explorer's image, redrawn onto a canvas (None until it has loaded)."""
    return box.evaluate("""b => { const i = b.querySelector('img.nnlib-image-figure');
        if (!i || !i.complete || !i.naturalWidth) return null;
        const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;
        c.getContext('2d').drawImage(i, 0, 0); return c.toDataURL(); }""")


def wait_image(box, other=None, timeout=30_000):
    box.page.wait_for_function("""([b, other]) => { const i = b.querySelector('img.nnlib-image-figure');
        return i && i.complete && i.naturalWidth > 0 && i.src !== other; }""",
                               arg=[box.element_handle(), other], timeout=timeout, polling=100)


@pytest.mark.slow
def test_without_ipympl_the_playground_draws_images_that_follow_a_slider(browser, page, python_without_ipympl,
                                                                          tmp_path):
    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "notebooks" / NOTEBOOK)
    with LabIn(root, python_without_ipympl) as lab:
        harness.open_notebook(page, lab, NOTEBOOK)
        assert harness.run_all(page) == []
        box = harness.explorer(page)
        harness.wait_explorer(box, 1)
        assert box.locator(".jupyter-matplotlib-canvas-div").count() == 0  # no ipympl view
        assert "ipympl's figure widget is not available" in box.locator(".nnlib-figure-note").inner_text()
        wait_image(box)
        before, src = image_pixels(box), box.locator("img.nnlib-image-figure").get_attribute("src")
        seq = harness.explorer_state(box)[0]
        harness.press(box, "lr", times=3)
        harness.wait_explorer(box, seq + 1)
        wait_image(box, other=src)
        after = image_pixels(box)
        assert before and after and after != before, "the image did not change when lr moved"
        assert "error" not in harness.explorer_info(box)["status"]
    assert page.console_errors == [], page.console_errors
