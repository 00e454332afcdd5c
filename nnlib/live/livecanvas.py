"""The canvas of a figure that redraws in place: ipympl or plain images, blitting, whole frames.

    canvas = livecanvas.attach(figure)            # an ipympl canvas, no toolbar, pyplot untouched
    livecanvas.use("image")                       # from now on: an ipywidgets.Image instead
    livecanvas.view(canvas)                       # the widget to show
    blit = livecanvas.Blitter(figure, artists)    # the artists become "animated"
    blit.frame([ax])                              # re-render ax, draw the artists, send the frame

A frame restores the cached background and draws only the animated artists; an axis
passed to ``frame`` (its limits or ticks changed) is re-rendered alone into the background
first. The frame goes to the browser straight from here, with no round trip (ipympl would
otherwise ask the browser to ask the kernel for it). The panels themselves live in
nnlib.live.livefig.

Two canvases, chosen by name (FIGURES): "ipympl" and "image". Both get the same whole-PNG
frames; "image" shows them in an ipywidgets.Image, so it needs no front end beyond
ipywidgets' own (Colab, VS Code, a JupyterLab without ipympl) and says so in one line under
the figure. use(None), the default, picks "image" where ipympl is not installed or on Colab
(whose front end cannot load ipympl's widget), else "ipympl".
"""
import importlib.util
import os
import struct
import sys
import warnings
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

# Test instrumentation, off by default: with NNLIB_DEBUG=1 in the kernel's environment (read
# once, here) every frame carries the RGB sum of its pixels (Blitter.frame_sum) and the
# explorer's status line its timing stamps and the canvas messages it got. The browser tests
# and benchmarks/widget_latency.py turn it on; a learner's kernel never computes or sends them.
DEBUG = os.environ.get("NNLIB_DEBUG", "") == "1"

# The page may ask for any figure size (ipympl's "resize" and "set_device_pixel_ratio"
# messages): 6000 x 6000 px took the kernel from 85 to 360 MB. The kernel keeps the
# figure within this many device pixels a side (the live figure is about 750 x 210 at
# a ratio of 1) and the device pixel ratio within MAX_PIXEL_RATIO.
MAX_SIDE_PX = 2000
MAX_PIXEL_RATIO = 4.0


# The figure's canvas, by name: what each shows the frames with.
FIGURES = {"ipympl": "ipympl's canvas widget (needs its JupyterLab extension in the front end)",
           "image": "an ipywidgets.Image (ipywidgets alone)"}
IMAGE_NOTE = ("The live figure is shown as images: ipympl's figure widget is not available here "
              "(the sliders, the diagnosis and the link work the same).")
_chosen = None  # use()'s choice; None: chosen by figure_kind() where the kernel runs


def use(kind=None):
    """Choose the canvas of the live figures made from now on: a FIGURES name, or None (automatic)."""
    global _chosen
    if kind is not None and kind not in FIGURES:
        raise ValueError(f"unknown live figure {kind!r}; valid: {list(FIGURES)} or None (automatic)")
    _chosen = kind


def figure_kind():
    """The FIGURES name the next live figure gets: use()'s choice, else "image" where ipympl is
    not installed or on Colab (its front end cannot load ipympl's widget), else "ipympl"."""
    if _chosen is not None:
        return _chosen
    if "google.colab" in sys.modules or importlib.util.find_spec("ipympl") is None:
        return "image"
    return "ipympl"


def view(canvas):
    """The widget that shows a canvas made by attach (an ImageCanvas's box, or ipympl's canvas itself)."""
    return getattr(canvas, "widget", canvas)


def _ipympl():
    """ipympl's Canvas and FigureManager, imported without switching matplotlib's backend.

    (Importing ipympl makes it pyplot's backend; our figures do not go through pyplot, and
    a learner's own plt plots must stay as they were.)
    """
    import matplotlib
    before = dict.__getitem__(matplotlib.rcParams, "backend")
    from ipympl.backend_nbagg import Canvas, FigureManager
    if dict.__getitem__(matplotlib.rcParams, "backend") != before:
        if isinstance(before, str):
            matplotlib.use(before)
        else:  # still "resolve automatically": put the marker back
            dict.__setitem__(matplotlib.rcParams, "backend", before)
    return Canvas, FigureManager


def attach(figure):
    """Put figure on the canvas figure_kind() names; ipympl's has no toolbar, header, footer or
    resize handle."""
    if figure_kind() == "image":
        return ImageCanvas(figure)
    Canvas, FigureManager = _ipympl()
    canvas = Canvas(figure)
    with warnings.catch_warnings():  # ipympl's toolbar trips a traitlets deprecation
        warnings.simplefilter("ignore", DeprecationWarning)
        FigureManager(canvas, num=id(figure))
    canvas.toolbar_visible = False
    canvas.header_visible = canvas.footer_visible = canvas.resizable = False
    _cap_size(canvas)
    return canvas


