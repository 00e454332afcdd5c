# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Dead ReLUs: why the network froze, and what brings units back
#
# In notebook 01 the question's network froze at N = 1000: after one huge step its cost
# never moved again. The answer said: *"your network seems stuck in the region where the
# ReLU input is negative, so its output is a constant zero and no gradient flows back:
# the neurons are dead."* Here we look inside.
#
# **In this notebook you will**
# 1. define a dead unit, and watch the pre-activations cross zero in one step;
# 2. see why a dead unit gets exactly zero gradient, so gradient descent cannot revive it;
# 3. follow the share of dead units per layer during training;
# 4. test what prevents death and what brings units back: a leak, a bias, a linear output layer;
# 5. explore the answer's own network live, on a seed where it gets stuck.

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import inspect

import matplotlib.pyplot as plt
import numpy as np

import nnlib
import nnlib.plotting as nplt
from nnlib import exercises
from nnlib.live import liverun, widgets

# %% [markdown]
# ## 1. One step across zero
#
# A ReLU unit outputs max(z, 0), where z = x·w (+ b) is its **pre-activation**. It is
# **dead** when z ≤ 0 for every sample: it then outputs 0 for all of them.
#
# Train the question's network (`[7, 2]`, ReLU output, no bias, summed cost, lr 0.01) on
# 1000 samples, keeping the output pre-activations at epochs 0 and 1 (`snapshots`):

# %%
X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
net = nnlib.Network([7, 2], seed=0)
dWs_start, _ = net.gradients(X, Y, reduction="sum")   # one dW per layer; no biases
grad_at_start = dWs_start[0]                           # (7, 2), before any step
hist = nnlib.train(net, X, Y, lr=0.01, epochs=300, reduction="sum", snapshots=(0, 1))
Z_out = {epoch: hist.snapshots[epoch][0] for epoch in (0, 1)}   # output pre-activations (1000, 2)
on_share = {epoch: (Z_out[epoch] > 0).mean(axis=0) for epoch in (0, 1)}
on_share

# %%
edges = np.linspace(min(Z.min() for Z in Z_out.values()), max(Z.max() for Z in Z_out.values()), 50)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), sharex=True, sharey=True, constrained_layout=True)
for ax, epoch in zip(axes, (0, 1)):
    nplt.preactivations(hist, epoch=epoch, ax=ax, bins=edges)

# %% [markdown]
# One colour per output unit; the legend gives each unit's share of samples with z ≤ 0,
# and the shaded band is z ≤ 0, where ReLU outputs 0 and its slope is 0.
# Before the first step (left), output unit 1 is on (z > 0) for 97.5% of the samples and
# unit 2 for 17.6%. One step of the summed cost at lr 0.01 (nine times the stable limit,
# notebook 02) throws unit 1's weights so far that it is on for **no** sample: it is dead
# (right: its whole histogram is below zero). Unit 1 goes first because it was the busy
# one: its gradient dW = Xᵀδ sums a term for every sample on which it is on, 975 of them
# against unit 2's 176, and at the start its gradient is more than 10 times larger.
# Unit 2 dies three steps later, at epoch 4, and from then on both are dead.

# %%
grad_per_unit = np.linalg.norm(grad_at_start, axis=0)
print("gradient size per output unit at the start:", grad_per_unit)
assert np.allclose(on_share[0], [0.975, 0.176]) and on_share[1][0] == 0
assert grad_per_unit[0] > 10 * grad_per_unit[1]
assert hist.dead_fraction[1, 0] == 0.5 and np.argmax(hist.dead_fraction[:, 0] == 1) == 4
assert np.all(hist.dead_fraction[4:, 0] == 1.0)

# %% [markdown]
# ## 2. Why no gradient reaches a dead unit
#
# Backprop multiplies the error by the activation's slope: δ = (out − y) ⊙ relu′(z), then
# dW = Xᵀ δ. ReLU's slope is 0 wherever z ≤ 0. For a dead unit that is every sample, so
# its δ is 0 everywhere and so is its whole gradient. Not small: **exactly zero**, at any
# learning rate. Gradient descent has no way to move it, and the cost freezes.
#
# This is nnlib's backward pass (the training kernel computes the same, faster); the
# line `delta = grad_a * activations.slope(...)` is δ = (error) ⊙ relu′(z):

# %%
print(inspect.getsource(nnlib.Network.backward))

# %%
dWs, _ = net.gradients(X, Y, reduction="sum")
frozen_grad = dWs[0]                                     # (7, 2), at the weights training left
print("largest |gradient| at the frozen weights:", np.abs(frozen_grad).max())
assert np.all(frozen_grad == 0)

# %% [markdown]
# ### Exercise 1: ReLU's slope
# Write `my_relu_prime(z)`: 1 where z > 0, else 0 (same shape as z).

