# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 07 · The playground
#
# Every knob of the course in one place. It starts from the answer's own rewrite:
# `[7, 10, 2]`, leaky ReLU with LEAK = 1e-4 on every layer (output too), weights U(-1, 1),
# biases U(0, 1), the **summed** cost, lr = 1e-5, 2000 epochs on the sin/cos data with N = 1000.
# You can change the network itself too (add or remove hidden layers, pick their activation)
# and the data (the question's random targets), and see what the network computes (the fit
# panel) and how the gradient flows through each layer (the gradients panel).
#
# **Goals.** After this notebook you can make the cost run off to infinity, make it freeze,
# and fix both, and you can say which number told you so before you looked at the curve.
#
# **Reading this without a running kernel** (on GitHub, say)? The sliders need Python
# behind them, so each one is shown here as a still picture of what it draws, with the text
# it prints under the plot. To move them, open this notebook in JupyterLab and run all cells,
# or open the app (`make app`, or the Binder link in the README).

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import io

import numpy as np
from IPython.display import Image
from matplotlib.figure import Figure

import nnlib
from nnlib import exercises, lrfind
from nnlib.live import controls, liverun, runlink, widgets

# %% [markdown]
# ## What you can change
#
# | control | what it sets |
# | --- | --- |
# | **lr** | the learning rate: the size of each gradient step (log slider, 1e-7 to 10) |
# | **LEAK** | the slope of a leaky ReLU for inputs below 0; **LEAK = 0 is the plain ReLU** (dies when its input stays ≤ 0) |
# | **bias init** | the starting biases: `none` (no bias terms at all), `0`, `0.1`, or `U(0,1)` (uniform between 0 and 1) |
# | **N samples** | how many samples of the sin/cos data the network trains on (10 to 100,000) |
# | **epochs** | how many full-batch gradient steps (10 to 10,000) |
# | **seed** | the random starting weights (0 to 19); the data stay the same |
# | **hidden** | the hidden layer sizes, typed: `10, 10` is the net `[7, 10, 10, 2]`; `none` is `[7, 2]`; up to 3 layers of 1 to 64 units (press Enter; a size out of range is a note under the plot) |
# | **hidden act.** | the hidden layers' activation: leaky ReLU, ReLU, `sigmoid`, `tanh`, or `identity` |
# | **data** | `sin/cos` (the answer's), `random targets` (the question's: targets unrelated to the inputs), or `sin/cos, standardised x` (each input shifted and scaled to mean 0, std 1) |
# | **cost** | `sum` adds the squared errors of all N samples (the question's cost), `mean` averages them |
# | **output** | the output layer's activation: leaky ReLU, ReLU, `identity` (linear: the output is z itself), `sigmoid`, or `tanh` |
# | **weights** | the starting weights: `uniform` U(-1, 1) (the question's), `he` N(0, 2 / fan-in), `xavier` N(0, 2 / (fan-in + fan-out)) |
# | **adaptive lr** | halve lr whenever an update raises the cost (the answer's rule, notebook 06) |
# | **optimizer** | plain gradient descent (`sgd`), `momentum`, or `adam` (notebook 06) |
#
# Two of these need a word. **`sigmoid`**, the activation of the question's network that
# trained (notebooks 01 and 02), squashes z into 1 / (1 + e^(-z)), always between 0 and 1.
# Every target of our data is above 1, so a sigmoid output can never reach them: its cost
# settles, high (`tanh`, its cousin between -1 and 1, cannot either). **`xavier`**
# (Glorot's init), new here, scales the starting weights to the number of units on both sides of a
# layer (variance 2 / (fan-in + fan-out)), which suits sigmoid and linear units; `he` scales
# them to the inputs only (variance 2 / fan-in), which suits ReLU units, about half of which
# are off at any time.
#
# | panel | what it shows |
# | --- | --- |
# | **cost** (log scale) | the cost after each epoch; a red × marks the epoch where it overflowed to infinity |
# | **dead units per layer** | the share of each layer's units whose input is ≤ 0 on every sample (they pass no gradient back); 1 means the whole layer is dead |
# | **stability** | lr × λ_max against the limit 2, where λ_max is the cost's steepest curvature at the **initial** weights (notebook 02): green below 2, red above |
# | **fit** | the trained net's prediction against the target, for 300 fixed samples and each output; on the dashed line y = x the net learned the function; a flat row is a constant (the targets' mean, or 0 if the output is dead) |
# | **gradient norm per layer** | the size of each layer's gradient after each epoch (log scale): a layer decades below the others is starved (vanishing), lines that climb are exploding |
# | under the figure | the diagnosis in words (one of *diverging*, *dead*, *stalled*, *oscillating*, *slow*, *converging*) with the first thing to try, then any note |
#
# Work is bounded so that the plot answers at once: N × epochs × weights (biases counted) is
# capped (the run stops early and the note says so). For the answer's net, with its 102
# weights and biases, that is 10 million samples × epochs (the cap printed below, divided by
# 102); the largest net, `64, 64, 64`, has 8,962 and gets 1 epoch at N = 100,000. λ_max is
# estimated on at most 3,000 samples:

