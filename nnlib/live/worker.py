"""The playground's worker: one thread that trains, measures and diagnoses the newest request.

Plain Python (no widgets, no drawing), so it is tested with a real thread and real runs and
no browser. What it computes goes to a view, any object with four methods:

    view.frame(seq, frame)        # a Frame to draw: a preview, a whole run, the run again with its lambda_max
    view.diagnosed(seq, result)   # the drawn run's liverun.Result, diagnosis included
    view.failed(seq, exc)         # an error in training or in the diagnosis (never raised)
    view.idle(seq)                # every request so far is done (worker.notes, worker.error say how)

    w = Worker(view)
    w.request(spec)               # any thread: records the newest nnlib.RunSpec and wakes the worker
    w.wait(); w.result            # blocks until every request is done; the last diagnosed Result
    w.close()

The settings (a nnlib.RunSpec) are handed to nnlib.live.liverun.stages as they come, which
builds one Network per run (liverun.check refuses what the explorer cannot run: a ValueError
shown through view.failed). Moves made while the worker is busy
coalesce: only the newest waits, stale ones are dropped, never queued. A costly run
(liverun.wants_preview) is drawn twice, its first epochs and then the whole run, unless
requests come faster than runs (a handle being dragged, FOLLOW_S): then each finished
whole run is drawn and the newest position is taken next. A newer request abandons a
preview, a lambda_max measurement and a diagnosis, never a whole run already trained.
lambda_max is measured in slices of at most CURVATURE_SLICE_S, each stopped at once by a
newer request: a run whose number is not in yet is drawn and diagnosed with
liverun.NOT_IN_TIME, and the number replaces it once the worker has nothing newer to do.

probe: an optional object with begin(seq, requested), stamp(name), frame(seq, kind) and
done() (nnlib.live.probe.Probe, attached only with NNLIB_DEBUG=1).
"""
import dataclasses
import threading
import time

from . import liverun

FOLLOW_S = 0.25  # requests closer than this are a drag (or held key): no previews
# lambda_max is measured in slices of at most this long while the worker has nothing newer:
# a whole run's diagnosis waits for one slice at most, a newer request for none
CURVATURE_SLICE_S = 0.5


@dataclasses.dataclass
class Frame:
    """What one picture of a run shows: the history (up to its epochs so far), the epochs the
    whole run will have, lr * lambda_max and its note, whether it is a preview, and the panel
    data beyond the history (fit=(targets, predictions), sharpness=(epochs, ratio))."""
    history: object
    epochs: int
    ratio: float | None
    ratio_note: str
    preview: bool = False
    panels: dict = dataclasses.field(default_factory=dict)