# %%
def my_relu_prime(z):
    return np.ones_like(z)  # replace this line with your answer


exercises.check_relu_prime(my_relu_prime);

# %% [markdown]
# ### Exercise 2: find the dead units
# Write `my_dead_units(Z)`: given pre-activations `Z` of shape (samples, units), return
# one True/False per unit, True when the unit is dead (z ≤ 0 on every sample).

# %%
def my_dead_units(Z):
    return np.zeros(Z.shape[1], dtype=bool)  # replace this line with your answer


exercises.check_dead_units(my_dead_units);

# %% [markdown]
# ## 3. Dying layer by layer
#
# A deeper ReLU network, `[7, 10, 2]`, on the answer's sin/cos data, still with the
# question's choices (no bias, U(−1, 1) weights, summed cost). `History.dead_fraction`
# records, for every epoch, the share of each layer's units that are dead.

# %%
Xs, Ys = nnlib.datasets.sincos(n=1000, seed=0)
deep = {lr: nnlib.train(nnlib.Network([7, 10, 2], seed=0), Xs, Ys, lr=lr, epochs=300,
                        reduction="sum") for lr in (3e-4, 1e-3)}
fig, axes = plt.subplots(1, 2, figsize=(10, 3), sharey=True)
for ax, (lr, h) in zip(axes, deep.items()):
    nplt.dead_fraction(h, ax=ax).set_title(f"lr = {lr:g}")
    ax.set(xscale="symlog", xlim=(-0.5, 300))    # linear up to epoch 1, then log: room for the first epochs

# %% [markdown]
# (The epoch axis is logarithmic beyond epoch 1, so the first epochs, where everything
# happens, get room.) At lr = 0.001 the hidden layer (the wide line) goes from
# 1 dead unit in 10 to all 10 at epoch 2, and the output layer (dashed, drawn on top of it)
# dies at the same epoch: the network is a constant. At lr = 0.0003, 8 of the 10 hidden
# units and one of the two outputs die within 20 epochs, and stay dead. Even at the start, 1 of the 10 hidden units is already dead: with no bias and
# inputs in (0, 1), a unit whose 7 weights are all negative cannot switch on for any input.
# Each weight drawn from U(−1, 1) is negative with chance 1/2, independently of the others, so
# all 7 are with chance (1/2)⁷ = 1/128: seed 0 was unlucky to draw one such unit in ten.

# %%
W_hidden = nnlib.Network([7, 10, 2], seed=0).weights[0]        # (7, 10): the starting weights
all_negative = np.all(W_hidden < 0, axis=0)                     # per hidden unit
print("dead share (hidden, output) at the end:", {lr: h.dead_fraction[-1] for lr, h in deep.items()})
print("hidden units with all 7 weights negative:", all_negative.sum())
d_fast, d_slow = deep[1e-3].dead_fraction, deep[3e-4].dead_fraction
assert np.all(d_fast[2:] == 1.0) and np.all(d_fast[1] < 1) and np.all(d_slow[20:] == d_slow[-1])
assert np.allclose(deep[3e-4].dead_fraction[-1], [0.8, 0.5])
assert np.isclose(deep[3e-4].dead_fraction[0, 0], 0.1) and all_negative.sum() == 1
assert np.array_equal(np.all(Xs @ W_hidden <= 0, axis=0), all_negative)
draws = np.random.default_rng(1).uniform(-1, 1, size=(100_000, 7))    # the chance, counted
assert abs(np.mean(np.all(draws < 0, axis=1)) / 0.5 ** 7 - 1) < 0.15 and 0.5 ** 7 == 1 / 128

# %% [markdown]
# ## 4. What brings units back, and what only prevents death
#
# Take the frozen `[7, 2]` network from section 1 and put its dead weights into networks
# that differ in one respect each. Train each with a sane step (mean cost, lr 0.5; notebook
# 02 showed its limit is about 1.1) and see whether the units come back. Two variants add
# trainable biases: one starts them at 0, the other **sets** them to 0.5 by hand.

# %%
variants = {"ReLU (as before)": {}, "leaky ReLU, leak 0.01": dict(activation="leaky_relu", leak=0.01),
            "leaky ReLU, leak 1e-4": dict(activation="leaky_relu", leak=1e-4),
            "ReLU + bias from 0": dict(bias_init=0.0), "ReLU + bias set to 0.5": dict(bias_init=0.5),
            "linear output": dict(output_activation="identity")}
revived, trials = {}, {}
for name, options in variants.items():
    trials[name] = trial = nnlib.Network([7, 2], **options)
    trial.weights[0][...] = net.weights[0]
    revived[name] = nnlib.train(trial, X, Y, lr=0.5, epochs=1000, reduction="mean")
    h = revived[name]
    print(f"{name:24s} dead at the end: {h.dead_fraction[-1, 0]:.0%}   cost {h.cost[0]:.3f} -> {h.cost[-1]:.3f}")

