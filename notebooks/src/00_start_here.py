# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 00 · Start here: why does my network's cost go to infinity, or freeze?
#
# A learner built a small neural network in NumPy. On the question's 100-sample toy data
# it seems to train. On their real, larger data set the total cost grew without bound from
# the first step; with a sigmoid activation it trained, with ReLU it got stuck and never
# trained. This course takes that network apart, one defect at a time, until it trains on
# every seed, and explains each failure **in numbers**.
#
# **Who it is for:** you can read NumPy and know what gradient descent does; you have
# perhaps written a network of your own. No deep-learning framework is needed.
#
# **How long:** 3¾ to 5½ hours for notebooks 01 to 06 if the maths is new
# to you (the map below gives each one's range), best taken in two or three sessions, then
# as long as you like in the playground (07).
#
# **In this notebook you will**
# 1. see both symptoms of the question (a cost that freezes, a cost that explodes) next to a network that trains;
# 2. learn how the course is laid out and how to launch it;
# 3. try the exercise checkers once, on a warm-up.

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import matplotlib.pyplot as plt
import numpy as np

import nnlib
import nnlib.plotting as nplt
from nnlib import exercises

# %% [markdown]
# ## The symptom in one figure
#
# `nnlib.Network([7, 2])` with its defaults is the question's network: ReLU on every
# layer (the output too), weights drawn from U(-1, 1), no biases. We train it as the
# question did: the **summed** cost over all samples and a learning rate of 0.01, on
# 1000 random samples. (How the per-sample errors are combined into one cost, summed or
# averaged, is called the *reduction*; nnlib takes it by name: `reduction="sum"` or
# `reduction="mean"`.)

# %%
X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
question_net = nnlib.Network([7, 2], seed=0)
frozen = nnlib.train(question_net, X, Y, lr=0.01, epochs=300, reduction="sum")
frozen

# %% [markdown]
# The same net with a linear ("identity") activation does not freeze: it explodes.

# %%
linear_net = nnlib.Network([7, 2], activation="identity", seed=0)
exploding = nnlib.train(linear_net, X, Y, lr=0.01, epochs=300, reduction="sum")
exploding

# %% [markdown]
# And here is a network that trains, on the answer's data set (targets
# `[sum(sin x), sum(cos x)]`). It changes five things, each explained later in the course:
# 1. the **mean** cost instead of the sum (notebook 02);
# 2. a **linear** output layer (no activation at all), which cannot die (notebook 03);
# 3. a hidden layer of **leaky ReLU** units: a ReLU that lets a small slope (here 0.01)
#    through for negative inputs instead of 0, so a unit cannot go silent for good (notebook 03);
# 4. **He-scaled** starting weights: random weights whose size is matched to the number of
#    inputs of each layer, instead of U(−1, 1) whatever the layer (notebook 04);
# 5. small positive **biases** (0.1), which the question's net does not have at all (notebook 04).

# %%
Xs, Ys = nnlib.datasets.sincos(n=1000, seed=0)
fixed_net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                          weight_init="he", bias_init=0.1, seed=0)
fixed = nnlib.train(fixed_net, Xs, Ys, lr=0.05, epochs=300, reduction="mean")
fixed

# %%
zero_output_cost = 0.5 * np.sum(Y ** 2)                 # what a net that outputs 0 costs
fig, (ax_all, ax_zoom) = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
for hist, label in [(exploding, "identity, summed cost: explodes"),
                    (frozen, "ReLU, summed cost: freezes"), (fixed, "fixed network: trains")]:
    nplt.cost_curve(hist, ax=ax_all, label=label)
nplt.cost_limits(ax_all, 1e-3, 1e30)                    # the top of the figure: a cost of 1e30
ax_all.set(ylabel="cost, log scale", title="Three networks, three fates (300 epochs)")
ax_zoom.plot(frozen.cost[:21], ".-", color="C1", label="ReLU, summed cost")
ax_zoom.axhline(zero_output_cost, color="k", ls="--", lw=1, label="0.5 × sum(Y²)")
ax_zoom.set(xlabel="epoch", ylabel="cost", title="The frozen net, first 20 epochs")
ax_zoom.legend(fontsize=8);

