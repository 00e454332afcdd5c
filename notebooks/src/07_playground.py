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
# %matplotlib widget
import numpy as np

import nnlib
from nnlib import exercises
from nnlib.live import controls, liverun, widgets

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
# | **data** | `sin/cos` (the answer's), `random targets` (the question's: targets unrelated to the inputs), or `sin/cos, standardized x` (each input shifted and scaled to mean 0, std 1) |
# | **cost** | `sum` adds the squared errors of all N samples (the question's cost), `mean` averages them |
# | **output** | the output layer's activation: leaky ReLU, ReLU, `identity` (linear: the output is z itself), `sigmoid`, or `tanh` |
# | **weights** | the starting weights: `uniform` U(-1, 1) (the question's), `he` N(0, 2 / fan-in), `xavier` N(0, 2 / (fan-in + fan-out)) |
# | **adaptive lr** | halve lr whenever an update raises the cost (the answer's rule, notebook 06) |
# | **optimizer** | plain gradient descent (`sgd`), `momentum`, or `adam` (notebook 06) |
#
# Two of these need a word. **`sigmoid`**, the activation of the learner's network that
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
# | **fit** | the trained net's prediction against the target, for 300 fixed samples and each output; on the dashed line y = x the net learned the function, on a flat row only the targets' mean |
# | **gradient norm per layer** | the size of each layer's gradient after each epoch (log scale): a layer decades below the others is starved (vanishing), lines that climb are exploding |
# | under the figure | the diagnosis in words (one of *diverging*, *dead*, *stalled*, *oscillating*, *slow*, *converging*) with the first thing to try, then any note |
#
# Work is bounded so that the plot answers at once: N × epochs × weights (biases counted) is
# capped (the run stops early and the note says so). For the answer's net, with its 102
# weights and biases, that is 10 million samples × epochs; the largest net, `64, 64, 64`, has
# 8,962 and gets 1 epoch at N = 100,000. λ_max is estimated on at most 3,000 samples:

# %%
lr_slider, n_slider = controls.make_control("lr", 1e-5), controls.make_control("n", 1000)
assert len(controls.CONTROLS) == 14 and (lr_slider.min, lr_slider.max) == (-7, 1)  # 1e-7 to 10
assert (n_slider.options[0][1], n_slider.options[-1][1]) == (10, 100_000)
biggest = liverun.settings(hidden=(64, 64, 64), n=100_000, epochs=10_000)
assert liverun.n_params(liverun.sizes(liverun.settings())) == 102 and liverun.MAX_PARAMS == 8962
assert liverun.WORK_CAP == 102 * 10_000_000 and liverun.capped_epochs(biggest)[0] == 1
assert liverun.CURVATURE_SAMPLES == 3_000
print(f"N x epochs x weights: at most {liverun.WORK_CAP:,}; lambda_max: on at most {liverun.CURVATURE_SAMPLES:,} samples")
assert liverun.data(liverun.settings())[1].min() > 1  # every target is above 1 (the sigmoid's ceiling)

# %% [markdown]
# ## The default settings, without a kernel
#
# This picture is what the playground shows before you touch it (the same code, run once),
# with the text it prints under its plot.

# %%
default = liverun.run(liverun.settings())
widgets.static(default)

# %% [markdown]
# With these settings the network trains: the cost falls from about 3,900 (epoch 0, the
# hollow circle at the left: the first drop takes a single epoch) to about 7, no unit
# dies, and lr × λ_max = 0.2 is far below 2. The diagnosis still says *slow*: lr is about
# ten times below the largest stable one. In the fit panel the points of both outputs lie
# close to the line y = x (off by 0.04 and 0.08 on average): the net has learned the
# function. Both layers' gradients shrink together, over 400-fold, as the cost falls.

# %%
h = default.history
assert h.status == "ok" and round(h.cost[0], -2) == 3900 and round(h.cost[-1]) == 7
assert (h.dead_fraction[-1] == 0).all() and round(default.ratio, 1) == 0.2
assert default.diagnosis.kind == "slow" and round(2 / default.ratio) == 10
targets, predictions = default.fit
off = np.abs(predictions - targets).mean(axis=0)
print(f"fit: off by {np.round(off, 2)} on average; gradient norms shrank {np.round(h.grad_norm[0] / h.grad_norm[-1])}-fold")
assert np.array_equal(np.round(off, 2), [0.04, 0.08]) and (h.grad_norm[0] / h.grad_norm[-1] > 400).all()

