# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The original network, run as the learner ran it
#
# The question's code is a two-layer network (7 inputs, 2 outputs) trained by full-batch
# gradient descent. `nnlib.question.original` is our re-creation of it, **deliberately broken**:
# every defect is kept and marked `# DEFECT n` in its source, which we print below. Here
# we run it exactly as the learner did and watch it fail in the two ways they described.
#
# **In this notebook you will**
# 1. read the code, with its eight defects marked;
# 2. see it seem to train on 100 random samples, and freeze on 1000;
# 3. explain the frozen number: 0.5 × sum(Y²), the cost of a network that outputs 0;
# 4. replace ReLU by the identity and watch the cost multiply by about 300 per update, and
#    by a sigmoid (what the learner used for their "expected" output) and watch it train;
#    then standardise the inputs and watch the *ReLU* net go to infinity too, and see why;
# 5. meet the smaller defects: a progress line that fires every iteration, a global
#    variable read instead of an argument, no biases, a crash when the net is made deeper;
# 6. check that `nnlib.Network`, configured like the question, does exactly the same.
#
# The data and the seed are the ones notebooks 00, 02 and 03 use, so every number here
# is the same number there.

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
from nnlib import exercises
from nnlib.question import original

# %% [markdown]
# ## 1. The code
#
# This is the network class of `nnlib/question/original.py`: the question's `Neural_Net` with its
# methods renamed to snake_case, plus a few lines that record what it prints (so a cell
# can check it). Each **forward** pass computes, per layer, z = a · W (the
# **pre-activation**, the unit's input before the activation function) and a = relu(z).
# Look for the `# DEFECT` comments; the rest of this notebook shows each one at work.

# %%
print(inspect.getsource(original.OriginalNet))

# %% [markdown]
# ## 2. On 100 samples it seems to train
#
# The question's script starts with 100 random samples: inputs and targets both uniform
# on (0, 1), unrelated to each other. The network reads them from module-level variables,
# so we set those first, as the learner's script does at its top.

# %%
X100, Y100 = original.toy_data(n=100, seed=0)
original.use_data(X100, Y100)
small = original.OriginalNet(X100, Y100, seed=0)     # trains 1000 iterations, lr 0.01
print("first three lines:", *small.printed[:3], sep="\n  ")
print("last two lines:", *small.printed[-2:], sep="\n  ")

# %% [markdown]
# Each printed line holds the cost of each of the two outputs; the very last line is
# their mean. The costs fall, so the network seems to learn (it cannot learn much: the
# targets are unrelated to the inputs). Rounded:

# %%
first, last = small.costs[0], small.costs[-1]
print(f"from {first.round(1)} to {last.round(1)}; final line (mean) {small.final_line:.2f}")
assert np.all(last < first / 3) and np.isclose(small.final_line, last.mean())

# %% [markdown]
# When we ran the question's script itself, with its unseeded random data (so every run
# differs), its costs fell in the same way. The question posts no numbers for this run.
#
# ## 3. On 1000 samples it freezes
#
# Now the same code on 1000 samples, standing in for the learner's "big data set".
# `big.costs` holds the per-output cost each iteration printed:

# %%
X1000, Y1000 = original.toy_data(n=1000, seed=0)
original.use_data(X1000, Y1000)
big = original.OriginalNet(X1000, Y1000, seed=0)
print(big.costs[:6])
print("final line:", big.final_line)

# %% [markdown]
# The first update throws output 1 into a region where it outputs 0 for every sample: its
# cost jumps a little and then never moves again. Output 2 wobbles for three more
# iterations and then does the same. From iteration 4 on nothing moves, ever again.
#
# **Why that number?** After those steps, every pre-activation of both output units is
# negative on every sample, so ReLU outputs 0 for everything. A network that outputs 0
# costs 0.5 × sum over samples of y², per output. And ReLU's slope is 0 there, so the
# gradient is exactly 0 and the weights never change: the units are **dead**.

