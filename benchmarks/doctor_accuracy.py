"""Does nnlib's doctor name what is wrong with training code it has never seen, and does
its action, applied once as a learner would, repair the run?

The runs come from benchmarks/doctor_runs/: sixty-eight styles of training code written apart
from nnlib and from each other (a class with per-epoch costs, a functional two-layer net
with a loss_history, a printout every k iterations rounded as printed, summed gradients,
a softmax classifier, a regression on unscaled features, scikit-learn's loss_curve_, the
question's code, and more: see doctor_runs/__init__.py). Their labels (doctor_runs/labels.json) were written from the cause put
into each run before the doctor saw it (doctor_runs/labels.py). The styles are split in
two halves by code: TUNING (the doctor may be tuned on it) and HELD_OUT (never). A held-out
half is looked at once, in the run that writes doctor_accuracy.json; after that it moves into
tuning, and a new one is written by someone who has not read the doctor. The strict figure
("repaired by diagnose's action") is the target's; "following its advice" is reported beside
it, and it is the doctor's own certainty that sends a run to examine there.

Judged without the doctor:
- named right: the verdict is one the label allows ("can't tell" only where it allows it);
- repaired: the action, translated into that style's own settings, applied once; the run
  then reaches that style's healthy runs: accuracy within 5 points of their median, or
  final loss within 2x of it;
- the same for ``doctor.examine``'s action, when nnlib has it.
- repaired following diagnose's advice: its action, or, where it says "can't tell", or gives no
  action and tells the learner to run examine, examine's action: reported beside the strict figure.
Also real printouts: doctor_runs/printouts.json (the doctor was tuned on them),
printouts_fresh.json (found later by someone who never ran the doctor; held out for its one
look, 13/16 named right, then tuned on), printouts_fresh2.json (the same: 10/11, then tuned
on), printouts_fresh3.json (the same: 12/14, then tuned on), printouts_fresh4.json (the same: 13/14,
then tuned on), printouts_fresh5.json (the same: 15/18, then tuned on), printouts_fresh6.json (the
same: 14/14, then tuned on), printouts_fresh7.json (the same: 15/18, then tuned on),
printouts_fresh8.json (the same: 15/19, then tuned on), printouts_fresh9.json (the same: 13/18,
then tuned on), printouts_fresh10.json (the same: 17/20, then tuned on), printouts_fresh11.json (the same:
19/20, then tuned on), printouts_fresh12.json (the same: 17/20, then tuned on),
printouts_fresh13.json (the same: 18/20, then tuned on),
printouts_fresh14.json (the same: 15/18, then tuned on) and
printouts_fresh15.json (found after that tuning: held out; skipped with --half tuning), and
watch()'s overhead on the question's loop (median of interleaved rounds).
Targets per half: >= 90% named right, no healthy run named a problem, >= 80% repaired by
diagnose's action, >= 95% by examine's, >= 90% of real printouts named right, watch() < 2x.

    python benchmarks/doctor_accuracy.py [--rounds 11] [--half tuning|held-out|both] [-v] [--no-examine]

A whole run (both halves, with examine) writes its figures to doctor_accuracy.json beside it.
"""
import argparse
import inspect
import json
import os
import statistics
import time
from collections import Counter, defaultdict

import numpy as np

import nnlib
from nnlib import doctor
from nnlib.diagnosis import HEALTHY, Diagnosis
from doctor_runs import STYLES, score_kind