# %% [markdown]
# ## Change the network itself
#
# Three still pictures of what the new controls and panels show, before you try them.
#
# **A deeper net with sigmoid units: vanishing gradients.** Three hidden layers of 10
# `sigmoid` units (typed `10, 10, 10`), with the fixed network's settings (mean cost, linear
# output, He init, biases 0.1, lr 0.05; the end of this notebook says why each). A sigmoid
# passes back at most a quarter of the gradient it gets, so each layer back from the output
# gets less:

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1",
             lr=0.05)
deep = liverun.run(liverun.settings(hidden=(10, 10, 10), activation="sigmoid", **fixed))
widgets.static(deep, panels=("fit", "gradients"))

# %%
g0 = deep.history.grad_norm[0]
t_deep, p_deep = deep.fit
print(f"first epoch's gradient norms, hidden 1 to output: {np.round(g0, 2)}; output / hidden 1: {g0[-1] / g0[0]:.0f}")
print(f"spread (std) of the predictions {np.round(p_deep.std(axis=0), 2)}, of the targets {np.round(t_deep.std(axis=0), 2)}")
assert np.all(np.diff(g0) > 0) and round(g0[-1] / g0[0]) == 56
assert (p_deep.std(axis=0) < 0.05).all() and np.allclose(t_deep.std(axis=0), [0.63, 0.35], atol=0.005)

# %% [markdown]
# At the first epoch the first hidden layer's gradient is 56 times smaller than the
# output layer's, and each layer in between sits lower than the one after it. After 2000
# epochs the fit panel shows a flat row: the predictions spread less than 0.05 (the targets
# spread 0.63 and 0.35). The net learned the mean of each output and little else. The same
# depth with leaky ReLU learns the function (try it: **hidden act.** to leaky ReLU).
#
# **The question's own data: random targets.** Its targets are random numbers, unrelated to
# the inputs, so there is nothing to learn but their mean. The fixed network on them:

# %%
rand = liverun.run(liverun.settings(data="random_targets", **fixed))
widgets.static(rand, panels=("cost", "fit"))

# %%
t_rand, p_rand = rand.fit
print(f"final cost {rand.history.cost[-1]:.4f} (1/12 = {1 / 12:.4f}); predictions' spread {np.round(p_rand.std(axis=0), 2)}, "
      f"targets' {np.round(t_rand.std(axis=0), 2)}")
assert round(rand.history.cost[-1], 3) == round(1 / 12, 3) and rand.diagnosis.kind == "converging"
assert (p_rand.std(axis=0) < 0.05).all() and np.array_equal(np.round(t_rand.std(axis=0), 2), [0.30, 0.28])
assert np.allclose(p_rand.mean(axis=0), 0.5, atol=0.05)

# %% [markdown]
# The diagnosis says *converging*, and the cost did settle: at 0.083, which is 1/12. That is
# exactly what predicting the mean costs here: each target is uniform between 0 and 1, with
# variance 1/12, and the cost is half the squared error summed over the two outputs. The fit
# panel shows why: every prediction sits near 0.5 (spread under 0.05, against the targets'
# 0.30 and 0.28). A converging cost only says the net stopped improving; the fit panel says what it learned.
#
# **Exploding gradients.** The gradients panel of the run that overflows (linear output,
# LEAK 0.01, lr 1e-3, the answer's summed cost), 10 epochs so that the first ones show:
# every layer's gradient grows by orders of magnitude each epoch, until the cost overflows.

# %%
boom = liverun.run(liverun.settings(output_activation="identity", leak=0.01, lr=1e-3, epochs=10))
widgets.static(boom, panels=("cost", "gradients"))

# %%
g_boom = boom.history.grad_norm
growth = g_boom[boom.history.diverged_at - 1] / g_boom[0]
print(f"overflow at epoch {boom.history.diverged_at}; gradient norms grew {growth.min():.1e} to {growth.max():.1e}-fold before it")
assert boom.history.diverged_at == 4 and (growth > 1e10).all() and (g_boom[1:4] / g_boom[:3] > 10).all()

