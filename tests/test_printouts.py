"""The format of the real loss printouts the doctor's benchmark is scored on.

benchmarks/doctor_runs/printouts.json holds the printouts the doctor was tuned on;
printouts_fresh.json is a held-out set gathered later, printouts_fresh2.json a third set
gathered after both had been looked at, printouts_fresh3.json a fourth, held-out set gathered
by someone who never read the doctor, and printouts_fresh4.json a fifth, gathered the same way
after the doctor had been tuned on all four, and printouts_fresh5.json a sixth, gathered the
same way after the doctor had been tuned on all five, and printouts_fresh6.json a seventh,
gathered the same way, and printouts_fresh7.json an eighth, gathered the same way by someone who
never read or ran the doctor, and printouts_fresh8.json a ninth, gathered the same way, held out
for the eighth look and tuned on since, and printouts_fresh9.json a tenth, gathered the same way
by someone who never read or ran the doctor, held out for the ninth look and tuned on since, and
printouts_fresh10.json an eleventh, gathered the same way by someone who never read or ran the doctor,
held out for the tenth look and tuned on since, and printouts_fresh11.json a twelfth, gathered the same
way by someone who never read or ran the doctor, held out for the eleventh look and tuned on since, and
printouts_fresh12.json a thirteenth, gathered the same way by someone who never read or ran the doctor, held
out for the twelfth look and tuned on since, and printouts_fresh13.json a fourteenth, gathered the same way by
someone who never read or ran the doctor, held out for the thirteenth look and tuned on since, and
printouts_fresh14.json a fifteenth, gathered the same way by someone who never read or ran the doctor, held out
for the fourteenth look and tuned on since, and printouts_fresh15.json a sixteenth, gathered the same way by someone
who never read or ran the doctor, the held-out set of the benchmark since then, and printouts_fresh16.json a
seventeenth, gathered the same way by someone who never read or ran the doctor, waiting for a later session's
held-out look. All are hand-copied
from public threads, so these checks guard against copying slips: a repeated thread, a verdict
name that is not one of the doctor's, a printed loss that does not parse, a hint the benchmark
does not know. The doctor is not run here.
"""
import importlib.util
import json
import re
from pathlib import Path

import pytest

RUNS = Path(__file__).resolve().parent.parent / "benchmarks" / "doctor_runs"
FILES = {"tuned": RUNS / "printouts.json", "fresh": RUNS / "printouts_fresh.json",
         "fresh2": RUNS / "printouts_fresh2.json", "fresh3": RUNS / "printouts_fresh3.json",
         "fresh4": RUNS / "printouts_fresh4.json",
         "fresh5": RUNS / "printouts_fresh5.json",
         "fresh6": RUNS / "printouts_fresh6.json",
         "fresh7": RUNS / "printouts_fresh7.json",
         "fresh8": RUNS / "printouts_fresh8.json",
         "fresh9": RUNS / "printouts_fresh9.json",
         "fresh10": RUNS / "printouts_fresh10.json",
         "fresh11": RUNS / "printouts_fresh11.json",
         "fresh12": RUNS / "printouts_fresh12.json",
         "fresh13": RUNS / "printouts_fresh13.json",
         "fresh14": RUNS / "printouts_fresh14.json",
         "fresh15": RUNS / "printouts_fresh15.json",
         "fresh16": RUNS / "printouts_fresh16.json"}
KNOWN_KEYS = {"lr", "reduction", "batch_size", "every", "loss", "n_classes", "targets"}
FIELDS = {"url", "cause", "costs", "known", "allowed"}
MIN_FRESH = {"fresh": 12, "fresh2": 10, "fresh3": 11, "fresh4": 11, "fresh5": 18, "fresh6": 14, "fresh7": 18,
             "fresh8": 19, "fresh9": 18, "fresh10": 20, "fresh11": 20, "fresh12": 20,
             "fresh13": 20, "fresh14": 18, "fresh15": 18, "fresh16": 18}
FOUND = {"fresh2": "2026-12-07", "fresh3": "2026-12-07", "fresh4": "2026-12-07",
         "fresh5": "2026-12-07", "fresh6": "2026-12-07",
         "fresh7": "2026-12-07", "fresh8": "2026-12-07",
         "fresh9": "2026-12-07", "fresh10": "2026-12-07",
         "fresh11": "2026-12-07", "fresh12": "2026-12-07",
         "fresh13": "2026-12-07", "fresh14": "2026-12-08",
         "fresh15": "2026-12-08", "fresh16": "2026-12-08"}  # the days the third to seventeenth sets were gathered
MIN_COSTS = 5  # a fresh printout needs a curve, not a point or two