HERE = os.path.dirname(os.path.abspath(__file__))
HEALTHY_KINDS = HEALTHY  # the kinds with nothing to repair, from their one home
ACCURACY_POINTS = 5.0   # repaired: accuracy within this many points of the healthy median
LOSS_FACTOR = 2.0       # ... or final loss within this factor of it
REFUSED = "refused"     # the verdict of a run whose costs the doctor raised a ValueError on (no label allows it)
# (file, JSON key, what the doctor has seen of it, held out?): --half tuning skips a held-out set
PRINTOUT_SETS = (("printouts.json", "real_printouts", "tuned on", False),
                 ("printouts_fresh.json", "real_printouts_fresh", "held out for one look (13/16), then tuned on",
                  False),
                 ("printouts_fresh2.json", "real_printouts_fresh2", "held out for one look (10/11), then tuned on",
                  False),
                 ("printouts_fresh3.json", "real_printouts_fresh3", "held out for one look (12/14), then tuned on",
                  False),
                 ("printouts_fresh4.json", "real_printouts_fresh4", "held out for one look (13/14), then tuned on",
                  False),
                 ("printouts_fresh5.json", "real_printouts_fresh5", "held out for one look (15/18), then tuned on",
                  False),
                 ("printouts_fresh6.json", "real_printouts_fresh6", "held out for one look (14/14), then tuned on",
                  False),
                 ("printouts_fresh7.json", "real_printouts_fresh7", "held out for one look (15/18), then tuned on",
                  False),
                 ("printouts_fresh8.json", "real_printouts_fresh8", "held out for one look (15/19), then tuned on",
                  False),
                 ("printouts_fresh9.json", "real_printouts_fresh9", "held out for one look (13/18), then tuned on",
                  False),
                 ("printouts_fresh10.json", "real_printouts_fresh10", "held out for one look (17/20), then tuned on",
                  False),
                 ("printouts_fresh11.json", "real_printouts_fresh11", "held out for one look (19/20), then tuned on",
                  False),
                 ("printouts_fresh12.json", "real_printouts_fresh12", "held out for one look (17/20), then tuned on",
                  False),
                 ("printouts_fresh13.json", "real_printouts_fresh13", "held out for one look (18/20), then tuned on",
                  False),
                 ("printouts_fresh14.json", "real_printouts_fresh14", "held out for one look (15/18), then tuned on",
                  False),
                 ("printouts_fresh15.json", "real_printouts_fresh15", "held out: found after that tuning by "
                  "someone who never ran the doctor", True))


