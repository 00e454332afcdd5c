"""The playground's worker without widgets: a real thread, real runs, a view that records.

(tests/test_widgets.py drives it through the Playground's controls; tests/browser in Chromium.)
"""
import threading

import numpy as np
import pytest

from nnlib.live import liverun
from nnlib.live.worker import Worker

CHEAP = dict(n=100, epochs=20)


def spec(**changes):
    """liverun.DEFAULT with changes (hidden: the hidden sizes, as the controls set them)."""
    return liverun.with_controls(liverun.DEFAULT, changes)

COSTLY = dict(n=10_000, epochs=1000)  # above liverun.FULL_AT_ONCE_WORK: previewed when alone


class Recorder:
    """A view that writes down what the worker shows: (what, seq, payload)."""

    def __init__(self, on_frame=None):
        self.events, self.lock, self.on_frame = [], threading.Lock(), on_frame

    def _add(self, *event):
        with self.lock:
            self.events.append(event)

    def frame(self, seq, frame):
        self._add("frame", seq, frame)
        if self.on_frame is not None:
            self.on_frame(seq, frame)

    def diagnosed(self, seq, result):
        self._add("diagnosed", seq, result)

    def failed(self, seq, exc):
        self._add("failed", seq, exc)

    def idle(self, seq):
        self._add("idle", seq, None)

    def seqs(self, what, preview=None):
        return [s for w, s, x in self.events if w == what and (preview is None or x.preview == preview)]


@pytest.fixture
def make():
    made = []

    def start(view, **options):
        w = Worker(view, **options)
        made.append(w)
        return w
    yield start
    for w in made:
        w.close()


def test_one_request_is_drawn_diagnosed_and_ends_idle(make):
    view = Recorder()
    w = make(view)
    s = spec(seed=3, n=300, epochs=300)
    seq = w.request(s)
    assert w.wait() and w.error is None and (w.seq, w.done, w.runs) == (seq, seq, 1)
    expected = liverun.run(s)  # the still figure's way to the same run
    np.testing.assert_array_equal(w.result.history.cost, expected.history.cost)
    assert (w.result.diagnosis.kind, w.result.diagnosis.message) == (expected.diagnosis.kind, expected.diagnosis.message)
    assert view.seqs("diagnosed") == [seq] and view.events[-1][:2] == ("idle", seq)
    np.testing.assert_array_equal(view.events[0][2].history.cost, expected.history.cost)


def test_moves_made_while_it_works_coalesce_to_the_newest(make):
    view = Recorder()
    w = make(view)
    first = w.request(spec(hidden=(64, 64, 64)))  # a run that takes a while
    for seed in range(1, 11):  # ten moves while it trains: only the last is computed
        last = w.request(spec(seed=seed, **CHEAP))
    assert w.wait(60) and w.result.settings.seed == 10
    assert set(view.seqs("frame")) <= {first, last} and last in view.seqs("frame")
    assert view.seqs("diagnosed")[-1] == last and view.events[-1][:2] == ("idle", last)


def test_a_newer_request_during_a_preview_drops_the_stale_whole_run(make):
    newer = {}

    def move_on(seq, frame):  # the learner moves while the preview is on screen
        if frame.preview and not newer:
            newer["seq"] = w.request(spec(seed=2, **CHEAP))

    view = Recorder(on_frame=move_on)
    w = make(view)
    first = w.request(spec(seed=1, **COSTLY))
    assert w.wait(60) and w.result.settings.seed == 2
    assert view.seqs("frame", preview=True) == [first]
    assert first not in view.seqs("frame", preview=False) and first not in view.seqs("diagnosed")
    assert view.seqs("diagnosed") == [newer["seq"]]


def test_requests_faster_than_runs_are_drawn_whole_without_previews(make):
    view = Recorder()
    w = make(view)
    w.request(spec(seed=1, **COSTLY))
    assert w.wait(60) and view.seqs("frame", preview=True)  # a lone costly move is previewed
    w.request(spec(seed=2, **COSTLY))  # a handle being dragged: positions
    last = w.request(spec(seed=3, **COSTLY))  # closer than worker.FOLLOW_S
    assert w.wait(60)
    assert last not in view.seqs("frame", preview=True) and last in view.seqs("frame", preview=False)
    assert w.result.settings.seed == 3


def test_a_bad_setting_is_reported_to_the_view_and_the_next_move_clears_it(make):
    view = Recorder()
    w = make(view)
    bad = w.request(liverun.DEFAULT.replace(sizes=(7, 3, 3, 3, 3, 2), **CHEAP))  # a RunSpec the explorer refuses
    assert w.wait() and isinstance(w.error, ValueError) and "the explorer takes up to 3 hidden layers" in str(w.error)
    assert view.seqs("failed") == [bad] and view.events[-1][:2] == ("idle", bad)
    w.request(spec(**CHEAP))
    assert w.wait() and w.error is None and w.runs == 1


def test_lambda_max_not_in_time_is_drawn_then_replaced_by_its_number(make):
    view = Recorder()
    w = make(view, curvature_slice=0.0)  # each slice: the two products a slice always gets
    s = spec(hidden=(5, 3), seed=11, n=123, epochs=30)  # not measured before
    w.request(s)
    assert w.wait(60) and w.error is None
    notes = [x.ratio_note for what, _, x in view.events if what == "frame"]
    assert liverun.NOT_IN_TIME in notes and notes[-1] != liverun.NOT_IN_TIME
    shown = [r for what, _, r in view.events if what == "diagnosed"]
    assert shown[0].ratio_note == liverun.NOT_IN_TIME and shown[-1].ratio is not None
    assert w.result.ratio == pytest.approx(liverun.stability(s)[0], rel=1e-3)
    assert liverun.NOT_IN_TIME not in w.notes


def test_close_stops_the_thread(make):
    w = make(Recorder())
    w.request(spec(**CHEAP))
    assert w.wait()
    w.close()
    w._thread.join(5)
    assert not w._thread.is_alive()
    w.request(spec(seed=1, **CHEAP))
    assert not w.wait(0.5) and w.done < w.seq  # nobody computes it: wait says so, it does not hang


def test_a_request_builds_one_network_for_all_its_stages(make, networks_built):
    # preview, whole run, lambda_max in slices and the later diagnosis all start from copies
    # of the one Network liverun.stages builds
    built, start_counting = networks_built
    view = Recorder()
    w = make(view, curvature_slice=0.0)
    start_counting()
    w.request(spec(seed=12, hidden=(6, 4), **COSTLY))  # a new net and a costly run: every stage
    assert w.wait(60) and w.error is None and w.result.ratio is not None
    assert view.seqs("frame", preview=True) and liverun.NOT_IN_TIME in [x.ratio_note for what, _, x in view.events
                                                                         if what == "frame"]
    assert len(built) == 1