# %% [markdown]
# Read the left figure from the top:
# - the linear net's cost is multiplied by about 300 at every update: it leaves the top of
#   the figure (10³⁰) within a dozen epochs and keeps growing until it overflows to
#   infinity, at the epoch the dotted line marks (both epochs are printed below);
# - the ReLU net's cost hardly moves on this scale; the right figure zooms in: it dips
#   for two steps, rises, and from epoch 4 on it is frozen at 0.5 × sum(Y²), exactly what
#   a network that outputs 0 for every sample costs;
# - the fixed net's cost falls by a factor of more than 100.
#
# The next cell prints and checks each of those claims, so this text cannot go stale.

# %%
growth = exploding.cost[1:exploding.diverged_at] / exploding.cost[:exploding.diverged_at - 1]
leaves_figure = int(np.argmax(exploding.cost > 1e30))
print(f"explodes: x{np.median(growth):.0f} per step, above 1e30 at epoch {leaves_figure}, "
      f"overflow at epoch {exploding.diverged_at}")
print(f"freezes: {frozen.cost[0]:.1f} -> {frozen.cost[-1]:.1f} = 0.5 * sum(Y**2) = {zero_output_cost:.1f}")
print(f"trains: {fixed.cost[0]:.2f} -> {fixed.cost[-1]:.4f}")
assert exploding.status == "diverged" and 200 < np.median(growth) < 400 and leaves_figure <= 12
assert np.isclose(frozen.cost[-1], zero_output_cost) and np.all(frozen.cost[4:] == frozen.cost[-1])
assert frozen.cost[1] < frozen.cost[0] and frozen.cost[2] < frozen.cost[1] < frozen.cost[3] < frozen.cost[4]
assert np.all(frozen.dead_fraction[-1] == 1.0)          # every output unit is dead
assert fixed.cost[0] / fixed.cost[-1] > 100

# %% [markdown]
# **Four words for one loop.** Every network in this course is trained by full-batch gradient
# descent: each pass computes the gradient on *all* the samples and then changes the weights
# once. The course keeps four words apart:
# - an **update** is that one change of the weights, w ← w − lr × gradient;
# - the **step** is the change itself, lr × gradient: a step is "too large" when the update
#   overshoots. Each update makes one step, so "per step" means per update;
# - an **epoch** counts the updates on the axis of a cost curve: "the cost at epoch k" is
#   the cost after k updates (epoch 0 is the start, before any update);
# - an **iteration** is one turn of the question's own loop, which makes one update too;
#   the course uses the word only for the question's code (notebook 01).
#
# With full batches one epoch is one update, so "the cost grows 300-fold per step" and "per
# epoch" say the same thing; with mini-batches, as most training code uses, an epoch holds
# many updates.
#
# Why the first two happen, and why the same learning rate worked on 100 samples, is
# what notebooks 01 to 04 explain. (Notebook 01 also shows the ReLU net going to infinity
# rather than freezing, when its inputs are standardised.)
#
# ## The map
#
# | notebook | question it answers | time |
# |---|---|---|
# | [01 The original network](01_the_original_network.ipynb) | What exactly does the question's code do, defect by defect? | 30-45 min |
# | [02 Sum versus mean](02_sum_versus_mean.ipynb) | Why does the same learning rate blow up on more data? When is gradient descent stable? Why did the sigmoid net survive? | 60-90 min |
# | [03 Dead ReLUs](03_dead_relus.ipynb) | What is a dead unit, and why does no gradient bring it back? | 30-45 min |
# | [04 The fixes](04_the_fixes.ipynb) | Which fix matters how much, measured over 20 seeds? Does the answer's rewrite work? | 45-60 min |
# | [05 Gradient checking](05_gradient_checking.ipynb) | How do I know my backpropagation is right? | 30-45 min |
# | [06 Learning rates and optimizers](06_learning_rates_and_optimizers.ipynb) | Halving the learning rate, momentum, Adam: what do they rescue? | 30-45 min |
# | [07 Playground](07_playground.ipynb) | Every slider at once. | as long as you like |
# | [08 Your own network](08_your_own_network.ipynb) | Your own NumPy training loop, watched by a "doctor" that names the first bad number. | 30-60 min |
# | [09 Choosing a learning rate](09_choosing_a_learning_rate.ipynb) | Which learning rate for my next network? Why does the stability limit move during training, and how good are the range test's rules? | 60-75 min |
#
# The times are for a first reading by a learner to whom eigenvalues and the chain rule are
# not daily tools, with the exercises and each notebook's closing questions; the low end is
# for a reader fluent in the maths. A first reading of the previous edition took a learner
# about 4.5 hours for 01 to 06, and 02 (stability) was the longest. Two or three sessions
# work: 01 to 03 answer *why* it explodes or freezes (2 to 3 hours); 04 to 06 are about the
# fixes (1¾ to 2½ hours).

