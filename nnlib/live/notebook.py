"""What each notebook's first cell calls: the figures suited to where the notebook runs.

    from nnlib.live import notebook; notebook.setup()   # JupyterLab, Voila, VS Code, Colab
    notebook.setup(figure="image")    # live figures as images, where ipympl's widget does not load

setup() draws pyplot's figures inline, chooses the live figures' canvas (by name from
nnlib.live.livecanvas.FIGURES; None: ipympl where it is installed and can show, else
images) and, on Colab, turns on its custom widget manager, without which no ipywidget
(slider, button, image) is shown there. The first cell installs nnlib itself on Colab
before calling it (tools/course_links.py writes that cell). Imports neither ipywidgets nor
ipympl: the notebooks without explorers call it too.
"""
import sys

from . import livecanvas


def setup(figure=None):
    """Prepare this kernel's figures (figure: a livecanvas.FIGURES name, or None: automatic)."""
    livecanvas.use(figure)
    if "google.colab" in sys.modules:
        from google.colab import output
        output.enable_custom_widget_manager()
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