# %% [markdown]
# ## Predict, then play
#
# Before you move anything, write down your guesses:
# 1. With the summed cost, what happens to the curve when N goes from 1,000 to 10,000? And with the mean?
# 2. Which seed (0 to 4) gets stuck, and does switching the output to `identity` rescue it?
# 3. Set LEAK to 0 and lr to 1e-3. How many units die, and in which layer?
#
# Then check. Keys work too: click a slider's handle, then use the arrow keys.
# **Try the fix** applies the diagnosis's first fix; the line under the figure is the run as a link (in the app, add it to the address).

# %% tags=["nbval-ignore-output"]
widgets.playground(state=widgets.page_query())  # in the app, the page's address sets the start

# %% [markdown]
# ## Check your predictions
#
# **1. N from 1,000 to 10,000.** With the summed cost every gradient is a sum over N samples,
# so the steepest curvature λ_max grows ten times, and so does lr × λ_max: from 0.2 to just
# over 2. Here is the playground at N = 10,000 (its run is capped at 1,000 epochs):

# %%
big = liverun.run(liverun.settings(n=10_000))
widgets.static(big)

# %% [markdown]
# Just over the limit, the cost no longer settles smoothly: the diagnosis says *oscillating*.
# On the panel the curve looks smooth, because the zigzag is small: under 0.2% of the cost.
# Close up, the last 50 epochs go down, up, down, up, every epoch:

# %%
c_big = big.history.cost
ups = np.diff(c_big[-51:]) > 0
print(f"last 50 updates: {ups.sum()} raised the cost; largest swing {np.abs(np.diff(c_big[-51:])).max() / c_big[-1]:.2%} of it")
assert ups.sum() == 25 and np.all(ups[::2] != ups[1::2]) and np.abs(np.diff(c_big[-51:])).max() < 0.002 * c_big[-1]
widgets.closeup(c_big, np.arange(len(c_big) - 50, len(c_big)), "N = 10,000, summed: the last 50 epochs")

# %% [markdown]
# But 2.07 is above the limit, and notebook 02 said that above 2 the cost grows every step.
# It does, at first: the readout's λ_max is measured at the **initial** weights, and there
# the cost rises for two steps. Those steps throw the weights to a flatter place, where the
# third step brings the cost far down. Measured again on the trained weights, lr × λ_max
# is just under 2:

# %%
hist_big, net_big = liverun.train_run(big.settings)          # the same run, with its trained net
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
# With the **mean** cost, N does not change lr × λ_max at all (0.0002 at both sizes): the
# mean's step at lr = 1e-5 is N times smaller than the sum's, so it hardly moves. Give the mean
# a thousand times the lr (0.01) and it takes the summed cost's steps at N = 1,000, at any N.

# %%
mean = [liverun.run(liverun.settings(n=n, reduction="mean")) for n in (1000, 10_000)]
assert round(big.ratio / default.ratio) == 10 and 2 < big.ratio < 2.2
assert big.diagnosis.kind == "oscillating" and big.epochs == 1000
assert all(round(m.ratio, 4) == 0.0002 for m in mean)
print(f"lr x lambda_max: sum {default.ratio:.3g} -> {big.ratio:.3g};  mean {mean[0].ratio:.2g} -> {mean[1].ratio:.2g}")

# %% [markdown]
# **2. Which seed gets stuck.** The final cost of the first five seeds, with the default settings,
# then the stuck ones again with a linear (`identity`) output layer:

# %%
finals = [liverun.train_run(liverun.settings(seed=s))[0].cost[-1] for s in range(5)]
stuck = [s for s, f in enumerate(finals) if f > 100 * min(finals)]
rescued = [liverun.train_run(liverun.settings(seed=s, output_activation="identity"))[0].cost[-1] for s in stuck]
assert stuck == [3, 4] and all(r < 10 for r in rescued)
print("final cost by seed:", [round(float(f), 1) for f in finals])
print("stuck seeds", stuck, "with an identity output:", [round(float(r), 1) for r in rescued])