# %%
lr_slider, n_slider = controls.make_control("lr", 1e-5), controls.make_control("n", 1000)
assert len(controls.CONTROLS) == 14 and (lr_slider.min, lr_slider.max) == (-7, 1)  # 1e-7 to 10
assert (n_slider.options[0][1], n_slider.options[-1][1]) == (10, 100_000)
biggest = liverun.DEFAULT.replace(sizes=(7, 64, 64, 64, 2), n=100_000, epochs=10_000)
assert liverun.n_params(liverun.DEFAULT.sizes) == 102 and liverun.MAX_PARAMS == 8962
assert liverun.WORK_CAP == 102 * 10_000_000 and liverun.capped_epochs(biggest)[0] == 1
assert liverun.CURVATURE_SAMPLES == 3_000
print(f"N x epochs x weights: at most {liverun.WORK_CAP:,}, so {liverun.WORK_CAP // 102:,} N x epochs for 102 weights")
print(f"lambda_max: on at most {liverun.CURVATURE_SAMPLES:,} samples")
assert liverun.data(liverun.DEFAULT)[1].min() > 1  # every target is above 1 (the sigmoid's ceiling)

# %% [markdown]
# ## The default settings, without a kernel
#
# This picture is what the playground shows before you touch it (the same code, run once),
# with the text it prints under its plot.

# %%
default = liverun.run(liverun.DEFAULT)
widgets.static(default)

# %% [markdown]
# With these settings the network trains: the cost falls from 3,880 (the hollow circle at
# the left is epoch 0; one update brings it to 2,660) to about 7, no unit dies, and
# lr × λ_max = 0.2 is far below 2. The diagnosis still says *slow*: lr is about ten times
# below the largest stable one, and the caption's *median update* (how far one update moves
# the weights, relative to their size) is 0.00012, where about 0.001 is
# healthy (a rule of thumb from Stanford's CS231n course; notebook 09, section 4, measures
# where it holds and where it misleads). In the fit panel the points of both outputs lie close to the line y = x (off by
# 0.04 and 0.08 on average): the net has learned the function. The two layers' gradients
# shrink together as the cost falls, 465-fold and 1,324-fold.

# %%
h = default.history
assert h.status == "ok" and round(h.cost[0], -1) == 3880 and round(h.cost[1], -1) == 2660 and round(h.cost[-1]) == 7
assert round(float(default.diagnosis.evidence["median_update_ratio"]), 5) == 0.00012
assert (h.dead_fraction[-1] == 0).all() and round(default.ratio, 1) == 0.2
assert default.diagnosis.kind == "slow" and round(2 / default.ratio) == 10
targets, predictions = default.fit
off = np.abs(predictions - targets).mean(axis=0)
shrink = h.grad_norm[0] / h.grad_norm[-1]
print(f"cost {h.cost[0]:.0f} -> {h.cost[1]:.0f} -> ... -> {h.cost[-1]:.1f}; fit off by {np.round(off, 2)}; gradients shrank {np.round(shrink)}-fold")
assert np.array_equal(np.round(off, 2), [0.04, 0.08]) and np.array_equal(np.round(shrink), [465, 1324])

# %% [markdown]
# ## Change the network itself
#
# Three still pictures of what the new controls and panels show, before you try them.
#
# **A deeper net with sigmoid units: vanishing gradients.** Three hidden layers of 10
# `sigmoid` units (typed `10, 10, 10`), with the settings of the fixed network at the end of
# this notebook (mean cost, linear output, He init, biases 0.1, lr 0.05). He init suits ReLU
# units rather than sigmoid ones; it is kept so that only the activation changes (set
# **weights** to `xavier` and see for yourself). A sigmoid passes back at most a quarter of
# the gradient it gets, so each layer back from the output gets less:

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1",
             lr=0.05)
deep = liverun.run(liverun.DEFAULT.replace(sizes=(7, 10, 10, 10, 2), activation="sigmoid", **fixed))
widgets.static(deep, panels=("fit", "gradients"))

# %%
g0 = deep.history.grad_norm[0]
t_deep, p_deep = deep.fit
print(f"first epoch's gradient norms, hidden 1 to output: {np.round(g0, 2)}; output / hidden 1: {g0[-1] / g0[0]:.0f}")
assert deep.diagnosis.kind == "converging" and "dead" not in deep.diagnosis.message.split("Try first")[0]
print(f"spread (std) of the predictions {np.round(p_deep.std(axis=0), 2)}, of the targets {np.round(t_deep.std(axis=0), 2)}")
assert np.all(np.diff(g0) > 0) and round(g0[-1] / g0[0]) == 56
assert (p_deep.std(axis=0) < 0.05).all() and np.allclose(t_deep.std(axis=0), [0.63, 0.35], atol=0.005)

# %% [markdown]
# At the first epoch the first hidden layer's gradient is 56 times smaller than the
# output layer's, and each layer in between sits lower than the one after it. On a
# 2,000-epoch panel that is one column of pixels; here are epochs 0 to 30, close up:

# %%
g_deep = deep.history.grad_norm
fig = Figure(figsize=(6, 2.6), layout="constrained")  # a still picture, not a live widget
ax = fig.add_subplot(yscale="log", xlabel="epoch", ylabel="gradient norm", title="sigmoid 10, 10, 10: epochs 0 to 30")
for l, name in enumerate(["hidden 1", "hidden 2", "hidden 3", "output"]):
    ax.plot(np.arange(31), g_deep[:31, l], ".-", ms=3, label=name)