# %% [markdown]
# - **ReLU** stays frozen: zero gradient, as section 2 said.
# - **Leaky ReLU** replaces the flat part by a small slope, so a "dead" unit still gets a
#   gradient, `leak` times smaller. With leak 0.01 both units are back after about 200
#   epochs. With the answer's leak of 1e-4 the gradient is 10,000 times smaller and
#   nothing visible happens in 1000 epochs: a leak that small barely helps.
# - **A trainable bias does not revive a dead unit.** Its gradient is the sum of δ over
#   the samples, and δ is 0 on every sample of a dead unit: the bias that starts at 0
#   stays at 0 and the unit stays dead.
# - **A bias set to 0.5** shifts z up for every sample, and one of the two units is on
#   again at once. But that is us editing the weights, not training. What a positive bias
#   *init* really does is **prevent** death at the start: it keeps units on for more
#   samples before the first step (the answer's advice, notebook 04).
# - **A linear output layer** does not revive the dead ReLU units: it **replaces** them.
#   The output units' ReLU becomes the identity, which has no flat part and no kink, so
#   nothing is left to die. It trains.
#
# Why does the linear output start at a cost of 17.986 when the other variants start between
# 0.338 and 0.373? They all start from the same dead weights, whose pre-activations z are
# negative on every sample (−4.9 and −1.7 on average for the two outputs). A ReLU output
# turns those into 0, and outputting 0 costs ½ × mean of (y₁² + y₂²) = 0.338 (about
# ½ × 2 × 1/3 for targets in (0, 1)); a leak of 0.01 outputs 1% of z, a little below 0, and
# starts a little higher (0.373). The identity outputs z itself, far below the targets, so its
# first error is much larger: 17.986. Its cost then falls below everyone else's.

# %%
dead_end = {name: h.dead_fraction[-1, 0] for name, h in revived.items()}
relu_run, leaky_run = revived["ReLU (as before)"], revived["leaky ReLU, leak 0.01"]
epoch_back = np.argmax(leaky_run.dead_fraction[:, 0] < 1)         # first epoch a unit is on again
print("leak 0.01: first unit back at epoch", epoch_back)
assert dead_end["ReLU (as before)"] == 1 and relu_run.cost[-1] == relu_run.cost[0]
assert dead_end["leaky ReLU, leak 0.01"] == 0 and 150 < epoch_back < 250
assert dead_end["leaky ReLU, leak 1e-4"] == 1 and dead_end["ReLU + bias from 0"] == 1
assert np.all(trials["ReLU + bias from 0"].biases[0] == 0)                # zero gradient: never moved
assert dead_end["ReLU + bias set to 0.5"] == 0.5 and revived["ReLU + bias set to 0.5"].dead_fraction[0, 0] == 0.5
assert revived["linear output"].cost[-1] < min(h.cost[-1] for h in revived.values() if h is not revived["linear output"])
z_dead = X @ net.weights[0]                                     # the dead weights' pre-activations
start = {name: h.cost[0] for name, h in revived.items()}
print(f"mean z per output {z_dead.mean(axis=0).round(1)}; start: linear {start['linear output']:.3f}, others {start['ReLU (as before)']:.3f}")
assert np.all(z_dead < 0) and np.allclose(z_dead.mean(axis=0), [-4.9, -1.7], atol=0.05)
others = [c for n, c in start.items() if n != "linear output"]
assert np.isclose(start["ReLU (as before)"], 0.5 * np.mean(np.sum(Y ** 2, axis=1)))          # outputs 0
assert np.isclose(start["linear output"], 0.5 * np.mean(np.sum((Y - z_dead) ** 2, axis=1)))  # outputs z
assert round(start["linear output"], 3) == 17.986 and round(min(others), 3) == 0.338 and round(max(others), 3) == 0.373
assert max(others) == start["leaky ReLU, leak 0.01"]

# %% [markdown]
# ## 5. Explore it live: the answer's own network
#
# The answer's rewrite uses all three ideas a little: leaky ReLU with LEAK = 1e-4 on
# **every** layer (the output too), biases drawn from U(0, 1), lr 1e-5 with the summed
# cost, `[7, 10, 2]`. It trains on some seeds and not on others (notebook 04 counts them
# over 20 seeds). On weight seed 16 it does not: one output unit is dead in the ReLU sense
# from the very first epoch (its pre-activation is negative for every sample at the
# initial weights). With a leak it still gets a gradient, but LEAK = 1e-4 makes it 10,000
# times smaller than an active unit's: almost nothing. The cost barely moves. This is the
# run the explorer starts from, drawn as a static figure:

# %%
stuck = liverun.run(liverun.DEFAULT.replace(seed=16))
stuck_cost = stuck.history.cost
print(f"cost {stuck_cost[0]:.0f} -> {stuck_cost[-1]:.0f} (lowest {stuck_cost.min():.0f}); "
      f"z <= 0 everywhere, per layer: {stuck.history.dead_fraction[-1]}")
assert stuck_cost.min() > 17000 and np.all(stuck.history.dead_fraction[:, 1] == 0.5)
assert stuck.settings.leak == 1e-4 and stuck.history.epochs == 2000

# %%
healthy = liverun.run(liverun.DEFAULT.replace(seed=0))           # same network and settings, seed 0
fig, axes = plt.subplots(1, 2, figsize=(10, 3.3), constrained_layout=True)
nplt.cost_curve(healthy.history, ax=axes[0], label="seed 0: trains", color="C2")
nplt.cost_curve(stuck.history, ax=axes[0], label="seed 16: stuck", color="C3")
axes[0].set_title("the answer's network: cost (log scale)", fontsize=10)
nplt.dead_fraction(stuck.history, ax=axes[1]).set_title("seed 16: units with z <= 0 on every sample", fontsize=10);

# %% [markdown]
# On the log scale the difference is plain: seed 0 falls from about 3900 (the hollow circle
# at epoch 0: most of that drop is the first step) to 7, while seed 16
# never falls below 17,000, a drop of 4 % in 2000 epochs. Half of seed 16's output layer
# (one unit of two) stays below zero for all 2000 epochs.

# %%
drop16 = 1 - stuck_cost[-1] / stuck_cost[0]
print(f"seed 0: {healthy.history.cost[0]:.0f} -> {healthy.history.cost[-1]:.1f}; seed 16 drop {drop16:.1%}")
assert round(healthy.history.cost[0], -2) == 3900 and round(healthy.history.cost[-1]) == 7
assert round(drop16, 2) == 0.04

# %% [markdown]
# **Predict first.** The explorer below starts on that stuck seed. Before you move a
# slider, write down what you expect from each of these, and why:
# - LEAK from 1e-4 to 0.01;
# - LEAK to 0 (a plain ReLU);
# - bias init from U(0,1) to 0.1, or to none;
# - lr ten times larger.
#
# (The output layer's activation is not among these controls; notebook 04 switches it.)

# %% tags=["nbval-ignore-output"]
widgets.dead_units(seed=16)

# %% [markdown]
# ## Summary
# - A ReLU unit is dead when its pre-activation is ≤ 0 on every sample. Its gradient is
#   then exactly 0, so gradient descent can never revive it; a dead output layer freezes
#   the cost at what a constant-zero output costs.
# - The question's too-large steps (summed cost) pushed both output units across zero
#   within four updates; the busier unit, with the larger gradient, in a single one. In
#   a deeper net whole layers die within a few epochs.
# - What brings a dead unit back: a leak large enough to matter (0.01, not 1e-4). A
#   **linear output layer** does not revive the output units' ReLU but replaces it with
#   the identity, which cannot die. A trainable bias does not help: its gradient is 0
#   too. A positive bias *init* helps only by preventing death at the start.
# - Units die this way because the inputs are all ≥ 0: one weight vector can then make
#   z < 0 on every sample. On standardised, mixed-sign inputs some z stay positive, and
#   the same too-large step makes the ReLU net's cost overflow instead (notebook 01).
# - The answer's rewrite still dies on some seeds (seed 16 here): its leak is too small and
#   its output layer is a leaky ReLU.

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. **Why** does a trainable bias that starts at 0 not bring a dead unit back? Give the letter:
#    (a) its gradient is the sum of δ over the samples, and δ = error × relu′(z) is 0 on
#    every sample of a dead unit, so the bias never moves;
#    (b) nnlib does not train biases;
#    (c) a bias of 0 has no effect on z.
# 2. A layer this notebook did not show: ReLU units with **3** inputs in (0, 1), weights
#    drawn from U(−1, 1) and no bias. What is the chance that a unit is dead before any
#    training? (A number between 0 and 1.)
# 3. Which of `"bias from 0"`, `"leak 0.01"` and `"leak 1e-4"` brings a dead unit back by training?

# %%
exercises.check_understanding_03(
    None,   # 1. a letter, in quotes
    None,   # 2. a number between 0 and 1
    None);  # 3. a name, in quotes

# %% [markdown]
# **Next:** [04 The fixes](04_the_fixes.ipynb): every fix, one at a time, over 20 seeds.

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
def relu_prime_solution(z):
    return (z > 0).astype(float)


assert exercises.check_relu_prime(relu_prime_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
def dead_units_solution(Z):
    return np.all(Z <= 0, axis=0)     # <= 0 on every sample (axis 0 = samples)


assert exercises.check_dead_units(dead_units_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_03("a", 0.5 ** 3, "leak 0.01")   # all 3 weights negative: (1/2)^3
