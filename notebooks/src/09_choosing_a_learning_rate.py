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
# Both have one cause: **λ_max is not a constant.** You have met this before: 02's section 5
# showed the curvature moving with the weights (its sigmoid run's lr × λ_max fell from 8.5 to
# 0.16 in one step), and 07 explained its 2.07 with two measurements, at the start and at the
# end. What this notebook adds: λ_max measured along the **whole** run, the *edge of
# stability* it settles at, how fast a diverging run really grows, and then the question you
# will face with your next network: which learning rate to choose.
#
# Words used below: the *sharpness* is another name for λ_max (the steepest curvature); the
# *cost* is what the course has called it all along (the tools quoted in section 5 call it
# the *loss*).
#
# **In this notebook you will**
# 1. watch λ_max over training against 2 / lr: it rises to 2 / lr and hovers there (the
#    *edge of stability*), or levels off below it;
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
s_fixed = liverun.DEFAULT.replace(**fixed)
X, Y = liverun.data(s_fixed)
paths = {lr: lrfind.sharpness(s_fixed.network(), X, Y, lr, epochs=1000, every=25)
         for lr in (0.05, 0.1, 0.2)}

# %%
fig, (ax, axc) = plt.subplots(2, 1, figsize=(7, 5.4), sharex=True, height_ratios=(3, 2))
for (lr, (at, lam, cost)), color in zip(paths.items(), ("tab:blue", "tab:orange", "tab:green")):
    ax.plot(at, lam, "o-", ms=3, color=color, label=f"lr = {lr}")
    ax.hlines(2 / lr, 0, 1000, color=color, linestyle="--", linewidth=1)
    ax.text(1015, 2 / lr, f"2 / lr = {2 / lr:g}", color=color, va="center", fontsize=8)
    axc.semilogy(cost, color=color, linewidth=1)
ax.set_xlim(-20, 1200)
ax.set_ylabel("λ_max at the current weights")
ax.set_ylim(0, 45)
ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.42, 1.0))
ax.set_title("λ_max rises to 2 / lr, or levels off below it", fontsize=10)
axc.set_xlabel("epoch")
axc.set_ylabel("cost")
fig.tight_layout()

