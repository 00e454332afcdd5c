"""The live explorers: move a slider, the network retrains and the panels redraw in place.

The modules, from the settings to the screen:

- ``liverun``: one bounded run for an explorer (a nnlib.RunSpec in; history, caps,
  lr * lambda_max and the diagnosis out, stage by stage in ``stages``). NumPy only, so it
  is tested without a browser. A run's link is the spec's own (``spec.to_query()``).
- ``runlink``: a diagnosis's fix applied to the spec and moved onto values the controls
  offer (NumPy only).
- ``controls``: one ipywidget per setting, chosen by name.
- ``livefig``: the figure: the chosen panels of :mod:`nnlib.panels` side by side, kept live.
- ``livecanvas``: the canvas, ipympl's or an image (whole-PNG frames, blitting, the debug switch).
- ``notebook``: ``setup()``, each notebook's first call (the canvas, inline plots, Colab's widgets).
- ``widgets``: the explorers a notebook shows (``widgets.playground()``) and the worker
  thread that keeps them live.

Nothing is imported here, so ``from nnlib.live import liverun`` needs neither ipywidgets
nor ipympl; the maths of nnlib (the package above) needs none of this folder.
"""
