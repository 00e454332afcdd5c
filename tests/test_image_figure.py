"""The live figure without ipympl: the same whole-PNG frames in an ipywidgets.Image.

Forced here by nnlib.live.notebook.setup(figure="image"), the switch a notebook uses; the
automatic choice is checked with ipympl's import hidden. The browser test with ipympl
uninstalled is tests/browser/test_image_figure.py.
"""
import io
import sys
import types

import numpy as np
import pytest
from PIL import Image

from nnlib.live import livecanvas, notebook, widgets


@pytest.fixture
def image_figures():
    notebook.setup(figure="image")
    yield
    livecanvas.use(None)


def pixels(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def test_the_playground_draws_into_an_image_and_follows_a_slider(image_figures):
    p = widgets.Playground(controls=("lr", "n", "reduction"), panels=("cost", "stability"), epochs=100)
    try:
        assert p.wait()
        canvas = p.fig.figure.canvas
        shown = livecanvas.view(canvas)
        assert shown in p.box.children and canvas.image in shown.children
        assert "ipympl's figure widget is not available" in canvas.note.value  # says so, once
        assert [type(w).__name__ for w in shown.children] == ["Image", "HTML"]
        first = bytes(canvas.image.value)
        assert first.startswith(b"\x89PNG") and p.fig._blit.sent >= 1
        w, h = canvas.get_width_height()
        assert pixels(first).shape == (h, w, 3)
        p.controls["lr"].value = 1e-2  # the summed cost on N = 1000 diverges at this lr
        assert p.wait()
        after = bytes(canvas.image.value)
        assert after != first and np.abs(pixels(after) - pixels(first)).sum() > 0
        assert p.result.settings.lr == 1e-2 and p.result.diagnosis.kind == "diverging"
    finally:
        p.close()
    assert canvas.image.comm is None and shown.comm is None  # closed with the explorer


def test_try_the_fix_link_and_diagnosis_work_the_same_on_images(image_figures):
    p = widgets.playground(state="lr=0.03&output_activation=identity")
    try:
        assert p.wait()
        before = bytes(p.fig.figure.canvas.image.value)
        assert p.result.diagnosis.kind == "diverging" and not p.fix_button.disabled
        assert "lr=0.03" in p.link.value
        p.fix_button.click()
        assert p.wait()
        assert p.controls["reduction"].value == "mean" and p.result.diagnosis.kind == "converging"
        assert "reduction=mean" in p.link.value and bytes(p.fig.figure.canvas.image.value) != before
    finally:
        p.close()


def test_without_ipympl_or_on_colab_the_choice_is_images(monkeypatch):
    livecanvas.use(None)
    assert livecanvas.figure_kind() == "ipympl"  # installed in the dev environment
    real = livecanvas.importlib.util.find_spec
    monkeypatch.setattr(livecanvas.importlib.util, "find_spec",
                        lambda name, *a: None if name == "ipympl" else real(name, *a))
    assert livecanvas.figure_kind() == "image"
    monkeypatch.undo()
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert livecanvas.figure_kind() == "image"
    livecanvas.use("ipympl")  # a choice by name wins
    try:
        assert livecanvas.figure_kind() == "ipympl"
    finally:
        livecanvas.use(None)


def test_an_unknown_figure_is_a_value_error_naming_the_valid_ones():
    with pytest.raises(ValueError, match="'ipympl', 'image'"):
        notebook.setup(figure="svg")


def test_setup_turns_on_colabs_widget_manager_only_on_colab(monkeypatch):
    calls = []
    colab = types.ModuleType("google.colab")
    colab.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append(1))
    notebook.setup()
    assert calls == []
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    notebook.setup()
    assert calls == [1]