ax.legend(fontsize=8, ncol=4)
png = io.BytesIO()
fig.savefig(png, format="png")
Image(png.getvalue())

# %%
gap = g_deep[:, -1] / g_deep[:, 0]                      # output over hidden 1
ordered = np.all(np.diff(g_deep, axis=1) > 0, axis=1)   # each layer below the one after it
late = g_deep[50:]
spread = (late.max(1) / late.min(1)).max()              # the largest ratio of top to bottom line
print(f"ordered in epochs 0-19: {ordered[:20].all()}; output / hidden 1 at epochs 0, 1, 20: {np.round(gap[[0, 1, 20]], 1)}")
print(f"from epoch 50: lines within {spread:.1f}x, hidden 1 on top in {(late[:, 0] == late.max(1)).mean():.0%} of epochs")
assert ordered[:20].all() and not ordered[20] and round(gap[:20].max()) == 91 and round(gap[20]) == 4
assert abs(spread - 2.1) < 0.05 and (late[:, 0] == late.max(1)).mean() > 0.98
assert round(g_deep[-1].max() / g_deep[50].max(), 1) == 2.1 and round(deep.history.cost[20], 2) == 0.27
_, Y_deep = liverun.data(deep.settings)
mean_cost = 0.5 * np.mean(np.sum((Y_deep - Y_deep.mean(axis=0)) ** 2, axis=1))   # predicting each mean
c_deep = deep.history.cost
leaky_deep = liverun.trained(deep.settings.replace(activation="leaky_relu")).run().cost
print(f"mean's cost {mean_cost:.3f}; cost at epochs 0, 20, end: {c_deep[0]:.1f}, {c_deep[20]:.3f}, {c_deep[-1]:.3f}; leaky ReLU: {leaky_deep[-1]:.3f}")
assert round(mean_cost, 3) == 0.273 and round(c_deep[0]) == 25 and abs(c_deep[20] / mean_cost - 1) < 0.01
# float32 runs of 2000 epochs: tolerances, not pinned digits
assert abs(c_deep[-1] - 0.249) < 0.002 and abs(1 - c_deep[-1] / mean_cost - 0.09) < 0.01 and abs(leaky_deep[-1] - 0.007) < 0.001

# %% [markdown]
# For twenty epochs every layer sits below the one after it, the first hidden layer up to
# 91 times below the output's, while the cost falls from 25 to 0.27. Then the gap closes:
# from epoch 50 on, the four lines lie within a factor of 2.1 of each other, hidden 1 on top
# in almost every epoch, and they rise only about twofold over the rest of the run. That slow
# drift is not exploding gradients, which grow by orders of magnitude (below).
#
# What did the net learn? After 2000 epochs the fit panel shows a flat row, the predictions'
# standard deviation under 0.05 (the targets': 0.63 and 0.35): the mean of each output and
# little else. The cost says when that happened. Predicting each output's mean costs 0.273
# here (half the targets' variances, summed). By epoch 20, while the gradients were still
# unbalanced, the cost had already fallen from 25 to 0.273; in the 1,980 epochs after, with
# balanced gradients, it fell only to 0.249, 9% below the mean's cost. So the net learned the
# mean early and then stalled near it. That the early, vanishing gradients *caused* the stall
# is our hypothesis, not something this run proves: it shows only that the stall began while
# they vanished and outlasted them (saturated sigmoid units, or a step too small for a flat
# stretch of the cost, could hold it there too). The same depth with leaky ReLU learns the
# function, to a cost of 0.007 (try it: **hidden act.** to leaky ReLU). No unit is counted dead here: a sigmoid unit whose input is below 0
# still passes a gradient back, so it cannot die.
#
# **The question's own data: random targets.** Its targets are random numbers, unrelated to
# the inputs, so there is nothing to learn but their mean. The fixed network on them:

# %%
rand = liverun.run(liverun.DEFAULT.replace(data="random_targets", **fixed))
widgets.static(rand, panels=("cost", "fit"))

# %%
t_rand, p_rand = rand.fit
print(f"final cost {rand.history.cost[-1]:.4f} (1/12 = {1 / 12:.4f}); predictions' spread {np.round(p_rand.std(axis=0), 2)}, "
      f"targets' {np.round(t_rand.std(axis=0), 2)}")
assert round(rand.history.cost[-1], 3) == round(1 / 12, 3) and rand.diagnosis.kind == "converging"
assert (p_rand.std(axis=0) < 0.05).all() and np.array_equal(np.round(t_rand.std(axis=0), 2), [0.30, 0.28])
assert np.allclose(p_rand.mean(axis=0), 0.5, atol=0.05)
assert "a bigger model or more epochs" in rand.diagnosis.fix