def load(name):
    path = os.path.join(HERE, "doctor_runs", name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def said(d):
    """The verdict as the labels spell it."""
    return "can't tell" if getattr(d, "certainty", None) == "can't tell" else d.kind


def _accepted(fn, kw):
    """The keywords fn takes (an older doctor lacks loss=, n_classes=, targets=)."""
    params = inspect.signature(fn).parameters
    return {k: v for k, v in kw.items() if k in params}


def diagnose(style, settings, costs):
    """nnlib.diagnose on the run's costs as its learner hands them over, with the keywords that
    learner can give. A ValueError (costs in a shape the doctor does not read) is the learner's
    answer too: a Diagnosis of kind REFUSED, with no action, named wrong and repaired by nothing,
    so one such style cannot stop the benchmark."""
    kw = _accepted(nnlib.diagnose, STYLES[style].known(settings))
    try:
        return nnlib.diagnose(costs, **kw)
    except ValueError as e:
        return Diagnosis(REFUSED, f"ValueError: {e}", "", {}, {}, "sure")


def good(style, settings, score, ref):
    """Is the score as good as that style's healthy runs? (no doctor involved)"""
    if not np.isfinite(score):
        return False
    if score_kind(style, settings) == "accuracy":
        return score >= ref - ACCURACY_POINTS
    return score <= LOSS_FACTOR * ref


def references(results):
    """{(style, score kind): median score of its healthy runs}."""
    by = defaultdict(list)
    for r in results:
        if r["cause"] == "healthy":
            by[(r["style"], score_kind(r["style"], r["settings"]))].append(r["score"])
    return {k: float(np.median(v)) for k, v in by.items()}


def examine_action(style, settings):
    """doctor.examine's action for this run, or None when nnlib has no examine."""
    if not hasattr(doctor, "examine"):
        return None
    mod = STYLES[style]
    start = {"lr": settings["lr"], "standardize": bool(settings.get("standardize", False))}
    # the settings this style's code has (its OWN map), as a learner's train(settings) would
    # expose them: examine only acts on keys the settings hold. None: as the code has it now
    start.update({k: None for k in getattr(mod, "OWN", {}) if k not in ("epochs", "reduction")})
    kw = mod.known(settings)
    if kw.get("reduction") == "sum":
        start["reduction"] = "sum"

    def train(s, steps):
        change = {k: v for k, v in s.items() if start.get(k) != v}
        return mod.run(mod.apply(settings, change), steps)[0]
    try:
        report = doctor.examine(train, start, **_accepted(doctor.examine, kw))
    except ValueError:  # costs examine does not read (see diagnose): no action
        return None
    return {k: v for k, v in report.action.items() if start.get(k) != v}


def run_all(half):
    labels = load("labels.json")
    results = []
    for key, lab in labels.items():
        if half != "both" and lab["half"] != half:
            continue
        mod = STYLES[lab["style"]]
        costs, score = mod.run(lab["settings"])
        d = diagnose(lab["style"], lab["settings"], costs)
        results.append(dict(key=key, **lab, costs=costs, score=score, d=d))
    return results


def repair(results, refs, with_examine):
    for r in results:
        if r["cause"] == "healthy":
            continue
        mod, s, style = STYLES[r["style"]], r["settings"], r["style"]
        ref = refs[(style, score_kind(style, s))]
        r["fixed"] = good(style, s, mod.run(mod.apply(s, r["d"].action))[1], ref)
        if with_examine:
            act = examine_action(style, s)
            r["examine_action"] = act
            r["examined"] = good(style, s, mod.run(mod.apply(s, act))[1], ref) if act is not None else False
            # a "can't tell" verdict says to run examine, which tries the fixes: the learner
            # who follows the advice applies examine's action instead of the safe one; so does
            # one told to run examine with no action given (a run that settled short of a fit)
            d = r["d"]
            to_examine = said(d) == "can't tell" or (not d.action and d.evidence.get("examine_advised", False))
            r["advised"] = r["examined"] if to_examine else r["fixed"]


def printouts(name):
    """[(address, named right, verdict, diagnosis)] for a file of real printouts, or None."""
    rows = load(name)
    if rows is None:
        return None
    out = []
    for p in rows:
        kw = _accepted(nnlib.diagnose, p.get("known", {}))
        d = nnlib.diagnose([float(c) for c in p["costs"]], **kw)
        out.append((p["url"], said(d) in p["allowed"], said(d), d))
    return out


def report(half, results, verbose):
    n = len(results)
    right = [r for r in results if said(r["d"]) in r["allowed"]]
    healthy = [r for r in results if r["cause"] == "healthy"]
    alarms = [r for r in healthy if said(r["d"]) not in HEALTHY_KINDS]
    problems = [r for r in results if r["cause"] != "healthy"]
    fixed = sum(r["fixed"] for r in problems)
    print(f"\n== {half}: {n} runs ({len(healthy)} healthy) from {sorted({r['style'] for r in results})}")
    m = Counter((r["cause"], said(r["d"])) for r in results)
    for cause in sorted({r["cause"] for r in results}):
        row = ", ".join(f"{k} {v}" for (c, k), v in sorted(m.items()) if c == cause)
        print(f"  {cause:<21} named: {row}")
    for r in results:
        if verbose and said(r["d"]) not in r["allowed"]:
            print(f"  misnamed: {r['key']} ({r['cause']}) named {said(r['d'])}: {r['d'].message[:150]}")
        if verbose and r["cause"] != "healthy" and not r["fixed"]:
            print(f"  not repaired: {r['key']} ({r['cause']}): action {r['d'].action}")
        if verbose and r["cause"] != "healthy" and not r.get("examined", True):
            print(f"  not repaired by examine: {r['key']} ({r['cause']}): action {r['examine_action']}")
    ex = sum(r["examined"] for r in problems) if "examined" in problems[0] else None
    adv = sum(r["advised"] for r in problems) if "advised" in problems[0] else None
    figures = dict(runs=n, healthy=len(healthy), named_right=len(right), healthy_named_a_problem=len(alarms),
                   problems=len(problems), repaired_by_diagnose=int(fixed),
                   repaired_following_diagnose=None if adv is None else int(adv),
                   repaired_by_examine=None if ex is None else int(ex))
    print(f"  named right: {len(right)}/{n} = {len(right) / n:.1%} (target >= 90%)")
    print(f"  healthy runs named a problem: {len(alarms)}/{len(healthy)} (target 0)")
    print(f"  repaired by diagnose's action applied once: {fixed}/{len(problems)} = "
          f"{fixed / len(problems):.1%} (target >= 80%)")
    if adv is not None:
        print(f"  repaired following diagnose's advice (its action; examine's where it says \"can't tell\" "
              f"or only to run it): {adv}/{len(problems)} = {adv / len(problems):.1%}")
    if ex is not None:
        print(f"  repaired by examine's action: {ex}/{len(problems)} = {ex / len(problems):.1%} (target >= 95%)")
    else:
        print("  repaired by examine's action: not run (--no-examine, or nnlib has no doctor.examine)")
    return figures


def question_loop(X, Y, W, w=None, iterations=1000, lr=0.01):
    """The question's workload as a learner writes it: [7, 2] ReLU, summed cost, N = 1000."""
    for _ in range(iterations):
        Z = X @ W
        out = np.maximum(Z, 0)
        cost = 0.5 * np.sum((Y - out) ** 2)
        W = W - lr * X.T @ ((out - Y) * (Z > 0))
        if w is not None:
            w.log(cost)
    return W


def watch_overhead(rounds):
    """Median over interleaved rounds of (time with watch + w.log) / (time bare)."""
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    W0 = np.random.default_rng(0).uniform(-1, 1, (7, 2))
    ratios = []
    for _ in range(rounds):
        t = time.perf_counter()
        with np.errstate(all="ignore"):
            bare = question_loop(X, Y, W0)
        t_bare = time.perf_counter() - t
        t = time.perf_counter()
        with doctor.watch(lr=0.01, n_samples=1000, reduction="sum", batch_size=None) as w:
            watched = question_loop(X, Y, W0, w)
        ratios.append((time.perf_counter() - t) / t_bare)
        assert np.array_equal(bare, watched)  # watch never changes a result
    return statistics.median(ratios), min(ratios), max(ratios)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--half", default="both", choices=("tuning", "held-out", "both"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--no-examine", action="store_true", help="skip examine's trials (quicker)")
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)  # small products: one BLAS thread is faster on a shared machine
    start = time.perf_counter()
    with np.errstate(all="ignore"):
        everything = run_all("both")
        refs = references(everything)
        chosen = [r for r in everything if args.half == "both" or r["half"] == args.half]
        repair(chosen, refs, hasattr(doctor, "examine") and not args.no_examine)
    out = {}
    for half in ("tuning", "held-out"):
        part = [r for r in chosen if r["half"] == half]
        if part:
            out[half] = report(half, part, args.verbose)
    for name, key, what, held_out in PRINTOUT_SETS:
        real = printouts(name)
        if real is None or (args.half == "tuning" and held_out):
            continue
        ok = sum(r[1] for r in real)
        out[key] = dict(count=len(real), named_right=int(ok))
        print(f"\nreal printouts ({what}) named right: {ok}/{len(real)} = {ok / len(real):.1%} (target >= 90%)")
        for url, right, kind, d in real:
            if args.verbose and not right:
                print(f"  misnamed: {url}: {kind}: {d.message[:150]}")
    ratio, lo, hi = watch_overhead(args.rounds)
    print(f"\nwatch() overhead on the question's loop (N = 1000, [7, 2] ReLU, 1000 iterations): "
          f"median {ratio:.2f}x over {args.rounds} rounds (min {lo:.2f}, max {hi:.2f}; target < 2x)")
    print(f"total time {time.perf_counter() - start:.0f} s")
    out["watch_overhead"] = dict(median=round(ratio, 3), min=round(lo, 3), max=round(hi, 3), rounds=args.rounds)
    if args.half == "both" and not args.no_examine:  # only a whole run is the record
        with open(os.path.join(HERE, "doctor_accuracy.json"), "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
