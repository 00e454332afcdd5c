# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 09 · Choosing a learning rate: the limit moves
#
# Notebook 02 gave a rule: gradient descent is stable while lr × λ_max < 2, where λ_max is
# the cost's steepest curvature. The playground (07) measures λ_max once, at the initial
# weights, and two of its runs seem to break the rule:
# - the exploding run has lr × λ_max = 20.4, so 02's rule predicts (20.4 − 1)² ≈ 376-fold
#   growth per update, but the cost grows about 76 million-fold per update;
# - check 1 reads lr × λ_max = 2.07, above the limit, and still the cost falls.
#
# Both have one cause: **λ_max is not a constant.** It is measured at some weights, and the
# weights move. This notebook measures it as they move, and then turns to the question you
# will face with your next network: which learning rate to choose.
#
# **In this notebook you will**
# 1. watch λ_max over training against 2 / lr: it rises until it reaches 2 / lr, then hovers
#    there (the *edge of stability*);
# 2. measure why 07's exploding run grows so much faster than 02's rule says;
# 3. see why 07's check 1 can read 2.07 while its cost falls;
# 4. test the update-to-weight ratio's rule of thumb, about 1e-3, against the best lr;
# 5. run a learning-rate range test on our network, compare each of its rules with the
#    measured stable and best learning rates, and read a benchmark of 240 runs that does
#    the same comparison.

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import nnlib
import nnlib.plotting as nplt
from nnlib import doctor, exercises, lrfind
from nnlib.live import liverun

# %% [markdown]
# ## 1. λ_max over training, against 2 / lr
#
# The fixed network of notebook 07 (`[7, 10, 2]`, leaky ReLU 0.01, linear output, He init,
# biases 0.1, the **mean** cost, sin/cos data with N = 1000), trained by full-batch gradient
# descent at three learning rates for 1000 epochs. Every 25 epochs we stop and measure λ_max
# at the current weights (`lrfind.sharpness` does both: plain gradient descent keeps no
# state, so training in pieces is the same run).

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1")
s_fixed = liverun.settings(**fixed)
X, Y = liverun.data(s_fixed)
paths = {lr: lrfind.sharpness(liverun.network(s_fixed), X, Y, lr, epochs=1000, every=25)
         for lr in (0.05, 0.1, 0.2)}

# %%
fig, ax = plt.subplots(figsize=(7, 3.6))
for (lr, (at, lam, cost)), color in zip(paths.items(), ("tab:blue", "tab:orange", "tab:green")):
    ax.plot(at, lam, "o-", ms=3, color=color, label=f"lr = {lr}: λ_max")
    ax.axhline(2 / lr, color=color, linestyle="--", linewidth=1)
    ax.text(1010, 2 / lr, f" 2 / lr = {2 / lr:g}", color=color, va="center", fontsize=8)
ax.set_xlim(-20, 1200)
ax.set_xlabel("epoch")
ax.set_ylabel("λ_max at the current weights")
ax.set_ylim(0, 45)
ax.legend(fontsize=8, loc="lower right")
ax.set_title("The sharpness rises to 2 / lr and stays there", fontsize=10);