# %% [markdown]
# The diagnosis says *converging*, and the cost did settle: at 0.083, which is 1/12. That is
# exactly what predicting the mean costs here: each target is uniform between 0 and 1, with
# variance 1/12, and the cost is half the squared error summed over the two outputs, averaged
# over the samples: ½ × 2 outputs × 1/12 = 1/12. The fit panel shows why: every prediction
# sits near 0.5 (standard deviation under 0.05, against the targets' 0.30 and 0.28). A
# converging cost only says the net stopped improving; the fit panel says what it learned.
# The caption's advice, a bigger model or more epochs, cannot help here: there is nothing
# in these inputs to learn, and 1/12 is the best any model can do on new samples.
#
# **Exploding gradients.** The gradients panel of the run that overflows (linear output,
# LEAK 0.01, lr 1e-3, the answer's summed cost), 10 epochs so that the first ones show:
# every layer's gradient grows by orders of magnitude each epoch, until the cost overflows.
# Here lr × λ_max = 20.4, ten times the limit 2; the caption says the same thing the other
# way round: lr is 10.2 times the critical lr 2 / λ_max. Its epoch 0 is 3,900, not the
# default's 3,880: a linear output and LEAK 0.01 make a slightly different starting net
# from the same weights (the default's leaky ReLUs scale negative inputs by 1e-4).

# %%
boom = liverun.run(liverun.DEFAULT.replace(output_activation="identity", leak=0.01, lr=1e-3, epochs=10))
widgets.static(boom, panels=("cost", "gradients"))

# %%
g_boom = boom.history.grad_norm
growth = g_boom[boom.history.diverged_at - 1] / g_boom[0]
print(f"overflow at epoch {boom.history.diverged_at}; gradient norms grew {growth.min():.1e} to {growth.max():.1e}-fold before it")
assert boom.history.diverged_at == 4 and (growth > 1e10).all() and (g_boom[1:4] / g_boom[:3] > 10).all()
print(f"lr x lambda_max = {boom.ratio:.1f}, lr / critical lr = {boom.ratio / 2:.1f}; epoch 0: {boom.history.cost[0]:.0f} (default {default.history.cost[0]:.0f})")
assert round(boom.ratio, 1) == 20.4 and round(boom.ratio / 2, 1) == 10.2 and "10.2 times the critical lr" in boom.diagnosis.message
assert round(boom.history.cost[0], -2) == 3900 and round(default.history.cost[0], -1) == 3880
assert abs(boom.diagnosis.evidence["growth_per_step"] / 7.62e7 - 1) < 0.01 and round((boom.ratio - 1) ** 2) == 376

# %% [markdown]
# Why the cost grows 7.62e7-fold per update when 02's rule predicts (20.4 − 1)² ≈ 376:
# λ_max grows with the weights, so each step lands where the cost is far steeper than where
# it started; measured before each of the first three updates, lr × λ_max is 20.4, then 639,
# then 2,258 (notebook 09, section 2, takes these updates apart).

# %%
X_boom, Y_boom = liverun.data(boom.settings)
_, lam_boom, _ = lrfind.sharpness(boom.settings.network(), X_boom, Y_boom, 1e-3, epochs=3,
                                  every=1, reduction="sum")
ratio_boom = 1e-3 * lam_boom[:3]                 # lr x lambda_max before updates 1, 2, 3
print("lr x lambda_max before updates 1, 2, 3:", np.round(ratio_boom, 1))
assert round(ratio_boom[0], 1) == 20.4 and abs(ratio_boom[1] / 639 - 1) < 0.01 and abs(ratio_boom[2] / 2258 - 1) < 0.01

# %% [markdown]
# **Standardised inputs.** The data choice `sin/cos, standardised x` shifts and scales each
# input to mean 0 and standard deviation 1. That changes λ_max, but only a little here, and
# it is no cure for the summed cost: with the default settings otherwise, lr × λ_max goes
# from 0.20 to 0.18, and the cost ends at 24 instead of 7.

# %%
std_x = liverun.run(liverun.DEFAULT.replace(data="sincos_standardized"))
print(f"lr x lambda_max {default.ratio:.2f} -> {std_x.ratio:.2f}; final cost {default.history.cost[-1]:.1f} -> {std_x.history.cost[-1]:.1f}")
assert round(default.ratio, 2) == 0.20 and round(std_x.ratio, 2) == 0.18
assert round(std_x.history.cost[-1]) == 24 and round(default.history.cost[-1]) == 7

# %% [markdown]
# After notebook 04's advice to standardise, a worse end is a surprise, so look closer. It is
# a matter of speed, not of where the run can go. Both runs are still falling when they stop:
# the default lr is ten times below its limit, and the diagnosis says *slow* for both. Give
# them five times the lr (lr × λ_max still below 2) and both end at about 4.5 (4.48, and 4.51
# standardised), a little below what the best straight line with a bias costs on these data
# (4.56). On the way the standardised run is behind. The cost splits exactly into two parts:
# the error of the output's mean (N × ½ the squared distance between the outputs' mean and
# the targets' mean) plus the variation around the mean, which is what the fit is about. The
# table below gives both parts after one update: the standardised run has the mean nearly
# right already, but its variation part is the larger.