# %%
Z = np.asarray(X1000) @ big.weight_arrays()[0]         # output pre-activations (1000, 2)
zero_output_cost = 0.5 * np.sum(np.asarray(Y1000) ** 2, axis=0)
changes = np.flatnonzero(np.any(big.costs[1:] != big.costs[:-1], axis=1)) + 1
print("largest pre-activation per output:", Z.max(axis=0))
print("frozen cost per output:", big.costs[-1], "  0.5*sum(Y**2):", zero_output_cost)
print("last iteration whose cost changed:", changes.max())
assert np.all(Z.max(axis=0) < 0) and np.allclose(big.costs[-1], zero_output_cost)
assert big.costs[1, 0] == big.costs[-1, 0] > big.costs[0, 0]       # output 1: up, then frozen
assert changes.max() == 4                                            # output 2 frozen from 4 on

# %% [markdown]
# Every draw of 1000 targets from U(0, 1) freezes near the same value. For one target
# y ~ U(0, 1), E[y²] = 1/3 and E[y⁴] = 1/5, so y² has variance 1/5 − (1/3)² = 1/5 − 1/9.
# Summed over 1000 samples and halved, one output's frozen cost is 0.5 × 1000 / 3 ≈ 166.7,
# give or take 0.5 × √(1000 × (1/5 − 1/9)) ≈ 4.7 (one standard deviation). The final line
# is the **mean of the two outputs**, and averaging two independent outputs divides that
# spread by √2: 166.7 give or take 3.3. When we ran the question's code as written, with
# its unseeded data, its final line froze at 165.5. Our seeded final line and that 165.5
# both fit:

# %%
expected, spread = 1000 / 6, 0.5 * np.sqrt(1000 * (1 / 5 - 1 / 9))   # mean and sd of 0.5*sum(y^2), one output
spread_line = spread / np.sqrt(2)                      # the final line: the mean of two outputs
question_frozen = 165.5                                # our run of the question's code, unseeded
print(f"per output {expected:.1f} +- {spread:.1f}; final line {expected:.1f} +- {spread_line:.1f}; "
      f"ours {big.final_line:.1f}; question's {question_frozen}")
assert abs(big.final_line - expected) < spread_line and abs(question_frozen - expected) < spread_line
assert round(expected, 1) == 166.7 and round(spread, 1) == 4.7 and round(spread_line, 1) == 3.3

# %% [markdown]
# ### Exercise 1: predict the frozen cost
# Without training anything, compute what a network that outputs 0 costs on the 100-sample
# targets `Y100`, one number per output, with the question's cost
# `0.5 * sum((y - out)**2)` summed over the samples.

# %%
my_frozen_cost = None  # your answer: an array with one number per output

exercises.check_frozen_cost(my_frozen_cost, Y100);

# %% [markdown]
# ## 4. Without ReLU it explodes; with a sigmoid it trains
#
# Swap ReLU for the identity (a linear network) and nothing can die. Instead the cost
# grows: each step multiplies it by about 300, until the numbers overflow to infinity.

# %%
linear = original.OriginalNet(X1000, Y1000, seed=0, activation="identity", iterations=150)
total = linear.costs.sum(axis=1)
growth = total[3:6] / total[2:5]
overflow_at = int(np.argmax(~np.isfinite(total)))
print("total cost:", total[:5])
print(f"growth per update: {growth.round(2)}; infinite from iteration {overflow_at}")
assert np.allclose(growth, 292.6, rtol=1e-3) and np.all(np.isfinite(total[:overflow_at]))

# %% [markdown]
# By the third step the factor has settled near 292.6 per update. Notebook 02 predicts that
# number from the data alone, before training anything, and shows why the same learning
# rate is fine on 100 samples. The root cause is the same in both runs: **the step is far
# too large for 1000 samples**. With ReLU the too-large steps kill the units; without it,
# the steps keep growing.
#
# The question says the falling numbers the learner expected came from a **sigmoid**
# network. Same code, same 1000 samples, same learning rate, sigmoid instead of ReLU:

# %%
sigmoid = original.OriginalNet(X1000, Y1000, seed=0, activation="sigmoid")
print("first:", sigmoid.costs[0], " last:", sigmoid.costs[-1])
assert np.all(sigmoid.costs[-1] < 0.75 * sigmoid.costs[0]) and np.all(np.isfinite(sigmoid.costs))
assert np.all(sigmoid.costs[-1] < zero_output_cost / 3)       # far below the frozen ReLU net

# %% [markdown]
# It trains: the cost falls and nothing freezes or explodes. So the learner was right
# that the activation matters, but not about why. A sigmoid's slope is at most 1/4, and
# never exactly 0, and notebook 02 shows that this makes the same step about 30 times
# safer. It does not remove the problem, it only moves the limit: notebook 02 shows the
# sigmoid net failing too on ten times more data.

# %% [markdown]
# ### On centred inputs the same ReLU net goes to infinity
#
# > **Reading ahead.** This subsection is the hardest of 01 because it borrows a rule from
# > notebook 02. What it shows, the ReLU net overflowing, needs nothing new. *Why* it grows
# > 23-fold per update uses two things 02 explains (its sections 2 and 3) and that you may
# > take on trust here: **λ_max**, the **curvature** of the cost in its steepest direction
# > (how sharply it bends there; `np.linalg.eigvalsh(Z.T @ Z)[-1]` computes it for a linear
# > layer on inputs `Z`), and the rule that each update above the limit multiplies the cost
# > by **(lr × λ_max − 1)²**. Below, **λ_max per sample** is λ_max(XᵀX) / N (the "1.81"),
# > and **the curvature of the samples that pass a gradient** is λ_max computed over only the
# > samples on which a ReLU unit is on (it passes no gradient for the others). On a first
# > reading you may skip to section 5 and come back after notebook 02; nothing else in 01
# > depends on it.
#
# The learner's cost *did* grow to infinity, with ReLU. Our inputs, like the question's,
# are U(0, 1), all positive, and with them the ReLU net always freezes. Real data are
# usually **standardised** first (each input column shifted to mean 0 and scaled to
# standard deviation 1), so the inputs have both signs. Same net, same targets, same
# lr = 0.01, summed cost, same starting weights; only `X1000` standardised:

# %%
Xc = (np.asarray(X1000) - np.mean(X1000, axis=0)) / np.std(X1000, axis=0)
centred = nnlib.train(nnlib.Network([7, 2], seed=0), Xc, Y1000, lr=0.01, epochs=1000,
                      reduction="sum", snapshots=(1, 100))
growth_c = np.median(centred.cost[51:101] / centred.cost[50:100])
print(f"{centred.status}: inf at epoch {centred.diverged_at}; growth per epoch {growth_c:.1f}; "
      f"most units ever dead: {centred.dead_fraction.max():.0%}")
assert centred.diverged and 200 < centred.diverged_at < 250 and centred.dead_fraction.max() == 0
assert centred.diverged_at == 226 and round(growth_c) == 23

# %% [markdown]
# It goes to infinity at epoch 226 and no unit ever dies. The cost grows about 23-fold per
# epoch instead of 292.6-fold, so it takes longer to overflow. Notebook 02's rule explains
# the 23, once two changes are counted. The factor per update is (lr × λ_max − 1)², where
# λ_max is the curvature of the samples that pass a gradient:
# - **only about half the samples.** A ReLU unit passes the gradient only of the samples
#   where it is on (here about half of them, shown below), so its curvature is about half;
# - **less curvature per sample.** λ_max per sample is 1.81 for our U(0, 1) inputs (notebook
#   02 derives about 1/12 + 7/4 ≈ 1.83, where the 7/4 comes from the inputs' common mean of
#   1/2); standardised inputs have mean 0, and it falls to 1.15 (notebook 04 comes back to this).
#
# Halving alone would predict (0.01 × 1000 × 1.81 / 2 − 1)² ≈ 65, standardising alone about
# 111; both together, (0.01 × 1000 × 1.15 / 2 − 1)² ≈ 22.7, the 23 measured. (A rough model:
# which half is on changes from step to step, but it stays about half.)