# %%
lam0 = paths[0.05][1][0]
settled = {lr: np.nanmedian(lam[len(lam) // 2:]) for lr, (at, lam, cost) in paths.items()}
print(f"lambda_max at the initial weights: {lam0:.1f}")
for lr, (at, lam, cost) in paths.items():
    print(f"lr {lr}: lambda_max over the second half {settled[lr]:.1f} (2 / lr = {2 / lr:g}); cost {cost[0]:.1f} -> {cost[-1]:.4f}")
assert round(lam0, 1) == 13.8
assert 30 < settled[0.05] < 36 and np.nanmax(paths[0.05][1]) < 40      # sharpened, still below 2 / lr
assert round(settled[0.05] / lam0, 1) == 2.4
assert abs(settled[0.1] / 20 - 1) < 0.05 and abs(settled[0.2] / 10 - 1) < 0.05
assert round(0.2 * lam0, 2) == 2.76 and paths[0.2][2][-1] < paths[0.2][2][0] / 1000

# %% [markdown]
# At the initial weights λ_max is 13.8 for all three runs (the same net). Then it moves:
# - at **lr = 0.05** it rises to about 33, 2.4 times its start, and stays below 2 / lr = 40.
#   The curvature grows as the network learns: this is called *progressive sharpening*;
# - at **lr = 0.1** it rises until it meets 2 / lr = 20, and hovers there (within 5% over
#   the second half of the run);
# - at **lr = 0.2** lr × λ_max starts at 2.76, above the limit, so 02's rule says the cost
#   must grow. It falls a thousandfold all the same: the first updates throw the weights to
#   a flatter place, and λ_max then hovers at 2 / lr = 10.
#
# Cohen et al. (2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of
# Stability") found this on many networks: under full-batch gradient descent λ_max rises
# until it reaches about 2 / lr, and then stays there while the cost keeps falling, not
# smoothly but on average. So 02's rule describes the **current** weights, not the run:
# lr × λ_max at the start says whether the first updates overshoot, not how the run ends.
#
# ## 2. Why 07's exploding run grows so much faster than 02's rule predicts
#
# The exploding run of 07: a linear output, LEAK 0.01, lr 1e-3, the summed cost on N = 1000.
# Here is lr × λ_max measured again after every update, against the cost's growth in that
# update:

# %%
s_boom = liverun.settings(output_activation="identity", leak=0.01, lr=1e-3)
X_boom, Y_boom = liverun.data(s_boom)
at, lam_boom, c_boom = lrfind.sharpness(liverun.network(s_boom), X_boom, Y_boom, 1e-3, epochs=3,
                                        every=1, reduction="sum")
ratio_boom = 1e-3 * lam_boom[:3]                 # lr x lambda_max at the start of updates 1, 2, 3
predicted = (ratio_boom - 1) ** 2                # 02's rule: the cost's growth on a quadratic
actual = c_boom[1:] / c_boom[:-1]
for k in range(3):
    print(f"update {k + 1}: lr x lambda_max {ratio_boom[k]:8.4g}, rule predicts x{predicted[k]:.3g}, cost grew x{actual[k]:.3g}")
print(f"over the three updates: x{(c_boom[3] / c_boom[0]) ** (1 / 3):.3g} per update on average")

# %%
assert round(ratio_boom[0], 1) == 20.4 and round(predicted[0], -1) == 380
assert np.all(np.diff(ratio_boom) > 0) and ratio_boom[1] > 600
assert round(actual[0], -2) == 1600 and actual[2] > 1e15
assert round((c_boom[3] / c_boom[0]) ** (1 / 3) / 1e7, 1) == 7.6
assert 1e8 < actual[2] / predicted[2]

# %% [markdown]
# 02's rule, (lr × λ_max − 1)², is exact for a quadratic cost, whose curvature is the same
# everywhere. Our network's cost is not a quadratic: its output multiplies the two layers'
# weights, and its curvature grows with them. Each step is so large that it lands where the
# cost is far steeper:
# - before update 1, lr × λ_max is 20.4 (the rule predicts ×376); the cost grows about
#   1,600-fold, and after it lr × λ_max is over 600;
# - the third update's growth is over 10⁸ times what the curvature at its start predicts.
#
# The average over the three updates, about 7.6 × 10⁷ per update, is the caption's
# "7.62e7-fold" in 07. On a quadratic the cost of a diverging run grows by the same factor
# every update; here the factor itself grows, which is why the curve bends upward on its
# log scale. 02's rule still tells you the run will explode; it cannot tell you how fast.
#
# ## 3. Why 07's check 1 reads 2.07 while the cost falls
#
# Check 1 of 07: the default playground at N = 10,000 (summed cost, lr 1e-5). Its readout,
# lr × λ_max = 2.07, is measured at the initial weights. Measured as the run goes (on 3,000
# of the samples, scaled to N as the readout does):

# %%
s_big = liverun.settings(n=10_000)
X_big, Y_big = liverun.data(s_big)
net_big = liverun.network(s_big)
marks, lam_big, done = (0, 1, 2, 3, 10, 30, 300, 1000), [], 0
for m in marks:
    nnlib.train(net_big, X_big, Y_big, lr=1e-5, epochs=m - done, reduction="sum", record=False, dtype="float32")
    done = m
    top = nnlib.curvature.top_eigenvalue(net_big, X_big[:3000], Y_big[:3000], reduction="sum", max_iter=1000)
    lam_big.append(top.value * len(X_big) / 3000)
ratio_big = 1e-5 * np.array(lam_big)
print("epoch:          ", marks)
print("lr x lambda_max:", np.round(ratio_big, 2))

# %%
big_cost = nnlib.train(liverun.network(s_big), X_big, Y_big, lr=1e-5, epochs=1000, reduction="sum",
                       record=False, dtype="float32").cost
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2))
ax1.semilogx(np.array(marks) + 1, ratio_big, "o-")
ax1.axhline(2, color="k", linestyle="--", linewidth=1)
ax1.set_xlabel("epoch + 1")
ax1.set_ylabel("lr × λ_max")
ax1.set_title("N = 10,000, summed: the readout moves", fontsize=10)
ax2.loglog(np.arange(1, len(big_cost) + 1), big_cost)
ax2.set_xlabel("epoch + 1")
ax2.set_ylabel("cost")
ax2.set_title("its cost", fontsize=10)
fig.tight_layout()

# %%
r = dict(zip(marks, ratio_big))
assert round(r[0], 2) == 2.07 and r[1] > 3 and r[2] < 1.5            # up, then far below 2
assert big_cost[1] > big_cost[0] and big_cost[2] > big_cost[1] and big_cost[3] < big_cost[0] / 4
assert 1.7 < r[30] < 1.85 and 1.9 < r[1000] < 2 and r[30] < r[300] < r[1000]

# %% [markdown]
# The readout's 2.07 holds only at epoch 0. The first update overshoots (lr × λ_max is over
# 3 at the weights it reaches, and the cost rises for two updates), the second lands on
# flatter weights, where lr × λ_max is below 1.5, and from there the cost falls. Then the
# sharpening of section 1 sets in: lr × λ_max climbs back, from about 1.8 at epoch 30 to
# just under 2 at epoch 1000, where the zigzag of 07's close-up lives. So 07's readout is a
# warning about the first updates, and that is what it is for: it is known before training.
# The playground can draw this curve too, for any settings it runs with plain gradient
# descent: add the panel option `"sharpness"`, as in
# `widgets.Playground(panels=livefig.DEFAULT_PANELS + ("sharpness",))` (it measures λ_max at
# six epochs of the run, so each move costs one more run).
#
# ## 4. The update-to-weight ratio and its rule of thumb
#
# Another number is often read to choose lr: the **update-to-weight ratio**, the size of one
# update relative to the size of the weights it changes, ‖lr × step‖ / ‖W‖, per layer
# (`History.update_ratio`). A rule of thumb from Stanford's CS231n course says it should be
# around 1e-3: much larger and lr is probably too high, much smaller and too low. 07's
# caption quotes it (its *median update*). Does it hold here? The fixed network for 500
# epochs at 13 learning rates, four per decade from 0.001 to 1:

# %%
lrs = 10 ** np.arange(-3, 0.01, 0.25)
hists = [nnlib.train(liverun.network(s_fixed), X, Y, lr=lr, epochs=500, reduction="mean") for lr in lrs]
final = np.array([np.inf if h.diverged else h.cost[-1] for h in hists])
median_ratio = np.array([np.nanmedian(h.update_ratio) for h in hists])
first_ratio = np.array([np.nanmedian(h.update_ratio[:10]) for h in hists])
last_ratio = np.array([np.nanmedian(h.update_ratio[-50:]) for h in hists])

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2))
ok = np.isfinite(final)
ax1.loglog(lrs[ok], final[ok], "o-")
ax1.loglog(lrs[~ok], np.full((~ok).sum(), final[ok].max()), "rx", ms=8, label="diverged")
ax1.set_xlabel("lr")
ax1.set_ylabel("final cost (500 epochs)")
ax1.legend(fontsize=8)
for ratio, label in ((median_ratio, "median over the run"), (first_ratio, "first 10 updates"),
                     (last_ratio, "last 50 updates")):
    ax2.loglog(lrs[ok], ratio[ok], "o-", ms=3, label=label)