# %%
faster = {d: liverun.trained(liverun.DEFAULT.replace(data=d, lr=5e-5)).run() for d in ("sincos", "sincos_standardized")}
X_std, Y_std = liverun.data(std_x.settings)
A_std = np.column_stack([X_std, np.ones(len(X_std))])
line_cost = 0.5 * np.sum((A_std @ np.linalg.lstsq(A_std, Y_std, rcond=None)[0] - Y_std) ** 2)
print({d: round(float(h.cost[-1]), 2) for d, h in faster.items()}, f"straight line {line_cost:.2f}")
assert np.allclose([h.cost[-1] for h in faster.values()], [4.48, 4.51], atol=0.01)   # the prose's 4.48, 4.51
assert all(h.status == "ok" and 4.4 < h.cost[-1] < 4.6 for h in faster.values()) and round(line_cost, 2) == 4.56
assert all(liverun.stability(liverun.DEFAULT.replace(data=d, lr=5e-5))[0] < 2 for d in faster)
assert all(h.cost[-1] < line_cost for h in faster.values())
assert default.diagnosis.kind == std_x.diagnosis.kind == "slow"
assert all(r.history.cost[-101] > 1.01 * r.history.cost[-1] for r in (default, std_x))   # still falling at the end


# %%
def cost_parts(data, epochs=1):
    """(cost, mean part, variation part) after `epochs` updates; the two parts add up to the cost."""
    spec = liverun.DEFAULT.replace(data=data, epochs=epochs)
    net = spec.network()
    hist = spec.run(net=net)
    Xd, Yd = spec.arrays()
    E = net.predict(Xd) - Yd                                   # (N, 2) errors
    mean_part = 0.5 * len(Xd) * np.sum(E.mean(axis=0) ** 2)
    return hist.cost[-1], mean_part, 0.5 * np.sum((E - E.mean(axis=0)) ** 2)


parts = {d: cost_parts(d) for d in faster}
names = {"sincos": "sin/cos", "sincos_standardized": "sin/cos, standardised x"}
print("after one update           cost  =  mean part  +  variation part")
for d, (c, m, v) in parts.items():
    print(f"{names[d]:24s} {c:6.0f}  = {m:8.0f}   + {v:8.0f}")
assert all(abs(m + v - c) < 1e-3 * c for c, m, v in parts.values())
assert np.allclose(parts["sincos"], (2658, 2095, 563), rtol=0.02)
assert np.allclose(parts["sincos_standardized"], (3550, 659, 2891), rtol=0.02)

# %% [markdown]
# Why is the variation learned more slowly? Make the hidden layer linear (**hidden act.**
# `identity`) and standardising speeds the same run up a great deal (below: a cost of 7.3
# after 100 updates, against 257). That is not the point notebook 04 made (a smaller λ_max,
# so a larger safe lr): it is the other end of the curvature. Each update shrinks the error
# along a direction of curvature λ by the factor (1 − lr × λ), 02's rule read for any
# direction, not only the steepest; where lr × λ is tiny that factor is close to 1 and the
# error in that direction hardly moves. **A small λ means slow.** On the raw U(0, 1) inputs
# every direction but the steepest has a λ per sample of about 1/12 (0.07 to 0.10, the
# inputs' variance); standardised, every direction has about 1 (0.85 to 1.15). So at the same
# lr the directions that carry the variation learn about 12 times faster (1 against 1/12).
# With leaky ReLU hidden units the gain is lost: a unit bends where its input crosses 0, and
# on centred inputs that bend runs through the middle of the data; how exactly that slows the
# fit, this course does not take apart.

# %%
X_of = {d: liverun.data(liverun.DEFAULT.replace(data=d))[0] for d in faster}
eig = {d: np.linalg.eigvalsh(Xd.T @ Xd / len(Xd)) for d, Xd in X_of.items()}   # per sample, ascending
for d, e in eig.items():
    print(f"eigenvalues of X^T X / N, {names[d]}: {np.round(e, 2)}")
assert 0.06 < eig["sincos"][:-1].min() and eig["sincos"][:-1].max() < 0.11 and round(eig["sincos"][-1], 2) == 1.81
assert abs(eig["sincos_standardized"].min() - 0.85) < 0.01 and round(eig["sincos_standardized"][-1], 2) == 1.15
assert abs(eig["sincos_standardized"].mean() / eig["sincos"][:-1].mean() - 12) < 1   # the "about 12 times"
linear_hidden = {d: liverun.DEFAULT.replace(data=d, activation="identity", epochs=100).run().cost[-1]
                 for d in faster}
print("linear hidden layer, cost after 100 updates:", {d: round(float(c), 1) for d, c in linear_hidden.items()})
assert abs(linear_hidden["sincos"] - 257) < 2 and abs(linear_hidden["sincos_standardized"] - 7.3) < 0.1

# %% [markdown]
# And why does λ_max hardly move here (lr × λ_max 0.20 to 0.18), when notebook 04 showed it
# falling from 1.81 to 1.15 per sample? Notebook 04 measured a single layer fed by X. Most of
# this net's λ_max comes from its output layer, and that layer is fed by the hidden units, not
# by X. A leaky ReLU with LEAK = 1e-4 and a bias drawn from U(0, 1) outputs a number that is
# positive or almost 0 (the most negative here is about −0.0005), whatever X is: the output
# layer's inputs keep a positive common mean (above 0.5, on both data sets), and notebook 04's common mean is what makes
# λ_max large. Counted alone, the output layer gives lr × λ_max 0.15 on raw inputs and 0.14
# standardised. What standardising is for (notebook 04) is a smaller λ_max, so a larger safe
# lr; here λ_max hardly moves, so it buys no larger lr either.