# %% [markdown]
# Seeds 3 and 4 freeze near 5,300, hundreds of times above the others: one output unit is
# as good as dead, and LEAK = 1e-4 lets almost no gradient through it. A linear output
# cannot die, and both seeds then train to below 10.
#
# **3. LEAK = 0, lr = 1e-3.** lr × λ_max is about 20, ten times over the limit. The first
# step overshoots: the cost jumps about 1,600-fold at epoch 1. The second step pushes every
# hidden unit's input below 0 on every sample; with plain ReLU nothing flows back, and the
# cost freezes:

# %%
relu = liverun.run(liverun.settings(leak=0.0, lr=1e-3))
widgets.static(relu)

# %%
dead = relu.history.dead_fraction
assert round(relu.ratio) == 20 and relu.diagnosis.kind == "dead"
assert (dead[2:] == 1).all() and (dead[1] < 1).all()  # every unit of both layers, dead from epoch 2 on
print(f"lr x lambda_max = {relu.ratio:.1f}; dead share at the end: hidden {dead[-1, 0]:.0%}, output {dead[-1, 1]:.0%}")

# %% [markdown]
# All 10 hidden units die at epoch 2 and stay dead, and the two output units with them.
# The spike at epoch 1 is one epoch wide on a 2,000-epoch panel; the first ten epochs,
# close up:

# %%
c_relu = relu.history.cost
print(f"epochs 0, 1, 2: {c_relu[0]:.3g}, {c_relu[1]:.3g}, {c_relu[2]:.3g}")
assert round(c_relu[1] / c_relu[0], -2) == 1600 and c_relu[2] == c_relu[-1] < c_relu[1]
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
runs = [liverun.run(liverun.settings(seed=s, **fixed)) for s in range(10)]
assert all(r.diagnosis.kind == "converging" for r in runs)
assert all(r.history.cost[-1] < r.history.cost[0] / 1000 for r in runs)

# %% [markdown]
# ## What to take away
# - A summed cost makes the step N times larger: lr × λ_max crosses 2 and the cost explodes,
#   or (with ReLU) the first big step kills units and the cost freezes.
# - The mean cost, a linear output layer, leaky ReLU 0.01, trainable biases and a fan-in
#   scaled init make the network train on each seed we tried; the adaptive lr rescues a
#   run that overshoots.
#
# Back to the start: [00 Start here](00_start_here.ipynb). (The links between notebooks work
# in JupyterLab; the app shows this page only.)

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. With the summed cost, N from 1,000 to 10,000 multiplies lr × λ_max by how much?
# 2. Which readout tells you before training starts that the cost will explode?
# 3. With LEAK 0 and lr 1e-3 (check 3), from which epoch on is every hidden unit dead?

# %%
exercises.check_understanding_07(
    None,   # 1. a number
    None,   # 2. a name, in quotes
    None);  # 3. a number

# %% [markdown]
#
# ---
# ## Answer key: which number told you so (spoilers)
#
# Try the goal first: for each failure, name the number you would have read. The next cell is
# collapsed in JupyterLab; click its bar to open it.

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
#   cost alone, whatever the readout says (0.2 here). For seed 3 the line falls back to 0: the
#   unit comes alive on 0.3% of the samples, which is not enough, and the diagnosis calls it
#   "as good as dead".
# - **It will be slow** when the readout is far below 2 (0.2 by default): the diagnosis says by
#   how much lr could grow.
# - The mean cost keeps the readout the same at every N; the summed cost multiplies it by N.

# %%
assert boom.history.diverged and round(boom.ratio) == 20 and boom.history.diverged_at < 10
seeds = {s: liverun.run(liverun.settings(seed=s)) for s in (3, 4)}
assert all(r.history.dead_fraction[0, 1] == 0.5 and r.diagnosis.kind == "dead" for r in seeds.values())
assert seeds[3].history.dead_fraction[-1, 1] == 0 and "0.3% of the samples" in seeds[3].diagnosis.message
assert all(round(r.ratio, 1) == 0.2 for r in seeds.values())
print(f"identity output, LEAK 0.01, lr 1e-3: lr x lambda_max = {boom.ratio:.1f}, overflow at epoch {boom.history.diverged_at}")

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_07(big.ratio / default.ratio, "lr x lambda_max", int(np.argmax(dead[:, 0] == 1)))