ax2.axhline(1e-3, color="k", linestyle="--", linewidth=1)
ax2.set_xlabel("lr")
ax2.set_ylabel("update / weight")
ax2.legend(fontsize=8)
fig.tight_layout()

# %%
best = int(np.argmin(final))
near = int(np.argmin(np.abs(np.log10(median_ratio[ok] / 1e-3))))   # the lr the rule picks
print(f"best lr {lrs[best]:.3g}: final cost {final[best]:.2g}, median ratio {median_ratio[best]:.2g}, last 50 updates {last_ratio[best]:.2g}")
print(f"ratio nearest 1e-3 at lr {lrs[near]:.3g} ({median_ratio[near]:.2g}): final cost {final[near]:.2g}")
print(f"first 10 updates read {np.min(first_ratio[ok] / median_ratio[ok]):.0f} to {np.max(first_ratio[ok] / median_ratio[ok]):.0f} times the median")
hot = ok & (lrs >= 0.1)
print(f"lr 0.1 to {lrs[hot].max():.2g}: median ratio {median_ratio[hot].min():.2g} to {median_ratio[hot].max():.2g}, final cost up to {final[hot].max():.2g}")

# %%
assert round(lrs[best], 3) == 0.056 and round(lrs[near], 3) == 0.032 and final[near] < 2 * final[best]
assert 0.9e-3 < median_ratio[near] < 1.1e-3 and last_ratio[best] < 1.5e-4
assert np.all(first_ratio[ok] > 2 * median_ratio[ok]) and np.max(first_ratio[ok] / median_ratio[ok]) > 30
assert hot.sum() == 3 and np.all(median_ratio[hot] > 8e-3) and np.all(median_ratio[hot] < 2e-2)
assert np.all(final[hot] < 0.05)
assert np.isinf(final[lrs > 0.5]).all()

