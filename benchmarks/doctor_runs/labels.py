"""Write labels.json: each run's label, from the cause put into it, before any doctor runs.

    python benchmarks/doctor_runs/labels.py     # rewrites benchmarks/doctor_runs/labels.json

ALLOWED says which verdicts name each cause right. "can't tell" (a Diagnosis whose certainty
is "can't tell") is allowed only where several causes give the same flat curve. Each curve is
also looked at (``looks_like``) so that a run which does not show its cause is caught here.
The doctor is not imported. The halves (doctor_runs.TUNING, HELD_OUT) are written into each
label. Each held-out half was written and labelled here by someone who never read or ran the
doctor, looked at once, then moved into tuning (see doctor_runs/__init__.py for the history).
The held-out half now is vae_elbo, rbf_net, distill_kl and skipgram_neg: a variational
autoencoder's history dict, a radial-basis-function net's printed "mse=" lines, a distilled
student's progress-bar postfixes, and word2vec's printed running averages.
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


def curve(costs):
    """The training costs of a run's record: a list of numbers as it is; a Keras-like history dict
    ({"loss": [...], "val_loss": [...]}, as some learners keep it) by its "loss" list; a list of
    experiment-tracker records ([{"step": 0, "epoch": 0, "train/loss": 2.31, "train/acc": 0.1, "lr": 0.1},
    ...], as a learner who logs like wandb keeps them) by each record's "train/loss"."""
    if isinstance(costs, dict):
        return costs["loss"]
    if len(costs) and isinstance(costs[0], dict):
        return [record["train/loss"] for record in costs]
    return costs


def looks_like(cause, costs):
    """Does the curve show its cause? (a look, not a diagnosis)"""
    c = np.asarray(curve(costs), float)
    bad = not np.isfinite(c).all()
    if cause in ("lr_high", "summed", "unscaled_diverging"):
        return bad or np.max(c) > 1.5 * c[0] or c[-1] > 0.8 * c[0]  # up, or never down
    if cause == "jump_stuck":
        return bad or np.max(c[1:]) > 1.5 * c[0]
    if cause == "healthy":
        return not bad and c[-1] < 0.5 * c[0]
    return not bad  # a finite run that ends too high: its score against healthy says it


def main():
    """Write labels.json: every registered style's runs (STYLES; WAITING is left out), each curve looked at."""
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