class Worker:
    """One daemon thread computing the newest request for a view (see the module's docstring).

    sharpness: also measure the sharpness panel's data;
    curvature_slice: seconds each lambda_max slice may take (default CURVATURE_SLICE_S).
    seq: requests received so far; done: the last finished; runs: runs diagnosed and shown;
    result: the last diagnosed liverun.Result; error: the last request's error or None;
    notes: the shown run's notes (caps, how lambda_max was measured).
    """

    def __init__(self, view, sharpness=False, probe=None, curvature_slice=None):
        self.view, self.sharpness, self.probe = view, sharpness, probe
        self.curvature_slice = CURVATURE_SLICE_S if curvature_slice is None else curvature_slice
        self.seq, self.done, self.runs = 0, 0, 0
        self.result, self.error, self.notes = None, None, []
        self._cv = threading.Condition()  # guards _pending, _closed, seq, done, _requested
        self._pending, self._closed, self._requested = None, False, {}
        self._thread = threading.Thread(target=self._loop, daemon=True, name="nnlib-playground")
        self._thread.start()

    # -- the requests ------------------------------------------------------------------
    def request(self, settings):
        """Make settings the newest request (dropping any older one still waiting); its number."""
        with self._cv:
            self.seq += 1
            self._requested[self.seq] = time.time()
            self._pending = (self.seq, settings)
            self._cv.notify()
            return self.seq

    def stale(self, seq):
        """Whether a newer request than seq waits."""
        with self._cv:
            return self._pending is not None and self._pending[0] > seq

    def following(self, seq):
        """Whether requests come faster than runs (a handle being dragged): seq came within
        FOLLOW_S of the one before it, or a newer one already waits."""
        with self._cv:
            before, now = self._requested.get(seq - 1), self._requested.get(seq)
        return self.stale(seq) or (before is not None and now is not None and now - before < FOLLOW_S)

    def wait(self, timeout=30):
        """Block until every request so far has been computed; False after timeout seconds."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._pending is not None or self.done != self.seq:
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    return False
                self._cv.wait(min(left, 0.1))
            return True

    def close(self):
        """Stop the thread (after the step it is in)."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()

    def _next(self):
        """(seq, settings) of the newest request, waiting for one; None once closed."""
        with self._cv:
            while self._pending is None and not self._closed:
                self._cv.wait()
            if self._closed:
                return None
            job, self._pending = self._pending, None
            return job

    def _loop(self):
        while (job := self._next()) is not None:
            seq, settings = job
            try:
                self._compute(seq, settings)
            except Exception as exc:  # shown by the view, never raised in the kernel
                self.error = exc
                self.view.failed(seq, exc)
            self._idle_unless_newer(seq)
            with self._cv:
                self.done = seq
                self._cv.notify_all()

    def _idle_unless_newer(self, seq):
        """Tell the view it is idle, unless a newer request already waits."""
        if self.stale(seq):
            return
        self.view.idle(seq)
        with self._cv:  # seq's own time stays: the next request's gap to it tells a drag
            self._requested = {k: v for k, v in self._requested.items() if k >= seq}

    def _stamp(self, name):
        if self.probe is not None:
            self.probe.stamp(name)

    def _frame(self, seq, frame):
        self.view.frame(seq, frame)
        if self.probe is not None:
            self.probe.frame(seq, "preview" if frame.preview else "full")

    # -- the work ----------------------------------------------------------------------
    def _compute(self, seq, spec):
        if self.probe is not None:
            with self._cv:
                requested = self._requested.get(seq, time.time())
            self.probe.begin(seq, requested)
        # the stages of liverun.stages (one Network built for the run): no preview while a
        # handle is dragged (there it only delays the next whole run); lambda_max for at most
        # one slice, stopped at once by a newer request. A newer request abandons a preview,
        # a lambda_max measurement and a diagnosis, never a whole run already trained.
        r = None
        for r in liverun.stages(spec, preview=not self.following(seq), measure_s=self.curvature_slice,
                                cancel=lambda: self.stale(seq)):
            if r.stage == "preview":
                if not self._preview(seq, r):
                    return
            elif r.stage == "run":
                self._run(seq, r)
            elif r.stage == "stability":
                if self.stale(seq):
                    return
                self._frame(seq, Frame(r.history, r.epochs, r.ratio, r.ratio_note))
            elif not self._finish(seq, r):
                return
            if self.stale(seq):  # before the next stage starts
                return
        if r is not None and r.ratio_note == liverun.NOT_IN_TIME:
            self._measure_later(seq)

    def _preview(self, seq, r):
        """Draw the first epochs of a costly run (Result r); False when a newer request came."""
        if self.stale(seq):
            return False
        self._stamp("previewed")
        self._frame(seq, Frame(r.history, r.epochs, r.ratio, r.ratio_note, preview=True))
        self._stamp("preview")
        time.sleep(0.003)  # let the kernel's IO thread take the GIL and send the image now
        return not self.stale(seq)  # a newer position came during the preview: no whole run of this one

    def _run(self, seq, r):
        """Draw the whole run (Result r), with its panels' data."""
        self._stamp("trained")
        panels = {"fit": r.fit}
        # the sharpness panel retrains the run to measure it: not for a position a drag has
        # already left (the panel keeps its last points until the newest run is measured)
        if self.sharpness and not self.stale(seq):
            panels["sharpness"] = liverun.sharpness(r.settings, r.initial)
        # A whole run is drawn even when a newer request waits: during a drag that newer one
        # is the next position, and a complete picture of this one is what keeps the plot
        # following (dropping it would leave the plot still until the handle stops).
        self._frame(seq, Frame(r.history, r.epochs, r.ratio, r.ratio_note, panels=panels))
        self._stamp("final")

    def _measure(self, seq, r):
        """lr * lambda_max and its note for Result r, measured for at most one slice from r's
        initial Network, stopped at once by a newer request (liverun.stability goes on from
        there at its next call)."""
        return liverun.stability(r.settings, deadline=time.monotonic() + self.curvature_slice,
                                 cancel=lambda: self.stale(seq), net=r.initial)

    def _finish(self, seq, result):
        """Show a drawn run's diagnosis (liverun.stages made it); False when a newer request came first."""
        if self.stale(seq):
            return False
        self._stamp("diagnosed")
        self.result = result
        self.error = None
        self.runs += 1
        self.notes = result.notes + ([result.ratio_note] if result.ratio_note else [])
        self.view.diagnosed(seq, self.result)
        if self.probe is not None:
            self.probe.done()
        return True

    def _measure_later(self, seq):
        """While no newer request waits: lambda_max in slices; then its number replaces
        "not measured in time" in the figure, and the diagnosis quotes it."""
        self._idle_unless_newer(seq)  # the run and its diagnosis are up: idle, but for this number
        shown = self.result
        s, ratio, ratio_note = shown.settings, None, liverun.NOT_IN_TIME
        while ratio_note == liverun.NOT_IN_TIME:
            if self.stale(seq):
                return
            ratio, ratio_note = self._measure(seq, shown)
        self._frame(seq, Frame(shown.history, shown.epochs, ratio, ratio_note))
        diag = liverun.diagnosis(shown.history, s, shown.net, measure=False)
        if self.stale(seq):
            return
        self.result = dataclasses.replace(shown, ratio=ratio, ratio_note=ratio_note, diagnosis=diag)
        self.notes = shown.notes + ([ratio_note] if ratio_note else [])
        self.view.diagnosed(seq, self.result)