# %% [markdown]
# Where the rule holds: the learning rate whose median ratio is nearest 1e-3 is 0.032, and it
# ends within a factor 2 of the best final cost of the sweep (the best lr is 0.056, the next
# point of the grid). For this network the rule of thumb picks a good lr.
#
# Where it misleads:
# - **When you read it.** Over the first 10 updates the ratio is several times to over 30
#   times its median over the run; near the end of a converged run it is far smaller
#   (below 1.5e-4 at the best lr, because the gradient shrinks as the cost falls). One
#   reading says "too high" early and "too low" late for the same, best, lr.
# - **It does not see the limit.** lr = 0.1 to 0.32 read 9 to 19 times the rule's 1e-3,
#   "too high", yet all three converge (to costs below 0.05): the edge of stability of
#   section 1 at work. The real limit is a jump, not a slope: between 0.32 and 0.56 the runs
#   go from converging to overflowing. Only a measurement of the limit shows where it is.
#
# ## 5. The range test: fastai's and Lightning's rules against the truth
#
# The usual tool to choose a learning rate is a **range test** (Leslie Smith's, as fastai's
# `lr_find` and Lightning's learning rate finder run it): train for 100 updates while lr
# grows exponentially from 1e-7 to 10, record the smoothed loss, and apply a rule to the
# curve. fastai offers four rules (*valley*, its default, *slide*, *minimum/10* and *steep*),
# Lightning one (*steepest*). `doctor.find_lr` runs the same test on any
# `train(settings, steps) -> costs` and applies all five, and it also measures the largest
# stable lr by bisection on short runs (100 updates each; "stable" means every cost finite
# and the last tenth of the run below its first cost). Our fixed network as such a train
# function:

# %%
spec = dict(sizes=[7, 10, 2], activation="leaky_relu", output_activation="identity", leak=0.01,
            weight_init="he", bias_init=0.1, data="sincos", n=1000, reduction="mean", lr=0.05)
found = doctor.find_lr(lrfind.runspec_train, spec)
print(found)
assert np.allclose(lrfind.runspec_train({**spec, "lr": lrs[best]}, 500), hists[best].cost)  # section 4's net

# %%
ax = nplt.lr_range(found, best_lr=lrs[best])
ax.set_title("Range test on the fixed network: each rule, the measured limit, the best lr", fontsize=10);

# %%
full_lo, full_hi, _, _ = lrfind.stable_limit(lrfind.runspec_train, spec, found.stable_lr, steps=500)
print(f"limit on 500-update runs: stable at {full_lo:.3g}, unstable at {full_hi:.3g}")
outcome = {}
for name, lr in found.suggestions.items():
    h = nnlib.train(liverun.network(s_fixed), X, Y, lr=lr, epochs=500, reduction="mean")
    outcome[name] = h.cost[-1]
    print(f"{name:>10}: lr {lr:.3g} = {lr / lrs[best]:.2g} x the best lr, {lr / full_lo:.2g} x the limit; final cost {h.cost[-1]:.3g}")

# %%
sug = found.suggestions
assert abs(found.stable_lr / full_lo - 1) < 0.15 and 0.45 < full_lo < 0.62 and 8 < full_lo / lrs[best] < 12
assert all(sug[k] / lrs[best] > 0.4 for k in ("minimum/10", "steep", "steepest"))
assert all(v < full_lo / 10 for v in sug.values()) and sug["slide"] < 1e-4 and sug["valley"] < 1e-3
assert 0.02 < sug["minimum/10"] < 0.03 and 0.02 < sug["steep"] < 0.04 and 0.02 < sug["steepest"] < 0.04
assert outcome["steep"] < 2 * final[best] and outcome["valley"] > 100 * final[best] and outcome["slide"] > 10
assert np.isnan(found.growth_lr)

# %% [markdown]
# On our network:
# - the measured limit is about 0.54 (the bisection's 100-update runs and 500-update runs
#   agree within 15%), and the best lr of section 4's sweep, 0.056, is about a tenth of it;
# - *steep* and *steepest* (0.031) and *minimum/10* (0.024) land within a factor 2.5 of the
#   best lr, and *steep*'s run ends within a factor 2 of the best final cost;
# - *valley* (2.5e-4) and *slide* (1e-5) land decades lower, and their runs barely train in
#   500 epochs. Both rules were designed for the noisy minibatch curves of large networks:
#   *valley* takes the middle of the longest falling stretch, and on a smooth full-batch
#   curve that stretch starts at the smallest lr; *slide* compares the loss's slope with a
#   threshold (0.005) in the loss's own units, so it depends on how large the cost is.
# - the growth estimate of the doctor needs a steady geometric blow-up, and this network's
#   diverging runs speed up as their weights grow (section 2): it gives none.
#
# One network proves little. `benchmarks/lr_truth.py` measures the same on 240 small runs
# (nnlib nets of depth 1 to 4 with five activations, three inits, three biases, three data
# sets, sum and mean; plain NumPy linear models and MLPs, full batch and minibatch), each
# with its true stable lr (bisection on full-length runs) and best lr (lowest final cost on
# a log grid). Its table, from `benchmarks/lr_truth.json`:

# %%
bench = json.loads((Path("..") / "benchmarks" / "lr_truth.json").read_text())
full = bench["summary"]["full batch"]
print(f"{bench['counts']['full batch']} full-batch runs; |log10(estimate / truth)|, median [90th percentile]")
print(lrfind.score_table(full))