# %%
lam_per_sample = {name: np.linalg.eigvalsh(Z.T @ Z)[-1] / len(Z) for name, Z in (("U(0,1)", np.asarray(X1000)), ("standardised", Xc))}
predict = {what: (0.01 * 1000 * lam_per_sample[data] * share - 1) ** 2 for what, data, share in
           (("half", "U(0,1)", 0.5), ("standardised", "standardised", 1), ("both", "standardised", 0.5))}
print({k: round(v, 2) for k, v in lam_per_sample.items()}, {k: round(v, 1) for k, v in predict.items()})
assert round(lam_per_sample["U(0,1)"], 2) == 1.81 and round(lam_per_sample["standardised"], 2) == 1.15
assert abs(predict["half"] - 65) < 1 and round(predict["standardised"]) == 111
assert round(predict["both"], 1) == 22.7 and abs(predict["both"] / growth_c - 1) < 0.05

# %% [markdown]
# It is not a lucky draw: four seeds (data and weights), and ten times more samples, which
# overflows sooner:

# %%
def centred_run(n, seed):
    X, Y = nnlib.datasets.random_targets(n=n, seed=seed)
    return nnlib.train(nnlib.Network([7, 2], seed=seed), (X - X.mean(0)) / X.std(0), Y,
                       lr=0.01, epochs=1000, reduction="sum")


seed_runs = [centred_run(1000, s) for s in range(4)]
big_centred = centred_run(10000, 0)
print("N = 1000, seeds 0-3, inf at epoch:", [r.diverged_at for r in seed_runs],
      "; N = 10,000:", big_centred.diverged_at)
assert all(r.diverged and 200 < r.diverged_at < 250 and r.dead_fraction.max() == 0 for r in seed_runs)
assert big_centred.diverged and 80 < big_centred.diverged_at < 100 and big_centred.dead_fraction.max() == 0

# %% [markdown]
# **Why freeze on one and explode on the other?** A unit's input is z = x · w. When every
# input is ≥ 0, an overshoot that makes the unit's weights all negative makes z < 0 on
# **every** sample at once: the unit is dead, its gradient is 0, and the cost freezes.
# That is what happened on U(0, 1) data: after training, output 1's weights are all
# negative. With centred inputs no weight vector can do that: whatever w is, x · w is
# positive on about half of the samples (here 49 to 52 %, at epoch 1 and at epoch 100). The
# unit stays alive there, and on those samples the too-large steps keep growing, as in
# the linear network.

# %%
on_share = np.array([(centred.snapshots[e][0] > 0).mean(axis=0) for e in (1, 100)])
print("U(0,1) data, output 1's weights after training:", big.weight_arrays()[0][:, 0].round(2))
print("centred data, share of samples with z > 0 (epoch 1, epoch 100):\n", on_share)
assert np.all(big.weight_arrays()[0][:, 0] < 0) and np.all((0.49 <= on_share) & (on_share <= 0.52))

# %%
fig, ax = plt.subplots(figsize=(7, 3.5), constrained_layout=True)
ax.plot(np.log10(big.costs.sum(axis=1)), label="inputs U(0, 1): freezes (every unit dead)")
ax.plot(np.log10(centred.cost[:centred.diverged_at]), label=f"inputs standardised: inf at epoch {centred.diverged_at} (no unit dead)")
ax.axvline(centred.diverged_at, color="C1", ls=":", lw=1)
ax.set(xlabel="epoch", ylabel="log10 of the total cost (summed)", xlim=(-6, 300),
       title="The same ReLU net, lr 0.01, N = 1000")
ax.legend(loc="upper left", fontsize=8);