# %%
def output_layer_ratio(data, lr=1e-5):
    """(lr * lambda_max of the output layer alone, its inputs' most negative value, their
    mean over all units and samples) at the start."""
    s = liverun.DEFAULT.replace(data=data)
    _, cache = s.network().forward(liverun.data(s)[0])
    H = np.column_stack([cache[-1][0], np.ones(len(cache[-1][0]))])    # (N, 11): hidden outputs and the bias input
    return lr * np.linalg.eigvalsh(H.T @ H)[-1], cache[-1][0].min(), cache[-1][0].mean()


out_ratio = {d: output_layer_ratio(d) for d in faster}
for d, (r, m, mu) in out_ratio.items():
    print(f"{names[d]}: output layer alone lr x lambda_max {r:.2f}; its inputs: most negative {m:.1g}, mean {mu:.2f}")
assert round(out_ratio["sincos"][0], 2) == 0.15 and round(out_ratio["sincos_standardized"][0], 2) == 0.14
assert all(-1e-3 < m < 0 and mu > 0.5 for _, m, mu in out_ratio.values())
assert -6e-4 < min(m for _, m, _ in out_ratio.values()) < -4e-4           # the prose's "about -0.0005"

# %% [markdown]
# ## Predict, then play
#
# Before you move anything, write down your guesses:
# 1. With the summed cost, what happens to the curve when N goes from 1,000 to 10,000? And with the mean?
# 2. Which seeds (0 to 4) get stuck, and does switching the output to `identity` rescue them?
# 3. Set LEAK to 0 and lr to 1e-3. How many units die, and in which layer?
#
# Then check. Keys work too: click a slider's handle, then use the arrow keys.
#
# **Try the fix** applies the first fix named after "Try first" (the first of any
# alternatives) and says under the figure what it changed; there is no undo: move the
# controls back. The line under the figure is the run as a query string, such as
# `?lr=0.001&leak=0`: add it to the app's address, or pass it here as
# `widgets.playground(state="lr=0.001&leak=0")`. For check 3's run, the button would change:

# %%
relu_settings = liverun.DEFAULT.replace(leak=0.0, lr=1e-3)
fixed_settings, words = runlink.try_fix(relu_settings, liverun.run(relu_settings).diagnosis.action)
print(f"?{relu_settings.to_query()}: Try the fix changes {words}, giving ?{fixed_settings.to_query()}")
assert words == "reduction sum -> mean" and relu_settings.to_query() == "lr=0.001&leak=0"
assert nnlib.RunSpec.from_query("lr=0.001&leak=0") == relu_settings

# %% [markdown]
# The playground starts from the default settings. Without a kernel, this still picture (the
# one above, again) is what it shows; with one, the live figure comes under it.

# %%
widgets.static(default)

# %% tags=["nbval-ignore-output"]
widgets.playground(state=widgets.page_query())  # in the app, the page's address sets the start

# %% [markdown]
# ## Check your predictions
#
# **1. N from 1,000 to 10,000.** With the summed cost every gradient is a sum over N samples,
# so the steepest curvature λ_max grows ten times, and so does lr × λ_max: from 0.2 to just
# over 2. Here is the playground at N = 10,000 (its run is capped at 1,000 epochs):

# %%
big = liverun.run(liverun.DEFAULT.replace(n=10_000))
widgets.static(big)

# %% [markdown]
# Just over the limit, the cost no longer settles smoothly: the diagnosis says *oscillating*.
# On the panel the zigzag shows only early on (the bump around epochs 50 to 100, where it
# is over 5% of the cost); it shrinks as the run goes on, to under 0.2% of the cost in the
# last 50 epochs, too small to see. Close up, those 50 epochs go down, up, down, up, every
# epoch, while still falling overall (94.6 to 93.0):

# %%
c_big = big.history.cost
ups = np.diff(c_big[-51:]) > 0
print(f"last 50 updates: {ups.sum()} raised the cost; largest swing {np.abs(np.diff(c_big[-51:])).max() / c_big[-1]:.2%} of it; {c_big[-51]:.1f} -> {c_big[-1]:.1f}")
assert round(c_big[-51], 1) == 94.6 and round(c_big[-1], 1) == 93.0
assert (np.abs(np.diff(c_big)) / c_big[1:])[50:100].max() > 0.05  # the early bump
assert ups.sum() == 25 and np.all(ups[::2] != ups[1::2]) and np.abs(np.diff(c_big[-51:])).max() < 0.002 * c_big[-1]
widgets.closeup(c_big, np.arange(len(c_big) - 50, len(c_big)), "N = 10,000, summed: the last 50 epochs")

# %% [markdown]
# But 2.07 is above the limit, and notebook 02 said that above 2 the cost grows every step.
# It does, at first: the readout's λ_max is measured at the **initial** weights, and there
# the cost rises for two steps. Those steps throw the weights to a flatter place, where the
# third step brings the cost far down. Measured again on the trained weights, lr × λ_max
# is just under 2:

# %%
hist_big, net_big = big.history, big.net                      # the run and its trained net
X_big, Y_big = liverun.data(big.settings)
sub = liverun.CURVATURE_SAMPLES                               # as the readout: 3,000 samples, scaled to N
end_ratio = 2e-5 / (nnlib.critical_lr(net_big, X_big[:sub], Y_big[:sub], reduction="sum") * sub / len(X_big))
print(f"cost, epochs 0-3: {np.round(c_big[:4], -2)}; lr x lambda_max: start {big.ratio:.2f}, end {end_ratio:.2f}")
assert np.allclose(hist_big.cost[:4], c_big[:4], rtol=1e-3)   # the same run (float32: the last digits may move)
assert c_big[0] < c_big[1] < c_big[2] and c_big[3] < c_big[0] / 4
assert np.array_equal(np.round(c_big[:4], -2), [38900, 65400, 151900, 9000])
assert round(big.ratio, 2) == 2.07 and round(end_ratio, 2) == 1.97

# %% [markdown]
# The cost goes 38,900 → 65,400 → 151,900, then 9,000; at the end lr × λ_max is 1.97. That
# is why the run settles into its zigzag instead of blowing up: each step multiplies the
# error by 1 − 1.97 = −0.97, flipping its sign and shrinking it by only 3%. Far above 2
# there is no flatter place to reach in time: the cost explodes, or the first steps kill units.
#
# With the **mean** cost, N hardly changes lr × λ_max (0.0002 at both sizes, to one digit): the
# mean's step at lr = 1e-5 is N times smaller than the sum's, so it barely moves. Give the mean
# a thousand times the lr (0.01) and it takes the summed cost's steps at N = 1,000, at any N.

# %%
mean = [liverun.run(liverun.DEFAULT.replace(n=n, reduction="mean")) for n in (1000, 10_000)]
assert round(big.ratio / default.ratio) == 10 and 2 < big.ratio < 2.2
assert big.diagnosis.kind == "oscillating" and big.epochs == 1000
assert all(round(m.ratio, 4) == 0.0002 for m in mean) and abs(mean[1].ratio / mean[0].ratio - 1) < 0.1
print(f"lr x lambda_max: sum {default.ratio:.3g} -> {big.ratio:.3g};  mean {mean[0].ratio:.2g} -> {mean[1].ratio:.2g}")

# %% [markdown]
# **2. Which seeds get stuck.** The final cost of the first five seeds, with the default settings,
# then the stuck ones again with a linear (`identity`) output layer:

# %%
finals = [liverun.trained(liverun.DEFAULT.replace(seed=s)).run().cost[-1] for s in range(5)]
stuck = [s for s, f in enumerate(finals) if f > 100 * min(finals)]
rescued = [liverun.trained(liverun.DEFAULT.replace(seed=s, output_activation="identity")).run().cost[-1] for s in stuck]
assert stuck == [3, 4] and all(r < 10 for r in rescued)
print("final cost by seed:", [round(float(f), 1) for f in finals])
print("stuck seeds", stuck, "with an identity output:", [round(float(r), 1) for r in rescued])

# %% [markdown]
# Seeds 3 and 4 freeze near 5,300, hundreds of times above the others: one output unit is
# as good as dead, and LEAK = 1e-4 lets almost no gradient through it. A linear output
# cannot die, and both seeds then train to below 10.
#
# **3. LEAK = 0, lr = 1e-3.** lr × λ_max is about 20, ten times over the limit. Update 1
# overshoots: the cost jumps about 1,600-fold (4x the rule, for the reason given under
# Exploding gradients), to epoch 1's value. From there, update 2
# pushes every hidden unit's input below 0 on every sample; with plain ReLU nothing flows
# back, and the cost freezes (the caption blames update 1's jump: it threw the weights to
# where the gradient, and so update 2's step, is over 100 times larger):

# %%
relu = liverun.run(liverun.DEFAULT.replace(leak=0.0, lr=1e-3))
widgets.static(relu)

# %%
dead = relu.history.dead_fraction
assert round(relu.ratio) == 20 and relu.diagnosis.kind == "dead"
assert (dead[2:] == 1).all() and (dead[1] < 1).all()  # every unit of both layers, dead from epoch 2 on
print(f"lr x lambda_max = {relu.ratio:.1f}; dead share at the end: hidden {dead[-1, 0]:.0%}, output {dead[-1, 1]:.0%}")

# %% [markdown]
# All 10 hidden units die at epoch 2 and stay dead, and the two output units with them.
# From epoch 2 on every gradient is exactly 0, and a 0 has no place on a log scale: that
# is why the gradient lines stop there. The fit panel's flat row sits at 0, not at the
# targets' mean: a dead output outputs 0. The spike at epoch 1 is one epoch wide on a
# 2,000-epoch panel; the first ten epochs, close up:

# %%
c_relu = relu.history.cost
print(f"epochs 0, 1, 2: {c_relu[0]:.3g}, {c_relu[1]:.3g}, {c_relu[2]:.3g}")
assert (relu.history.grad_norm[2:] == 0).all() and (relu.fit[1] == 0).all()
assert (relu.history.grad_norm[1] > 100 * relu.history.grad_norm[0]).all()
assert relu.diagnosis.evidence["jump_epoch"] == 1 and relu.diagnosis.evidence["dead_since"] == 2
assert round(c_relu[1] / c_relu[0], -2) == 1600 and c_relu[2] == c_relu[-1] < c_relu[1]
assert round(c_relu[1] / c_relu[0] / (relu.ratio - 1) ** 2) == 4   # 4x 02's rule
widgets.closeup(c_relu, np.arange(11), "LEAK 0, lr 1e-3: the first ten epochs", log=True)

# %% [markdown]
# ## The fixed network, on ten seeds
#
# The mean cost, a linear output layer, leaky ReLU with LEAK = 0.01 in the hidden layer
# (notebook 04's recommendation), He init and small positive biases (lr = 0.05):
# every one of the first ten seeds converges, to a cost more than a thousand times below
# where it started.

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1",
             lr=0.05)
runs = [liverun.run(liverun.DEFAULT.replace(seed=s, **fixed)) for s in range(10)]
assert all(r.diagnosis.kind == "converging" for r in runs)
assert all(r.history.cost[-1] < r.history.cost[0] / 1000 for r in runs)
print("final cost by seed:", [round(float(r.history.cost[-1]), 4) for r in runs])

# %% [markdown]
# ## What to take away
# - A summed cost makes the step N times larger: lr × λ_max crosses 2 and the cost explodes,
#   or (with ReLU) the first big step kills units and the cost freezes.
# - The mean cost, a linear output layer, leaky ReLU 0.01, trainable biases and a fan-in
#   scaled init make the network train on each seed we tried; the adaptive lr rescues a
#   run that overshoots (notebook 06).
#
# Next: [08 Your own network](08_your_own_network.ipynb). Back to the start:
# [00 Start here](00_start_here.ipynb). (The links between notebooks work in JupyterLab;
# the app shows this page only.)

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. A setting this notebook did not try: the default settings (summed cost, readout 0.2 at
#    N = 1,000 and lr = 1e-5), but N = 5,000 and lr = 3e-5. What will the readout
#    lr × λ_max say, and is that above or below the limit? Answer with a pair, such as
#    `(1.5, "below")`.
# 2. Which readout tells you before training starts that the cost will explode?
# 3. **Why** does the N = 10,000 run only oscillate, although its readout, 2.07, is above the
#    limit 2? Give the letter:
#    (a) the playground trains in float32, whose rounding damps the growth;
#    (b) the readout belongs to the starting weights only; training soon carries them to where
#    the cost bends less, and there the product sits just inside the limit;
#    (c) the diagnosis halves the learning rate when the cost rises.

# %%
exercises.check_understanding_07(
    None,   # 1. a pair: (a number, "above" or "below")
    None,   # 2. a name, in quotes
    None);  # 3. a letter, in quotes

# %% [markdown]
#
# ---
# ## Answer key: which number told you so (spoilers)
#
# Try the goal first: for each failure, name the number you would have read. The next cell is
# collapsed, in JupyterLab and on the website: click it to open it.

# %% [markdown] tags=["solution"] jupyter={"source_hidden": true}
# - **It will explode** when the stability readout is well above 2 (lr × λ_max, known before
#   training starts). With a linear output and a real leak (output `identity`, LEAK 0.01,
#   lr 1e-3: lr × λ_max ≈ 20) each step multiplies the error instead of shrinking it, and the
#   cost overflows within a few epochs (the red ×). Just above 2 (N = 10,000 above) it only
#   oscillates.
# - **It will freeze** when a layer's dead share reaches 1: no gradient passes a dead layer,
#   so nothing before it can change. A readout far above 2 with ReLU-like units is the warning
#   (check 3: 20, then every hidden unit dead at epoch 2). An output layer's dead share of 0.5
#   from the very start (seeds 3 and 4: one of the two output units) freezes that output's
#   cost alone, whatever the readout says (0.2 here). For seed 3 the recorded dead share of
#   the output falls back to 0 by the end: the unit comes alive on 0.3% of the samples, which
#   is not enough, and the diagnosis calls it "as good as dead".
# - **It will be slow** when the readout is far below 2 (0.2 by default): the diagnosis says by
#   how much lr could grow.
# - The mean cost keeps the readout the same at every N; the summed cost multiplies it by N.

# %%
assert boom.history.diverged and round(boom.ratio) == 20 and boom.history.diverged_at < 10
seeds = {s: liverun.run(liverun.DEFAULT.replace(seed=s)) for s in (3, 4)}
assert all(r.history.dead_fraction[0, 1] == 0.5 and r.diagnosis.kind == "dead" for r in seeds.values())
assert seeds[3].history.dead_fraction[-1, 1] == 0 and "0.3% of the samples" in seeds[3].diagnosis.message
assert all(round(r.ratio, 1) == 0.2 for r in seeds.values())
print(f"identity output, LEAK 0.01, lr 1e-3: lr x lambda_max = {boom.ratio:.1f}, overflow at epoch {boom.history.diverged_at}")

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_07((default.ratio * 5 * 3, "above"), "lr x lambda_max", "b")   # x5 for N, x3 for lr: 3, above 2
