"""Write labels.json: each run's label, from the cause put into it, before any doctor runs.

    python benchmarks/doctor_runs/labels.py     # rewrites benchmarks/doctor_runs/labels.json

ALLOWED says which verdicts name each cause right. "can't tell" (a Diagnosis whose certainty
is "can't tell") is allowed only where several causes give the same flat curve. Each curve is
also looked at (``looks_like``) so that a run which does not show its cause is caught here.
The doctor is not imported. The halves (doctor_runs.TUNING, HELD_OUT) are written into each
label: the first held-out half was moved into tuning on 2026-12-06 after its results had been
seen; the 2026-12-06 held-out half (kerasish, deepsig, regprint, momentum_mb) followed it into
tuning after its one measured look, and the next (trainer_cb, polylogit, wide_relu_reg,
dictnet) after its own, on 2026-12-07, and so did the next (tensorgrad, online_sgd, adam_bce,
rmse_print), labelled here before any doctor had seen it, after its one look that day, and so
did the next (bn_momentum, ema_bar, warmup_cosine, huber_reg), labelled here the same day by
someone who never read or ran the doctor, after its one look. The held-out half now (early_stop,
multilabel, clip_norm, nesterov_f32: early stopping on a logged validation loss, a multi-label
sigmoid tagger with dropout, gradients clipped by norm, float32 Nesterov with weight decay in the
printed loss) was written and labelled here on 2026-12-07 by someone who never read the doctor's
code, tests or results, and never ran it.
"""
import json
import os
import sys

import numpy as np

ALLOWED = {
    "healthy": ["converging", "slow"],
    "lr_high": ["diverging", "oscillating"],
    "summed": ["diverging", "oscillating"],
    "unscaled_diverging": ["diverging", "oscillating"],
    "unscaled_conditioned": ["slow", "stalled", "can't tell"],
    "lr_low": ["slow", "stalled", "can't tell"],
    "dead": ["dead", "stalled", "can't tell"],
    "saturated": ["stalled", "slow", "can't tell"],
    "jump_stuck": ["diverging", "dead", "stalled", "oscillating", "can't tell"],
}
HERE = os.path.dirname(os.path.abspath(__file__))


def looks_like(cause, costs):
    """Does the curve show its cause? (a look, not a diagnosis)"""
    c = np.asarray(costs, float)
    bad = not np.isfinite(c).all()
    if cause in ("lr_high", "summed", "unscaled_diverging"):
        return bad or np.max(c) > 1.5 * c[0] or c[-1] > 0.8 * c[0]  # up, or never down
    if cause == "jump_stuck":
        return bad or np.max(c[1:]) > 1.5 * c[0]
    if cause == "healthy":
        return not bad and c[-1] < 0.5 * c[0]
    return not bad  # a finite run that ends too high: its score against healthy says it


def main():
    sys.path.insert(0, os.path.dirname(HERE))
    from doctor_runs import STYLES, TUNING
    labels = {}
    for style, mod in STYLES.items():
        for name, cause, settings in mod.suite():
            costs, _ = mod.run(settings)
            ok = bool(looks_like(cause, costs))
            if not ok:
                print(f"{style}: {name}: the curve does not show {cause}")
            labels[f"{style}: {name}"] = dict(style=style, half="tuning" if style in TUNING else "held-out",
                                              cause=cause, allowed=ALLOWED[cause], settings=settings,
                                              curve_shows_cause=ok)
    with open(os.path.join(HERE, "labels.json"), "w") as f:
        json.dump(labels, f, indent=1, sort_keys=True)
    print(f"{len(labels)} labels written")


if __name__ == "__main__":
    main()