# %% [markdown]
# So the question's two symptoms are one cause, too large a step, meeting two kinds of
# input: all-positive inputs let the step kill every unit (freeze); mixed-sign inputs keep
# some units alive, and the step blows them up (infinity). Notebook 02 computes how large a
# step may be; notebook 04 lists the fixes, standardising included.
#
# ## 5. The smaller defects
#
# **The progress line.** The question prints the cost when `(i/1000.0) == (i/1000)`.
# In Python 2, `i/1000` was integer division, so this was true every 1000th iteration.
# In Python 3 both sides are the same true division: it is true **every** iteration.

# %%
print(inspect.getsource(original.progress_condition))
print([original.progress_condition(i) for i in range(5)], small.progress_checks, len(small.printed))
assert all(original.progress_condition(i) for i in range(1000)) and small.progress_checks == 1000
assert len(small.printed) == 1001                          # 1000 progress lines + the final one

# %% [markdown]
# ### Exercise 2: the progress line it meant
# Write `my_progress(i)` that is True exactly when `i` is a multiple of 1000.

# %%
def my_progress(i):
    return (i / 1000.0) == (i / 1000)  # replace this line with your answer


exercises.check_progress_condition(my_progress);

# %% [markdown]
# **The global targets.** The constructor stores `self.trng_output = trng_output`: the
# module's global, not its `data_output` argument. It works only because the learner
# passes the same targets that the global holds. Give it other targets and it silently
# trains on the old ones:

# %%
other_Y = np.zeros((1000, 2))                               # targets it should learn
ignored = original.OriginalNet(X1000, other_Y, seed=0, iterations=1)
print(np.array_equal(ignored.trng_output, Y1000), np.array_equal(ignored.trng_output, other_Y))
assert ignored.trng_output is original.trng_output and not np.array_equal(ignored.trng_output, other_Y)

# %% [markdown]
# **No biases.** `self.bias = 0` is a count of extra input nodes, and it is 0: the network
# has no bias terms at all, so its output at input 0 is always 0. A positive bias would
# have kept the units switched on at the start; it would not revive a dead unit, though:
# a dead unit's bias gets a zero gradient too (notebook 03).
# **Weights** are U(−1, 1) whatever the number of inputs.
# **Two reductions mixed:** the word *reduction* means how the per-sample errors are
# combined into one cost. Here the cost **sums** over samples, but the last printed line
# takes the **mean** over the two outputs. Notebooks 02 to 04 deal with these.

# %%
small.bias, small.forward(np.zeros((1, 7)))

# %% [markdown]
# **The crash.** The answer advises a deeper network, `[7, 10, 2]`. The update turns the
# list of weight matrices into one NumPy array, `np.array(self.weights)`, which cannot hold
# a 7×10 and a 10×2 matrix together:

# %%
print(inspect.getsource(original.OriginalNet.backprop))

# %% [markdown]
# Current NumPy refuses (older versions built an object array and worked slowly). The
# cell below catches the error and prints it, so the notebook keeps running:

# %%
try:
    original.OriginalNet(X1000, Y1000, nodes=(7, 10, 2), seed=0)
except ValueError as exc:
    crash = str(exc)
print("ValueError:", crash)
assert "inhomogeneous" in crash

# %% [markdown]
# ## 6. The same network in nnlib
#
# From here on the course uses `nnlib.Network` and `nnlib.train`: fast, tested, and
# every defect is an option. With its defaults, `Network([7, 2])` is the question's net
# (ReLU everywhere, no biases, U(−1, 1) weights), and with the same seed it starts from
# the same weights. With `reduction="sum"` and `lr=0.01` it follows the same costs:

# %%
lib_net = nnlib.Network([7, 2], seed=0)
hist = nnlib.train(lib_net, X1000, Y1000, lr=0.01, epochs=1000, reduction="sum")
difference = np.abs(hist.cost[:1000] - big.costs.sum(axis=1)).max()
print("largest difference over 1000 iterations:", difference)
assert np.allclose(hist.cost[:1000], big.costs.sum(axis=1), rtol=1e-9)
assert hist.dead_fraction[-1, 0] == 1.0                    # nnlib counts the dead units too

