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
#
# **Goals.** After this notebook you can make the cost run off to infinity, make it freeze,
# and fix both, and you can say which number told you so before you looked at the curve.
#
# Each slider move retrains the network from scratch and redraws the three panels:
# the cost (log scale; a red cross marks the epoch where it overflowed), the share of dead
# units per layer, and lr × λ_max against the limit 2. Under them: a diagnosis in words.

# %%
# %matplotlib widget
from nnlib import liverun, widgets

# %% [markdown]
# ## The default settings, without a kernel
#
# This picture is what the playground shows before you touch it (it is the same code, run once).

# %%
default = liverun.run(liverun.settings())
widgets.static(default)

# %% [markdown]
# With these settings the network trains: the cost falls and no unit dies.

# %%
h = default.history
assert h.status == "ok" and h.cost[-1] < h.cost[0] / 100
assert (h.dead_fraction[-1] == 0).all()

# %% [markdown]
# But the answer's rewrite does not train on every seed. Of the first five seeds, some end
# with a cost hundreds of times higher than the best: an output unit stuck under LEAK = 1e-4.

# %%
finals = [liverun.train_run(liverun.settings(seed=s))[0].cost[-1] for s in range(5)]
assert max(finals) > 100 * min(finals)
[round(f, 1) for f in finals]

# %% [markdown]
# ## Predict, then play
#
# Before you move anything, write down your guesses:
# 1. With the summed cost, what happens to the curve when N goes from 1,000 to 10,000? And with the mean?
# 2. Which seed (0 to 4) gets stuck, and does switching the output to `identity` rescue it?
# 3. Set LEAK to 0 and lr to 1e-3. How many units die, and in which layer?
#
# Then check. Keys work too: click a slider's handle, then use the arrow keys.

# %% tags=["nbval-ignore-output"]
widgets.playground()

# %% [markdown]
# ## The fixed network, on ten seeds
#
# The mean cost, a linear output layer, He init and small positive biases (lr = 0.05):
# every one of the first ten seeds converges, to a cost more than a thousand times below
# where it started.

# %%
fixed = dict(reduction="mean", output_activation="identity", weight_init="he", bias_init="0.1", lr=0.05)
runs = [liverun.run(liverun.settings(seed=s, **fixed)) for s in range(10)]
assert all(r.diagnosis.kind == "converging" for r in runs)
assert all(r.history.cost[-1] < r.history.cost[0] / 1000 for r in runs)

# %% [markdown]
# ## What to take away
# - A summed cost makes the step N times larger: lr × λ_max crosses 2 and the cost explodes,
#   or (with ReLU) the first big step kills units and the cost freezes.
# - The mean cost, a linear output layer, trainable biases and a fan-in scaled init make the
#   network train on each seed we tried; the adaptive lr rescues a run that overshoots.
#
# Back to the [start](00_start_here.ipynb) (in JupyterLab).
