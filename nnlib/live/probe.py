"""The playground's test hooks, attached only with NNLIB_DEBUG=1 (nnlib.live.livecanvas.DEBUG).

A learner's kernel never builds one: without it the status line holds the notes alone.
With it, the browser tests and benchmarks/widget_latency.py read from the status line's
``<span class='nnlib-state'>``:

    data-seq, data-idle   requests the kernel got, and whether every one is drawn (1) or not (0)
    data-runs             runs drawn and diagnosed
    data-drawn            the settings of the run on screen, as JSON (the controls' names only)
    data-frame            the RGB sum of the last frame sent (equal to the browser's canvas: the plot is current)
    data-frames           the recent frames: [request number, wall-clock ms, "full" or "preview"]
    data-canvas           the messages the browser's canvas view sent, counted by type
    data-t-<step>         wall-clock ms of the last request's steps (request, start, previewed,
                          preview, trained, final, diagnosed)

and from Python: ``timings`` (the last TIMINGS requests' stamps, in seconds), ``frames``,
``canvas_messages``.
"""
import html
import json
import time

FRAME_LOG = 200  # frames kept (about 10 s of a drag)
TIMINGS = 200    # requests whose stamps are kept


class Probe:
    """Timing stamps, the frame log and the canvas messages of one playground."""

    def __init__(self):
        self.timings, self.frames, self.canvas_messages = [], [], {}
        self.stamps = {}

    def begin(self, seq, requested):
        """The worker starts request seq (received at wall-clock time requested)."""
        self.stamps = {"seq": seq, "request": requested, "start": time.time()}

    def stamp(self, name):
        self.stamps[name] = time.time()

    def done(self):
        """The request's run is diagnosed and shown: keep its stamps."""
        self.timings.append(dict(self.stamps))
        del self.timings[:-TIMINGS]

    def frame(self, seq, kind):
        self.frames.append((seq, time.time(), kind))
        del self.frames[:-FRAME_LOG]

    def canvas(self, kind):
        self.canvas_messages[kind] = self.canvas_messages.get(kind, 0) + 1

    def marker(self, seq, idle, runs=0, drawn=None, frame_sum=None):
        """The status line's state span (see the module's docstring)."""
        attrs = {"seq": seq, "idle": int(idle), "runs": runs, "drawn": json.dumps(drawn or {}),
                 "frame": frame_sum, "frames": json.dumps([[q, round(t * 1000, 1), k] for q, t, k in self.frames]),
                 "canvas": json.dumps(self.canvas_messages)}
        attrs.update({f"t-{k}": f"{v * 1000:.1f}" for k, v in self.stamps.items() if k != "seq"})
        text = " ".join(f"data-{k}='{html.escape(str(v), quote=True)}'" for k, v in attrs.items())
        return f"<span class='nnlib-state' {text}></span>"