# %% [markdown]
# ## The symptom gallery
#
# Four runs of the same code, cost per output against iteration (the frozen run and the
# exploding one zoomed in on their first iterations; after that they are flat or infinite):

# %%
runs = [(small.costs, "ReLU, N = 100: seems to train", "linear"),
        (big.costs[:20], "ReLU, N = 1000: frozen from iteration 4", "linear"),
        (linear.costs[:40], "identity, N = 1000: explodes", "log"),
        (sigmoid.costs, "sigmoid, N = 1000: trains", "linear")]
fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), constrained_layout=True)
for ax, (costs, title, scale) in zip(axes.flat, runs):
    ax.plot(costs, ".-" if len(costs) <= 20 else "-", label=["output 1", "output 2"])
    ax.set(title=title, xlabel="iteration", ylabel="cost per output", yscale=scale, ylim=(0, 1.12 * costs.max()) if scale == "linear" else None)
    ax.legend(loc="best", fontsize=8)

# %% [markdown]
# ## Summary
# - On 100 samples the question's network trains; on 1000 the steps are far too large:
#   both output units die within four iterations, and the cost freezes at 0.5 × sum(Y²)
#   per output.
# - Without ReLU the same step makes the cost grow about 300-fold per update until it
#   overflows; with a sigmoid the same step trains.
# - With standardised (mixed-sign) inputs the same ReLU net does not freeze: no unit can
#   be off on every sample, and the cost overflows to inf (epoch 226 here), growing 23-fold
#   per update: a unit passes about half the samples, and standardised inputs curve less.
# - Smaller defects: the progress line fires on every iteration (Python 3 division), the
#   targets come from a global, there are no biases, and a deeper net crashes in NumPy.
# - `nnlib.Network([7, 2], seed=0)` trained with `reduction="sum", lr=0.01` reproduces it exactly.
#
# The questions the rest of the course answers:
# - Why is a step that is fine on 100 samples too large on 1000? How large may it be?
#   Why does a sigmoid survive it? → [02 Sum versus mean](02_sum_versus_mean.ipynb)
# - What exactly is a dead unit, and what brings it back? → [03 Dead ReLUs](03_dead_relus.ipynb)
# - Which fix matters, and does the answer's rewrite work on every seed? → [04 The fixes](04_the_fixes.ipynb)
# - How would the learner have known their gradient was right? → [05 Gradient checking](05_gradient_checking.ipynb)

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. **Why** does the ReLU net's cost (N = 1000) never change again after iteration 4?
#    Give the letter:
#    (a) the learning rate has shrunk to 0;
#    (b) each output unit now receives a sum below zero whatever the sample, where its
#    activation is flat, so no correction can flow back through it to any weight;
#    (c) the network has reached the lowest cost it can reach.
# 2. By what factor does the linear net's total cost grow per update (N = 1000, lr 0.01)?
# 3. A case this notebook did not run: targets drawn from U(0, 1) for **3000** samples. Without
#    training anything, about what cost per output would a dead output (one that outputs 0)
#    freeze at, with the question's summed cost? Use section 3's rule.

# %%
exercises.check_understanding_01(
    None,   # 1. a letter, in quotes
    None,   # 2. a number
    None);  # 3. a number

# %% [markdown]
# **Next:** [02 Sum versus mean](02_sum_versus_mean.ipynb).

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
frozen_solution = 0.5 * np.sum(np.asarray(Y100) ** 2, axis=0)   # out = 0, summed over samples
assert exercises.check_frozen_cost(frozen_solution, Y100)

# %% tags=["solution"] jupyter={"source_hidden": true}
def progress_solution(i):
    return i % 1000 == 0


assert exercises.check_progress_condition(progress_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_01("b", float(np.median(growth)), 0.5 * 3000 * (1 / 3))   # 0.5 x N x E[y^2]