# %%
rules = ("valley", "slide", "minimum/10", "steep", "steepest")
below = [-full[k]["stable_lr"]["signed_median"] for k in rules]
assert bench["counts"]["full batch"] >= 150 and bench["runs"] >= 200
assert full["bisection"]["stable_lr"]["within15"] >= 0.9 and full["bisection"]["diverged"] < 0.1
assert all(full["bisection"]["stable_lr"]["median"] < full[k]["stable_lr"]["median"] for k in full if k != "bisection")
assert 0.25 < full["2/lambda_max"]["stable_lr"]["median"] < 0.45 and full["2/lambda_max"]["stable_lr"]["signed_median"] < 0
assert full["growth"]["stable_lr"]["given"] < 0.75 and full["growth"]["diverged"] > 0.4
assert min(below) > 0.5 and max(below) > 3 and all(full[k]["diverged"] <= 0.15 for k in rules)
always = [k for k in full if full[k]["stable_lr"]["given"] >= 0.9]
assert full["bisection"]["best_lr"]["median"] == min(full[k]["best_lr"]["median"] for k in always)

# %% [markdown]
# What the full-batch runs say (the minibatch runs are in the JSON file too):
# - **find_lr's bisection** lands within 15% of the true stable lr on at least 90% of the
#   runs (the README quotes the exact share) and, of the estimators that always answer, it
#   is the closest to the best lr as well: on most of these small runs the best lr is close
#   to the limit.
# - **2 / λ_max at the initial weights** is off by a median of 0.25 to 0.45 decades (a factor
#   about 2 to 3), mostly too low: the limit moves (sections 1 to 3).
# - **The growth estimate** answers on fewer than three runs in four (it needs a steady
#   blow-up), and training at its answer is unstable on over 40% of them: read from an
#   overshooting run, it is an upper bound more than an estimate.
# - **The range-test rules** are rarely unstable (15% of the runs or fewer) because they
#   sit far below the limit: the median of every rule is more than half a decade below,
#   and slide's is more than three decades below. They pick a safe lr, not the best.
#
# ## Summary
# - λ_max is a property of the current weights. Under full-batch gradient descent it rises
#   until lr × λ_max reaches about 2, then stays there: 02's rule, read at the initial
#   weights, says whether the first updates overshoot, not how the run ends.
# - A diverging network's growth speeds up because its curvature grows with its weights.
# - To choose lr: measure the largest stable lr (a few short runs, `doctor.find_lr`), then
#   start a little below it, or at a tenth of it to be safe. The range test's rules are
#   safe, and often too timid; the update-to-weight ratio is a rough guide, read over the
#   whole run, not at its start.
#
# Back to the start: [00 Start here](00_start_here.ipynb). The playground:
# [07 Playground](07_playground.ipynb).

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. A full-batch run on a quadratic cost at lr = 0.02 grows 16-fold per update. What is the
#    largest stable lr? (Use 02's rule backwards.)
# 2. Our fixed network trained by full-batch gradient descent at lr = 0.25: near what value
#    do you expect λ_max to settle?
# 3. Why can a run that starts with lr × λ_max = 2.07 still converge? Say in a few words
#    what changes.

# %%
exercises.check_understanding_09(
    None,   # 1. a number
    None,   # 2. a number
    None);  # 3. a few words, in quotes

# %% [markdown]
# **Next:** back to [07 Playground](07_playground.ipynb), and try lr 0.2 on the fixed settings.

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
# 1. The error grows sqrt(16) = 4-fold per update: |1 - lr lambda| = 4, lr lambda = 5,
#    lambda = 5 / 0.02 = 250, limit 2 / 250 = 0.008 (the doctor's 2 lr / (1 + sqrt(g))).
# 2. At the edge of stability lr x lambda_max hovers near 2: lambda_max near 2 / 0.25 = 8.
# 3. The curvature lambda_max moves with the weights: the first updates reach flatter weights.
assert exercises.check_understanding_09(2 * 0.02 / (1 + np.sqrt(16)), 2 / 0.25,
                                        "the curvature moves with the weights")