# %%
minutes = {"01": (30, 45), "02": (60, 90), "03": (30, 45), "04": (45, 60), "05": (30, 45), "06": (30, 45)}
total, why, fixes = (np.sum([minutes[k] for k in ks], axis=0) / 60 for ks in
                     (minutes, ("01", "02", "03"), ("04", "05", "06")))
print(f"01-06: {total[0]:g} to {total[1]:g} h; 01-03: {why[0]:g} to {why[1]:g} h; 04-06: {fixes[0]:g} to {fixes[1]:g} h")
assert tuple(total) == (3.75, 5.5) and tuple(why) == (2, 3) and tuple(fixes) == (1.75, 2.5)
assert total[0] <= 4.5 <= total[1]             # the measured first reading lies inside the range

# %% [markdown]
#
# ## How to launch it
# - **On your machine:** `make lab` in the project folder creates a virtual environment
#   on first use and opens JupyterLab here, in `notebooks/`.
# - **In the browser, nothing to install:** if the course is published on GitHub, its
#   README has a Binder link that opens this notebook on mybinder.org (the first start
#   takes a few minutes); the `binder/` folder holds the environment it builds.
# - **As an app, without code:** `make app` serves the playground with Voilà.
#
# ## How to use the sliders
# The widget sections need a running kernel: run the notebook top to bottom
# (*Run → Run All Cells*). Each widget has a static figure above it, so you can read the
# notebook on GitHub without running anything. Drag a slider, or click its handle and
# use the arrow keys for one step at a time; the network is retrained from scratch and
# the figure redrawn on every move. Before each widget the notebook asks you to
# **predict** what will happen: write your guess down before you move anything.
#
# ## How the exercises work
# Each notebook has one to three exercises. You write a small function and hand it to a
# checker from `nnlib.exercises`, which tests it on random inputs against nnlib's own
# code and prints `Correct!` or a hint. Worked solutions are at the end of each notebook,
# in cells whose code is collapsed: try first, then compare. Notebooks 01 to 07 also end
# with two or three short questions, *Check your understanding*, answered with a number, a
# name or the letter of one of three reasons, and checked the same way. Most ask *why*, or
# for a number from the notebook's rule on a case it did not show, so you know before moving
# on whether the idea, not only the page, stuck.
#
# **For teachers:** every solution cell (and each notebook's "Solutions" heading) carries
# the cell tag `solution`, so a copy for students without them is one command:
#
# ```bash
# jupyter nbconvert --to notebook --TagRemovePreprocessor.enabled=True \
#     --TagRemovePreprocessor.remove_cell_tags solution --output-dir student notebooks/*.ipynb
# ```
#
# (`enabled=True` is needed: without it nbconvert keeps the cells.) The stripped notebooks
# run the same, since no other cell uses a solution.
#
# ### Exercise 1 (warm-up): ReLU
# Write `my_relu(z)`: return `z` where `z > 0` and 0 elsewhere, for an array of any shape.

# %%
def my_relu(z):
    return z  # replace this line with your answer


exercises.check_relu(my_relu);

# %% [markdown]
# ## Summary
# - The question's network shows two symptoms: with ReLU the cost **freezes** at
#   0.5 × sum(Y²) because every output unit is dead; without ReLU it **explodes**, about
#   300-fold per step.
# - A network with a mean cost, a linear output, leaky ReLU, He init and small biases
#   trains on the same kind of data.
# - Every number in these notebooks is computed and checked in a cell.
#
# **Next:** [01 The original network](01_the_original_network.ipynb): the question's own
# code, re-created, and run exactly as the learner ran it.

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
def relu_solution(z):
    return np.where(z > 0, z, 0.0)


assert exercises.check_relu(relu_solution)