def _labels():
    """benchmarks/doctor_runs/labels.py, loaded by path (it imports no doctor code)."""
    spec = importlib.util.spec_from_file_location("doctor_run_labels", RUNS / "labels.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VERDICTS = {v for allowed in _labels().ALLOWED.values() for v in allowed}


def _load(name):
    with open(FILES[name]) as f:
        entries = json.load(f)
    assert isinstance(entries, list) and entries, f"{FILES[name].name}: not a non-empty JSON list"
    return entries


ENTRIES = [(name, i, e) for name in FILES for i, e in enumerate(_load(name))]
IDS = [f"{name}-{i}" for name, i, _ in ENTRIES]


def test_verdict_vocabulary_is_the_doctors():
    assert VERDICTS == {"converging", "slow", "diverging", "oscillating", "stalled", "dead",
                        "can't tell"}


def _thread(url):
    """The thread an address names, so a mirror of a Q&A question or an issue's comment
    anchor counts as the same thread: 'q/<id>' for .../questions/<id>/..., else the address
    without scheme, 'www.', query, fragment or trailing slash."""
    bare = re.sub(r"^https?://(www\.)?", "", url).split("#")[0].split("?")[0].rstrip("/")
    question = re.search(r"/questions/(\d+)", bare)
    return f"q/{question.group(1)}" if question else bare


def test_thread_key_sees_through_mirrors_and_anchors():
    assert _thread("https://stats.stackexchange.com/questions/594738/loss-is-growing") == \
        _thread("https://web-offline.example.com/content/stats_all/questions/594738/loss-is-growing")
    assert _thread("https://github.com/a/b/issues/3#issuecomment-1") == _thread("http://github.com/a/b/issues/3/")
    assert _thread("https://github.com/a/b/issues/3") != _thread("https://github.com/a/b/issues/30")


def test_urls_unique_across_all_files():
    urls = [e["url"] for _, _, e in ENTRIES]
    repeated = sorted({u for u in urls if urls.count(u) > 1})
    assert not repeated, f"threads used twice: {repeated}"
    threads = [_thread(u) for u in urls]
    same = sorted({t for t in threads if threads.count(t) > 1})
    assert not same, f"the same thread under two addresses: {same}"


@pytest.mark.parametrize("name", sorted(MIN_FRESH))
def test_fresh_sets_are_big_enough(name):
    fresh = _load(name)
    assert len(fresh) >= MIN_FRESH[name], f"only {len(fresh)} printouts in {FILES[name].name}"
    assert all(e.get("found") for e in fresh), "a fresh printout without its 'found' stamp"
    if name in FOUND:
        assert {e["found"] for e in fresh} == {FOUND[name]}, "a printout stamped with another day"


@pytest.mark.parametrize("name,i,entry", ENTRIES, ids=IDS)
def test_entry_fields(name, i, entry):
    assert FIELDS <= set(entry), f"missing {FIELDS - set(entry)}"
    assert entry["url"].startswith("https://") or entry["url"].startswith("http://")
    assert isinstance(entry["cause"], str) and len(entry["cause"]) > 10


@pytest.mark.parametrize("name,i,entry", ENTRIES, ids=IDS)
def test_allowed_verdicts_are_names_the_doctor_uses(name, i, entry):
    allowed = entry["allowed"]
    assert allowed and len(set(allowed)) == len(allowed), f"empty or repeated: {allowed}"
    assert set(allowed) <= VERDICTS, f"unknown verdicts {set(allowed) - VERDICTS}"


@pytest.mark.parametrize("name,i,entry", ENTRIES, ids=IDS)
def test_costs_parse_as_floats(name, i, entry):
    costs = entry["costs"]
    for c in costs:
        # a printed nan/inf is kept as a string; any other string is a copying slip
        assert not isinstance(c, bool), f"{c!r} is not a printed loss"
        assert isinstance(c, (int, float)) or c in ("nan", "inf", "-inf"), f"{c!r} is not a number"
    values = [float(c) for c in costs]  # raises on anything float() cannot read
    if name in MIN_FRESH:
        assert len(values) >= MIN_COSTS, f"only {len(values)} printed losses"


@pytest.mark.parametrize("name,i,entry", ENTRIES, ids=IDS)
def test_known_hints_are_ones_the_benchmark_reads(name, i, entry):
    known = entry["known"]
    assert isinstance(known, dict)
    assert set(known) <= KNOWN_KEYS, f"unknown hints {set(known) - KNOWN_KEYS}"
    if "lr" in known:
        assert isinstance(known["lr"], (int, float)) and known["lr"] > 0
    if "reduction" in known:
        assert known["reduction"] in ("sum", "mean")
    if "loss" in known:
        assert known["loss"] in ("squared", "cross_entropy")
    if "batch_size" in known:
        b = known["batch_size"]
        assert b is None or (isinstance(b, int) and not isinstance(b, bool) and b > 0)
    for key in ("every", "n_classes"):
        if key in known:
            assert isinstance(known[key], int) and known[key] >= (1 if key == "every" else 2)
    if "targets" in known:
        assert all(isinstance(t, (int, float)) for t in known["targets"])