class ImageCanvas(FigureCanvasAgg):
    """An Agg canvas whose frames go to an ipywidgets.Image, with IMAGE_NOTE under it (.widget).

    It takes the frames as ipympl's canvas does (set_image_mode, send_binary), so the Blitter
    and the explorers use either alike; no view sends it messages (on_msg keeps nothing).
    """
    syncing_data_url = False  # a new value is shown whenever the view exists

    def __init__(self, figure):
        import ipywidgets as W
        super().__init__(figure)
        self.image = W.Image(format="png").add_class("nnlib-image-figure")
        self.note = W.HTML(f"<small>{IMAGE_NOTE}</small>").add_class("nnlib-figure-note")
        self.widget = W.VBox([self.image, self.note])

    def set_image_mode(self, mode):
        pass  # every frame is a whole image

    def send_binary(self, data):
        self.image.value = data

    def on_msg(self, callback):
        pass

    def close(self):
        for w in (self.widget, self.image, self.note):
            w.close()


def _number(value, default):
    """A finite float from a message field, else the default (the page may send anything)."""
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return v if np.isfinite(v) else default


def _cap_size(canvas):
    """Clamp the sizes the page's messages ask for before ipympl applies them."""
    resize, set_ratio = canvas.handle_resize, canvas._handle_set_device_pixel_ratio

    def handle_resize(event):
        ratio = canvas.device_pixel_ratio
        side = MAX_SIDE_PX / ratio  # the message is in CSS pixels; the figure gets ratio times more
        event = dict(event, **{k: int(min(max(_number(event.get(k), 800), 1), side))
                               for k in ("width", "height")})
        resize(event)

    def handle_ratio(ratio):
        ratio = min(max(_number(ratio, 1.0), 0.1), MAX_PIXEL_RATIO)
        old = canvas.device_pixel_ratio
        widest = max(canvas.figure.bbox.size)  # device pixels at the old ratio
        set_ratio(min(ratio, old * MAX_SIDE_PX / widest))

    canvas.handle_resize, canvas._handle_set_device_pixel_ratio = handle_resize, handle_ratio


def png(rgb):
    """PNG bytes of an (h, w, 3) uint8 image: no row filters, zlib at its fastest level.

    Filters buy little on a plot (flat colour compresses well without them) and cost time:
    this encoder is faster than PIL's (adaptive filters) for about the same size, paired in
    one process (benchmarks/widget_latency.py, its kernel_only part, and --ab pil_png for the
    whole key-to-paint; figures in benchmarks/widget_latency.json).
    """
    h, w, _ = rgb.shape
    rows = np.zeros((h, 1 + 3 * w), np.uint8)  # each row: filter byte 0 ("none"), then RGB
    rows[:, 1:] = rgb.reshape(h, 3 * w)
    head = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


def send_frame(canvas, checksum=False):
    """Send the whole rendered image to the browser now, as one PNG; returns its RGB sum
    when ``checksum`` (for the tests: see DEBUG), else None.

    Whole frames, not ipympl's pixel diffs: the browser drops an image whose successor
    arrives before it has loaded, and a diff against a dropped frame would leave a stale
    plot. A fast PNG (see png) keeps a whole frame about as cheap as a diff.
    """
    rgb = np.asarray(canvas.get_renderer().buffer_rgba())[..., :3]
    data = png(rgb)
    canvas.set_image_mode("full")  # the browser clears, then draws
    canvas.send_binary(data)
    return int(rgb.sum(dtype=np.uint64)) if checksum else None


class Blitter:
    """Redraws a figure on an ipympl canvas by blitting its animated artists.

    sent: frames sent to the browser so far.
    frame_sum: the RGB sum of the last frame sent, with DEBUG on (the browser tests compare
    it with the browser's pixels); None otherwise.
    """

    def __init__(self, figure, artists):
        from matplotlib.patches import Rectangle
        self.figure, self.artists = figure, list(artists)
        for a in self.artists:
            a.set_animated(True)
        self.frame_sum, self.sent = None, 0
        self._background = None
        self._extents = {}  # axes -> the area it covered when last rendered
        self._blank = Rectangle((0, 0), 1, 1, facecolor=figure.get_facecolor(),
                                edgecolor="none", transform=None, figure=figure)

    def frame(self, changed_axes=()):
        """Draw a frame and send it; returns the axes re-rendered (all of them the first time)."""
        canvas = self.figure.canvas
        changed = list(changed_axes)
        if self._background is None:
            FigureCanvasAgg.draw(canvas)  # render the background only: nothing is sent yet
            changed = list(self.figure.axes)
        else:
            canvas.restore_region(self._background)
            if changed:
                self._rerender(canvas, changed)
        if changed:
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        for a in self.artists:
            self.figure.draw_artist(a)
        if not getattr(canvas, "syncing_data_url", False):
            # Until ipympl's view in the browser says it is initialized, nothing is sent:
            # the explorer draws again then.
            self.frame_sum = send_frame(canvas, checksum=DEBUG)
            self.sent += 1
        if changed:
            # Where each re-rendered axis now reaches (labels included), measured after the
            # frame is out: the next re-render blanks exactly that area first.
            renderer = canvas.get_renderer()
            for ax in changed:
                self._extents[ax] = ax.get_tightbbox(renderer)
        return changed

    def _rerender(self, canvas, axes):
        """Re-render only these axes (ticks, labels, fixed artists) into the background."""
        renderer = canvas.get_renderer()
        for ax in axes:
            area = self._extents[ax]  # what the axis covered: blank it, then draw anew
            self._blank.set_bounds(area.x0 - 2, area.y0 - 2, area.width + 4, area.height + 4)
            self._blank.draw(renderer)
            ax.draw(renderer)

    def invalidate(self):
        """Forget the cached background (after a resize or a reconnect)."""
        self._background = None