# %%
lam0 = paths[0.05][1][0]
settled = {lr: np.nanmedian(lam[len(lam) // 2:]) for lr, (at, lam, cost) in paths.items()}
print(f"lambda_max at the initial weights: {lam0:.1f}")
for lr, (at, lam, cost) in paths.items():
    print(f"lr {lr}: lambda_max over the second half {settled[lr]:.1f} (2 / lr = {2 / lr:g}); cost {cost[0]:.1f} -> {cost[-1]:.4f}; "
          f"{np.isnan(lam).sum()} of {len(lam)} measurements did not settle")
ups = {lr: int((np.diff(cost) > 0).sum()) for lr, (at, lam, cost) in paths.items()}
print("updates that raised the cost:", ups)
assert round(lam0, 1) == 13.8
assert 30 < settled[0.05] < 36 and np.nanmax(paths[0.05][1]) < 40      # sharpened, still below 2 / lr
assert round(settled[0.05] / lam0, 1) == 2.4
assert abs(settled[0.1] / 20 - 1) < 0.05 and abs(settled[0.2] / 10 - 1) < 0.05
assert round(0.2 * lam0, 2) == 2.76 and paths[0.2][2][-1] < paths[0.2][2][0] / 1000
assert all(np.isnan(lam).sum() < len(lam) / 4 for at, lam, cost in paths.values())
assert ups[0.1] > 100 and ups[0.2] > 100 and ups[0.05] == 0        # on average, not every update

# %% [markdown]
# At the initial weights λ_max is 13.8 for all three runs (the same net). Then it moves:
# - at **lr = 0.05** it rises to about 33, 2.4 times its start, and levels off below
#   2 / lr = 40. The curvature grows as the network learns: this is called *progressive
#   sharpening*;
# - at **lr = 0.1** it rises until it meets 2 / lr = 20, and hovers there (within 5% over
#   the second half of the run);
# - at **lr = 0.2** lr × λ_max starts at 2.76, above the limit, so 02's rule says the run
#   must blow up. It falls a thousandfold all the same, and λ_max hovers at 2 / lr = 10.
#
# A gap in a curve is a measurement left out: the power iteration that measures λ_max did
# not settle (it is slow when the two largest curvatures are nearly equal). Where the gaps
# fall can change from one computer to the next; the curves around them do not.
#
# What happens in the first updates at lr = 0.2? λ_max and the cost after each of the first
# five:

# %%
at5, lam5, cost5 = lrfind.sharpness(s_fixed.network(), X, Y, 0.2, epochs=5, every=1)
print("epoch:     ", at5.tolist())
print("lambda_max:", np.round(lam5, 1))
print("cost:      ", np.round(cost5, 3))
assert round(lam5[0], 1) == 13.8 and cost5[1] < cost5[0] / 4       # above 2 / lr, and the cost falls
assert np.nanmax(lam5[1:4]) > 20 and np.nanmin(lam5[4:]) < 10      # bounces, then a flatter place

# %% [markdown]
# The first update cuts the cost more than fourfold, although lr × λ_max is 2.76: it
# overshoots only along the steepest direction, which holds a small share of the cost,
# while every other direction shrinks. The next updates bounce (λ_max jumps above 20 and
# back, the cost up and down) until the weights reach a flatter place: after five updates
# λ_max is below 2 / lr = 10. The cost panel under the figure shows the rest: at lr = 0.1
# and 0.2 the cost rises on hundreds of updates (counted above), yet falls on average;
# at lr = 0.05, below the edge, it falls on every one.
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
s_boom = liverun.DEFAULT.replace(output_activation="identity", leak=0.01, lr=1e-3)
X_boom, Y_boom = liverun.data(s_boom)
at, lam_boom, c_boom = lrfind.sharpness(s_boom.network(), X_boom, Y_boom, 1e-3, epochs=3,
                                        every=1, reduction="sum")
ratio_boom = 1e-3 * lam_boom[:3]                 # lr x lambda_max at the start of updates 1, 2, 3
predicted = (ratio_boom - 1) ** 2                # 02's rule: the cost's growth on a quadratic
actual = c_boom[1:] / c_boom[:-1]
net_boom, norms = s_boom.network(), []    # the same run again, to read its weights
for k in range(3):
    norms.append([np.linalg.norm(W) for W in net_boom.weights])
    nnlib.train(net_boom, X_boom, Y_boom, lr=1e-3, epochs=1, reduction="sum", record=False)
for k in range(3):
    print(f"update {k + 1}: |W1| {norms[k][0]:7.3g}, |W2| {norms[k][1]:7.3g}; lr x lambda_max {ratio_boom[k]:8.4g}, "
          f"rule predicts x{predicted[k]:.3g}, cost grew x{actual[k]:.3g} ({actual[k] / predicted[k]:.2g} times the rule)")
print(f"over the three updates: x{(c_boom[3] / c_boom[0]) ** (1 / 3):.3g} per update on average")

# %%
gap = actual / predicted
assert round(ratio_boom[0], 1) == 20.4 and round(predicted[0], -1) == 380
assert np.all(np.diff(ratio_boom) > 0) and ratio_boom[1] > 600
assert round(actual[0], -2) == 1600 and actual[2] > 1e15
assert round((c_boom[3] / c_boom[0]) ** (1 / 3) / 1e7, 1) == 7.6
assert 0.1 < gap[1] < 1 and 1e8 < gap[2] < 1e9                   # the rule holds for update 2, not 3
assert norms[2][0] > 100 * norms[1][0] and norms[2][1] > 100 * norms[1][1]

# %% [markdown]
# 02's rule, (lr × λ_max − 1)², holds on a quadratic, whose curvature is the same everywhere,
# and even there only once the steepest direction dominates the error (02's runs showed it
# from the second or third step on). Our network's cost is not a quadratic: its output
# multiplies the two layers' weights, so the gradient for the first layer's weights W1 is
# multiplied by W2, and the curvature along W1 grows like |W2|² (and along W2 like the
# squared size of the hidden units, which grow with W1). Each step is so large that it lands
# where the cost is far steeper:
# - before update 1, lr × λ_max is 20.4 (the rule predicts ×376); the cost grows about
#   1,600-fold, and after it lr × λ_max is over 600;
# - by update 2 the steepest direction dominates, the case where the rule holds on a
#   quadratic, and it holds for that one update: lr × λ_max is 639, and the cost grows
#   within a factor 4 of the rule's ×4 × 10⁵;
# - but update 2 multiplies both layers' weights over 100-fold (|W1| and |W2| above), and
#   the curvature with them: update 3 grows the cost about 4 × 10⁸ times more than the
#   curvature at its start predicts.
#
# The average over the three updates, about 7.6 × 10⁷ per update, is the caption's
# "7.62e7-fold" in 07. On a quadratic the cost of a diverging run grows by the same factor
# every update; here the factor itself grows, which is why 07's cost panel of this run bends
# upward on its log scale. 02's rule still tells you the run will explode; it cannot tell
# you how fast.
#
# ## 3. Why 07's check 1 reads 2.07 while the cost falls
#
# Check 1 of 07: the default playground at N = 10,000 (summed cost, lr 1e-5). Its readout,
# lr × λ_max = 2.07, is measured at the initial weights. Measured as the run goes, in float32
# as the playground trains, and on 3,000 of the samples scaled to N as its readout does:

# %%
s_big = liverun.DEFAULT.replace(n=10_000)
X_big, Y_big = liverun.data(s_big)
marks = (0, 1, 2, 3, 10, 30, 300, 1000)
_, lam_big, big_cost = lrfind.sharpness(s_big.network(), X_big, Y_big, 1e-5, epochs=1000, every=marks,
                                        samples=3000, reduction="sum", dtype="float32")
ratio_big = 1e-5 * lam_big
print("epoch:          ", marks)
print("lr x lambda_max:", np.round(ratio_big, 2))
print("cost:           ", np.round(big_cost[list(marks)], -2))

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2))
ax1.semilogx(np.array(marks) + 1, ratio_big, "o", label="measured")
ax1.axhline(2, color="k", linestyle="--", linewidth=1, label="limit 2")
ax1.set_xlabel("epoch + 1 (so that epoch 0 fits a log axis)")
ax1.set_ylabel("lr × λ_max")
ax1.legend(fontsize=8)
ax1.set_title("N = 10,000, summed: the readout moves", fontsize=10)
ax2.loglog(np.arange(1, len(big_cost) + 1), big_cost)
ax2.set_xlabel("epoch + 1")
ax2.set_ylabel("cost")
ax2.set_title("its cost", fontsize=10)
fig.tight_layout()

# %%
r = dict(zip(marks, ratio_big))
assert round(r[0], 2) == 2.07 and round(r[1]) == 4 and r[2] < 1.5 and abs(r[3] - 2.2) < 0.05  # up, below 2, just above
assert big_cost[1] > big_cost[0] and big_cost[2] > big_cost[1] and big_cost[3] < big_cost[0] / 4 and big_cost[4] < big_cost[3]
assert 1.7 < r[30] < 1.85 and 1.9 < r[1000] < 2 and r[30] < r[300] < r[1000]

# %% [markdown]
# The readout's 2.07 holds only at epoch 0. The first update overshoots (lr × λ_max is about
# 4 at the weights it reaches, and the cost rises for two updates), the second lands on
# flatter weights, where lr × λ_max is below 1.5, and the third brings the cost far down. At
# epoch 3 lr × λ_max is back above 2, and still the cost falls: just above 2 only the
# steepest direction grows, by |1 − lr × λ_max|, about 1.2 times per update, and it holds a
# small share of the cost, while every other direction shrinks. Then the sharpening of
# section 1 sets in: lr × λ_max climbs back, from about 1.8 at epoch 30 to just under 2 at
# epoch 1000, where the zigzag of 07's close-up lives. So 07's readout is a warning about
# the first updates, and that is what it is for: it is known before training.
#
# The playground can draw this curve too, for any settings it runs with plain gradient
# descent: add the panel option `"sharpness"`:
#
#     from nnlib.live import livefig, widgets
#     widgets.Playground(panels=livefig.DEFAULT_PANELS + ("sharpness",))
#
# (it measures λ_max at six epochs of the run, so each move costs one more run).
#
# ## 4. The update-to-weight ratio and its rule of thumb
#
# Another number is often read to choose lr: the **update-to-weight ratio**, the size of one
# update relative to the size of the weights it changes, ‖lr · gradient‖ / ‖W‖, for each
# layer at each epoch (`History.update_ratio`, an epochs × layers array). A rule of thumb
# from Stanford's CS231n course says it should be around 1e-3: much larger and lr is
# probably too high, much smaller and too low. 07's caption quotes it (its *median update*).
# Does it hold here? The fixed network for 500 epochs at 13 learning rates, four per decade
# from 0.001 to 1. One number per run, as 07's caption reads it: the median of the ratios of
# both layers at all epochs, pooled together (and, to see how it moves, of the first 10 and
# the last 50 epochs only):

# %%
lrs = 10 ** np.arange(-3, 0.01, 0.25)
hists = [nnlib.train(s_fixed.network(), X, Y, lr=lr, epochs=500, reduction="mean") for lr in lrs]
final = np.array([np.inf if h.diverged else h.cost[-1] for h in hists])
median_ratio = np.array([np.nanmedian(h.update_ratio) for h in hists])
first_ratio = np.array([np.nanmedian(h.update_ratio[:10]) for h in hists])
last_ratio = np.array([np.nanmedian(h.update_ratio[-50:]) for h in hists])
best = int(np.argmin(final))
near = int(np.argmin(np.abs(np.log10(median_ratio[np.isfinite(final)] / 1e-3))))   # the lr the rule picks

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ok = np.isfinite(final)
ax1.loglog(lrs[ok], final[ok], "o-", label="final cost")
ax1.plot(lrs[~ok], np.ones((~ok).sum()), "rx", ms=8, clip_on=False, transform=ax1.get_xaxis_transform(),
         label="diverged (cost inf)")
ax1.set_ylabel("final cost (500 epochs)")
ax1.set_title("the cost each lr reaches", fontsize=10)
for ratio, label, color in ((median_ratio, "median over the run", "tab:blue"), (first_ratio, "first 10 epochs", "tab:orange"),
                            (last_ratio, "last 50 epochs", "tab:purple")):      # green is the best lr's
    ax2.loglog(lrs[ok], ratio[ok], "o-", ms=3, color=color, label=label)
ax2.axhline(1e-3, color="k", linestyle="--", linewidth=1, label="rule of thumb 1e-3")
ax2.set_ylabel("update / weight")
ax2.set_title("the update-to-weight ratio", fontsize=10)
for ax in (ax1, ax2):
    ax.axvline(lrs[near], color="0.5", linestyle=":", linewidth=1)
    ax.axvline(lrs[best], color="tab:green", linewidth=1.5, alpha=0.7)
    ax.set_xlabel(f"lr (dotted: {lrs[near]:.2g}, the rule's pick; green: {lrs[best]:.2g}, the best)")
    ax.legend(fontsize=7)
fig.tight_layout()

# %%
print(f"best lr {lrs[best]:.3g}: final cost {final[best]:.2g}, median ratio {median_ratio[best]:.2g}, last 50 updates {last_ratio[best]:.2g}")
print(f"ratio nearest 1e-3 at lr {lrs[near]:.3g} ({median_ratio[near]:.2g}): final cost {final[near]:.2g}")
print(f"first 10 epochs read {np.min(first_ratio[ok] / median_ratio[ok]):.0f} to {np.max(first_ratio[ok] / median_ratio[ok]):.0f} times the median")
hot = ok & (lrs >= 0.1)
print(f"lr 0.1 to {lrs[hot].max():.2g}: median ratio {median_ratio[hot].min():.2g} to {median_ratio[hot].max():.2g}, final cost up to {final[hot].max():.2g}")

# %%
assert round(lrs[best], 3) == 0.056 and round(lrs[near], 3) == 0.032 and final[near] < 2 * final[best]
assert 0.9e-3 < median_ratio[near] < 1.1e-3 and last_ratio[best] < 1.5e-4
spread = first_ratio[ok] / median_ratio[ok]
assert abs(spread.min() / 3 - 1) < 0.17 and abs(spread.max() / 38 - 1) < 0.05 and abs(last_ratio[best] / 9e-5 - 1) < 0.1
assert hot.sum() == 3 and np.all(median_ratio[hot] > 8e-3) and np.all(median_ratio[hot] < 2e-2)
assert np.all(final[hot] < 0.05)
assert last_ratio[best] == last_ratio[ok].min() and median_ratio[best] < median_ratio[near] / 1.5  # the dip
assert median_ratio[hot].min() > 10 * median_ratio[best]                                            # the jump
assert np.isinf(final[lrs > 0.5]).all()

# %% [markdown]
# Where the rule holds: the learning rate whose median ratio is nearest 1e-3 is 0.032, and it
# ends within a factor 2 of the best final cost of the sweep (the best lr is 0.056, the next
# point of the grid). For this network the rule of thumb picks a good lr.
#
# Two features of the right panel: the ratio **dips** at the best lr, 0.056, because that
# run converges fastest, and the gradient shrinks as the cost falls (its last 50 epochs read
# the lowest ratio of the sweep). It **jumps** more than tenfold at lr 0.1 and above: those
# runs sit at the edge of stability of section 1, zigzagging across the valley, so their
# gradient, and with it each update, stays large while the cost still falls.
#
# Where it misleads:
# - **When you read it.** Over the first 10 epochs the ratio is 3 to 38 times its median
#   over the run; near the end of a converged run it is far smaller (9e-5 over the last 50
#   epochs at the best lr, because the gradient shrinks as the cost falls). One
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
# grows exponentially from 1e-7 to 10, one update at each lr, record the cost, smooth it,
# and apply a rule to the smoothed curve. The test stops early once the smoothed cost is 4
# times its lowest value, so the curve ends where the runs start to diverge. The rules:
#
# | rule | from | it suggests |
# |---|---|---|
# | *valley* | fastai's default | a point a little past the middle of the longest falling stretch of the curve |
# | *slide* | fastai | moving left from the end, the first lr where the curve's slope at two points 15 apart differs by less than 0.005 |
# | *minimum/10* | fastai | a tenth of the lr where the smoothed cost is lowest |
# | *steep* | fastai | the lr where the cost falls fastest against log lr |
# | *steepest* | Lightning | the same, measured per update and skipping the first 10 |
#
# `doctor.find_lr` runs the same test on any `train(settings, steps) -> costs` and applies
# all five, and it also measures the largest stable lr by *bisection*: it finds one stable
# and one unstable lr, then tries the lr halfway between them (on a log scale), keeps the
# half where the answer changes, and repeats until the two are within 5%. Each try is a
# short run (100 updates); "stable" means every cost finite and the last tenth of the run
# below its first cost. Our fixed network as such a train function:

# %%
spec = dict(sizes=[7, 10, 2], activation="leaky_relu", output_activation="identity", leak=0.01,
            weight_init="he", bias_init=0.1, data="sincos", n=1000, reduction="mean", lr=0.05)  # = s_fixed in doctor's format
found = doctor.find_lr(lrfind.runspec_train, spec)
print(found)
assert np.allclose(lrfind.runspec_train({**spec, "lr": lrs[best]}, 500), hists[best].cost)  # section 4's net

# %%
ax = nplt.lr_range(found, best_lr=lrs[best])
ax.set_title("Range test on the fixed network: each rule, the measured limit, the best lr", fontsize=10);

# %%
i_low = int(np.argmin(found.smoothed))
memory = 1 / (1 - lrfind.BETA)                                         # updates the average remembers
decades = memory * np.log10(10 / 1e-7) / 99                            # lr grows 8 decades over 99 steps
print(f"the smoothing remembers about {memory:.0f} updates: {decades:.1f} decades of lr")
print(f"{len(found.lrs)} of 100 updates before the test stopped, at lr {found.lrs[-1]:.2g}")
print(f"raw cost {found.losses[0]:.3g} -> lowest {found.losses.min():.2g}; smoothed {found.smoothed[0]:.3g} -> lowest "
      f"{found.smoothed[i_low]:.2g} at lr {found.lrs[i_low]:.2g}")
assert len(found.lrs) < 100 and 0.4 < found.lrs[-1] < 2 and round(decades) == 4
assert abs(found.losses.min() / 0.6 - 1) < 0.1 and abs(found.smoothed.min() / 13 - 1) < 0.1
assert round(found.smoothed[0]) == 22 and len(found.lrs) == 85 and round(found.lrs[-1], 2) == 0.61

# %% [markdown]
# The smoothed curve (black) falls only from about 22 to 13 while the raw cost (grey) falls
# to about 0.6: the smoothing is fastai's, an average that weighs each new cost by 0.02, so
# it remembers about the last 50 updates, and over this test those span four decades of
# lr. The rules read that lagging curve, so their answers trail the raw cost's fall. The
# test stopped after 85 updates, at lr 0.61, where the smoothed cost passed 4 times its
# lowest value: that is why the axis ends there and not at 10.
#
# Is the measured limit the limit of a real run? The same bisection on runs of 500 updates,
# as long as section 4's:

# %%
full_lo, full_hi, _, _ = lrfind.stable_limit(lrfind.runspec_train, spec, found.stable_lr, steps=500)
print(f"limit on 100-update runs: {found.stable_lr:.3g}; on 500-update runs: stable at {full_lo:.3g}, unstable at {full_hi:.3g}")
assert abs(found.stable_lr / 0.54 - 1) < 0.05 and abs(full_lo / 0.54 - 1) < 0.05

# %% [markdown]
# And how well does each suggestion train, 500 epochs as in section 4?

# %%
outcome = {}
for name, lr in found.suggestions.items():
    outcome[name] = nnlib.train(s_fixed.network(), X, Y, lr=lr, epochs=500, reduction="mean").cost[-1]
    print(f"{name:>10}: lr {lr:.2g} = {lr / lrs[best]:.2g} x the best lr, {lr / full_lo:.2g} x the limit; final cost {outcome[name]:.2g}")

# %%
sug = found.suggestions
assert 8 < full_lo / lrs[best] < 12
assert all(sug[k] / lrs[best] > 0.4 for k in ("minimum/10", "steep", "steepest"))
assert all(v < full_lo / 10 for v in sug.values()) and sug["slide"] < 1e-4 and sug["valley"] < 1e-3
assert 0.02 < sug["minimum/10"] < 0.03 and 0.02 < sug["steep"] < 0.04 and 0.02 < sug["steepest"] < 0.04
assert outcome["steep"] < 2 * final[best] and outcome["valley"] > 100 * final[best] and outcome["slide"] > 10
assert np.isnan(found.growth_lr)

# %% [markdown]
# On our network:
# - the measured limit is about 0.54 on runs of 100 and of 500 updates alike, and the best
#   lr of section 4's sweep, 0.056, is about a tenth of it;
# - *steep* and *steepest* (0.031, one line on the other) and *minimum/10* (0.024) land
#   within a factor 2.5 of the best lr, and *steep*'s run ends within a factor 2 of the
#   best final cost;
# - *valley* (2.5e-4) and *slide* (1e-5) land decades lower, and their runs barely train in
#   500 epochs. Both rules were designed for the noisy minibatch curves of large networks:
#   *valley* takes the middle of the longest falling stretch, and on a smooth full-batch
#   curve that stretch starts at the smallest lr; *slide* compares the cost's slope with a
#   threshold (0.005) in the cost's own units, so it depends on how large the cost is.
# - the doctor's growth estimate (notebook 08: 2 lr / (1 + √g) for a cost growing g-fold
#   per update) needs a steady geometric blow-up, and this network's diverging runs speed
#   up as their weights grow (section 2): it gives none.
#
# One network proves little. `benchmarks/lr_truth.py` measures the same on 240 small runs
# (nnlib nets of depth 1 to 4 with five activations, three inits, three biases, three data
# sets, sum and mean; plain NumPy linear models and MLPs, full batch and minibatch), each
# with its true stable lr (bisection on full-length runs) and best lr (lowest final cost on
# a log grid). Its table, from `benchmarks/lr_truth.json`: for each estimator, how far its
# answer is from each truth in decades (the median of |log10(estimate / truth)|, the 90th
# percentile in brackets), the *signed* median (below 0: too low), the share within 15% of
# the stable lr, the share of runs it answers on, and *unstable*, the share of its answers
# at which training is unstable:

# %%
bench = json.loads((Path("..") / "benchmarks" / "lr_truth.json").read_text())
full = bench["summary"]["full batch"]
print(f"{bench['counts']['full batch']} full-batch runs")
print(lrfind.score_table(full))
runs = [r for r in bench["results"] if r["full_batch"] and np.isfinite([r["stable_lr"], r["best_lr"]]).all()]
best_over_limit = np.median([r["best_lr"] / r["stable_lr"] for r in runs])
print(f"best lr / stable lr: median {best_over_limit:.2f} over {len(runs)} runs; ours {lrs[best] / full_lo:.2f}")

# %%
rules = ("valley", "slide", "minimum/10", "steep", "steepest")
below = [-full[k]["stable_lr"]["signed_median"] for k in rules]
assert bench["counts"]["full batch"] >= 150 and bench["runs"] >= 200
assert round(full["bisection"]["stable_lr"]["within15"], 2) == 0.96 and full["bisection"]["diverged"] < 0.1
assert all(full["bisection"]["stable_lr"]["median"] < full[k]["stable_lr"]["median"] for k in full if k != "bisection")
lam_row = full["2/lambda_max"]["stable_lr"]
assert round(lam_row["median"], 2) == 0.34 and round(lam_row["signed_median"], 2) == -0.34
assert round(full["growth"]["stable_lr"]["given"], 2) == 0.62 and round(full["growth"]["diverged"], 2) == 0.53
assert round(min(below), 2) == 0.73 and round(max(below), 2) == 4.07 and round(max(full[k]["diverged"] for k in rules), 2) == 0.10
always = [k for k in full if full[k]["stable_lr"]["given"] >= 0.9]
assert full["bisection"]["best_lr"]["median"] == min(full[k]["best_lr"]["median"] for k in always)
assert round(best_over_limit, 2) == 0.75 and lrs[best] / full_lo < 0.15

# %% [markdown]
# What the full-batch runs say (the minibatch runs are in the JSON file too):
# - **find_lr's bisection** lands within 15% of the true stable lr on 96% of the runs and,
#   of the estimators that always answer, it is the closest to the best lr as well: on most
#   of these small runs the best lr is close to the limit (the median best lr is 0.75 times
#   the stable lr). Our network is the opposite case: its best lr is a tenth of its limit.
# - **2 / λ_max at the initial weights** is off by a median of 0.34 decades (a factor about
#   2.2), and its signed median, −0.34, says it is mostly too low: the limit moves (sections
#   1 to 3).
# - **The growth estimate** answers on 62% of the runs (it needs a steady blow-up), and
#   training at its answer is unstable on 53% of them: read from an overshooting run, it is
#   an upper bound more than an estimate.
# - **The range-test rules** are rarely unstable (10% of the runs or fewer) because they
#   sit far below the limit: their signed medians run from −0.73 decades (minimum/10, a
#   factor 5 below) to −4.07 (slide). They pick a safe lr, not the best.
#
# So which lr, once the limit is measured? On the benchmark the best lr is most often near
# the limit, on our network a tenth of it. Two tries cover both: the limit / 2 and the
# limit / 10. How far the nearer of the two is from the best lr, on the benchmark's runs,
# and what both give on our network:

# %%
near_try = [min(abs(np.log10(r["best_lr"] / (r["stable_lr"] / k))) for k in (2, 10)) for r in runs]
share = np.mean(np.array(near_try) <= np.log10(2))
print(f"benchmark: the nearer of limit/2 and limit/10 is within a factor 2 of the best lr on {share:.0%} of {len(runs)} runs")
tries = {k: nnlib.train(s_fixed.network(), X, Y, lr=full_lo / k, epochs=500, reduction="mean").cost[-1] for k in (2, 10)}
print(f"ours: limit/2 ends at {tries[2]:.2g}, limit/10 at {tries[10]:.2g}; the sweep's best {final[best]:.2g}")
assert round(share, 2) == 0.99 and min(tries.values()) < 1.5 * final[best] and tries[10] < tries[2] / 3

# %% [markdown]
# The nearer try is within a factor 2 of the best lr on 99% of the benchmark's runs, and on
# our network the limit / 10 ends within 1.5 times the sweep's best cost (the limit / 2
# ends several times higher).
#
# ## Summary
# - λ_max (the sharpness) is a property of the current weights. Under full-batch gradient
#   descent it rises until lr × λ_max reaches about 2, or levels off below: 02's rule, read
#   at the initial weights, says whether the first updates overshoot, not how the run ends.
# - A diverging network's growth speeds up because its curvature grows with its weights.
# - To choose lr: measure the largest stable lr (a few short runs, `doctor.find_lr`), then
#   try the limit / 2 and the limit / 10, and keep the better one: on most of the
#   benchmark's runs the best lr is close to the limit, on ours it is a tenth of it. The
#   range test's rules are safe, and often too timid; the update-to-weight ratio is a rough
#   guide, read over the whole run, not at its start.
#
# Back to the start: [00 Start here](00_start_here.ipynb). The playground:
# [07 Playground](07_playground.ipynb).

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. 02's rule run backwards turns a cost's growth per update g into the limit,
#    2 lr / (1 + √g): the doctor's growth estimate. On 07's exploding run (lr 1e-3, about
#    7.6 × 10⁷-fold per update) it gives a wrong limit. Why? Answer with a letter (printed
#    below).
# 2. Our fixed network at lr = 0.25: it starts at λ_max = 13.8, so lr × λ_max = 3.45, above
#    2. If the run converges, near what value does λ_max end?
# 3. Why can a run that starts with lr × λ_max = 2.07 still converge? Answer with a letter.

# %%
for question, options in ((1, exercises.choosing.WHY_GROWTH_FAILS), (3, exercises.choosing.WHY_2_07_CONVERGES)):
    print(f"Question {question}:", *(f"  {k}. {text}" for k, text in options.items()), sep="\n")

# %%
exercises.check_understanding_09(
    None,   # 1. a letter, in quotes
    None,   # 2. a number
    None);  # 3. a letter, in quotes

# %% [markdown]
# **Next:** back to [07 Playground](07_playground.ipynb) with the fixed settings at lr 0.2,
# started from its link (the line printed below goes into
# `widgets.playground(state=...)`, or after the app's address). Before you run it, write
# down what you expect the cost to do in its first epochs, and where lr × λ_max ends.

# %%
link = s_fixed.replace(lr=0.2).to_query()
print(f"?{link}")
assert nnlib.RunSpec.from_query(link) == nnlib.RunSpec(lr=0.2, leak=0.01, bias_init="0.1", reduction="mean",
                                                       output_activation="identity", weight_init="he")

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
# 1. b: 02's rule holds when the curvature stays put. Section 2: the cost grows 1,600-fold in
#    update 1 and over 1e15-fold in update 3, as the weights and the curvature grow.
# 2. At the edge of stability lr x lambda_max hovers near 2: lambda_max near 2 / 0.25 = 8.
#    The run at lr 0.25, measured: lambda_max ends near 8, and, as at lr 0.2, even the first
#    update lowers the cost (its overshoot is along the steepest direction only).
# 3. b: lambda_max moves with the weights; the first updates reach flatter weights.
at25, lam25, cost25 = lrfind.sharpness(s_fixed.network(), X, Y, 0.25, epochs=1000, every=250)
print(f"lr 0.25: cost {cost25[0]:.3g} -> {cost25[1]:.3g} after one update, {cost25[-1]:.2g} at the end; "
      f"lambda_max at epochs {at25.tolist()}: {np.round(lam25, 1)}")
assert cost25[1] < cost25[0] and cost25[-1] < cost25[0] / 100 and abs(np.nanmedian(lam25[2:]) / 8 - 1) < 0.1
assert exercises.check_understanding_09("b", 2 / 0.25, "b")
