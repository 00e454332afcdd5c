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
# gradient descent. `nnlib.original` is our re-creation of it, **deliberately broken**:
# every defect is kept and marked `# DEFECT n` in its source. Here we run it exactly as
# the learner did and watch it fail in the two ways they described.
#
# **In this notebook you will**
# 1. see it seem to train on 100 random samples, and freeze on 1000;
# 2. explain the frozen number: 0.5 × sum(Y²), the cost of a network that outputs 0;
# 3. replace ReLU by the identity and watch the cost multiply by about 300 per step;
# 4. meet the smaller defects: a progress line that fires every iteration, a global
#    variable read instead of an argument, no biases, a crash when the net is made deeper;
# 5. check that `nnlib.Network`, configured like the question, does exactly the same.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

import nnlib
from nnlib import exercises, original

# %% [markdown]
# ## 1. On 100 samples it seems to train
#
# The question's script starts with 100 random samples: inputs and targets both uniform
# on (0, 1), unrelated to each other. The network reads them from module-level variables,
# so we set those first, as the learner's script does at its top.

# %%
X100, Y100 = original.toy_data(n=100, seed=0)
original.use_data(X100, Y100)
small = original.OriginalNet(X100, Y100, seed=0)     # trains 1000 iterations, lr 0.01
small.printed[:3], small.printed[-1]

# %% [markdown]
# Each printed line is the cost of each of the two outputs. It falls, from about 10
# and 12 to about 3.6 and 5.0, and the last line (their mean) is about 4.3.
# The learner saw about 16 falling to 4.5 on their own random draw: the same picture.

# %%
first, last = small.costs[0], small.costs[-1]
assert np.allclose(first, [10.5, 12.2], atol=0.1) and np.allclose(last, [3.6, 5.0], atol=0.1)
assert abs(small.final_line - 4.3) < 0.05 and np.all(last < first)

# %% [markdown]
# ## 2. On 1000 samples it freezes
#
# Now the same code on 1000 samples, standing in for the learner's "big data set".

# %%
X1000, Y1000 = original.toy_data(n=1000, seed=0)
original.use_data(X1000, Y1000)
big = original.OriginalNet(X1000, Y1000, seed=0)
big.costs[:4]

# %% [markdown]
# The first update overshoots: the second output's cost jumps from about 120 to about
# 3100. From the third iteration on, nothing moves, ever again. The final line, the mean
# over the two outputs, is 166.3. The learner saw the same on their own draw: 140, then
# 1022, then a frozen 165.5.
#
# **Why that number?** After the overshoot, every pre-activation of both output units
# is negative on every sample, so ReLU outputs 0 for everything. A network that outputs
# 0 costs 0.5 × sum over samples of y², per output. And ReLU's slope is 0 there, so the
# gradient is exactly 0 and the weights never change: the units are **dead**.

# %%
Z = np.asarray(X1000) @ big.weight_arrays()[0]         # output pre-activations (1000, 2)
Yarr = np.asarray(Y1000)
print("largest pre-activation:", Z.max())
print("frozen cost per output:", big.costs[-1], " 0.5*sum(Y**2):", 0.5 * np.sum(Yarr ** 2, axis=0))

# %%
assert np.allclose(big.costs[:2, 1], [120, 3100], rtol=0.03)  # the overshoot
assert np.all(big.costs[2:] == big.costs[-1])              # frozen from iteration 2
assert abs(big.final_line - 166.3) < 0.05
assert Z.max() < 0                                         # every output unit dead
assert np.allclose(big.costs[-1], 0.5 * np.sum(Yarr ** 2, axis=0))

# %% [markdown]
# ### Exercise 1: predict the frozen cost
# Without training anything, compute what a network that outputs 0 costs on the 100-sample
# targets `Y100`, one number per output, with the question's cost
# `0.5 * sum((y - out)**2)` summed over the samples.

# %%
my_frozen_cost = None  # your answer: an array with one number per output

exercises.check_frozen_cost(my_frozen_cost, Y100);

# %% [markdown]
# ## 3. Without ReLU it explodes
#
# Swap ReLU for the identity (a linear network) and nothing can die. Instead the cost
# grows: each step multiplies it by about 300, until the numbers overflow to infinity.

# %%
linear = original.OriginalNet(X1000, Y1000, seed=0, activation="identity", iterations=150)
total = linear.costs.sum(axis=1)
overflow_at = int(np.argmax(~np.isfinite(total)))
total[:5], total[3:6] / total[2:5], overflow_at

# %% [markdown]
# By the third step the factor has settled near 313 per step, and the cost is infinite
# from iteration 123 on. Notebook 02 predicts that 313 from the data alone, before
# training anything, and shows why the same learning rate is fine on 100 samples.
# The root cause is the same in both runs: **the step is far too large for 1000 samples**.
# With ReLU the too-large first step kills the units; without it, the steps keep growing.

# %%
assert np.allclose(total[3:6] / total[2:5], 313, rtol=0.01)
assert overflow_at == 123 and np.all(np.isfinite(total[:overflow_at]))

# %% [markdown]
# ## 4. The smaller defects
#
# **The progress line.** The question prints the cost when `(i/1000.0) == (i/1000)`.
# In Python 2, `i/1000` was integer division, so this was true every 1000th iteration.
# In Python 3 both sides are the same true division: it is true **every** iteration.

# %%
[original.progress_condition(i) for i in range(5)], small.progress_checks, len(small.printed)

# %%
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
# module's global, not its `data_output` argument. It works only because the two happen
# to be the same object. Give it other targets and it silently trains on the old ones:

# %%
other_Y = np.zeros((1000, 2))                               # targets it should learn
ignored = original.OriginalNet(X1000, other_Y, seed=0, iterations=1)
np.array_equal(ignored.trng_output, Y1000), np.array_equal(ignored.trng_output, other_Y)

# %%
assert ignored.trng_output is original.trng_output and not np.array_equal(ignored.trng_output, other_Y)

# %% [markdown]
# **No biases.** `self.bias = 0` is a count of extra input nodes, and it is 0: the network
# has no bias terms at all, so its output at input 0 is always 0 and nothing can lift a
# dead unit back above zero. **Weights** are U(−1, 1) whatever the number of inputs.
# **Two reductions mixed:** the cost sums over samples, but the last printed line takes
# the mean over the two outputs. Notebooks 03 and 04 deal with these.

# %%
small.bias, small.forward(np.zeros((1, 7)))

# %% [markdown]
# **The crash.** The answer advises a deeper network, `[7, 10, 2]`. The update turns the
# list of weight matrices into one NumPy array, `np.array(self.weights)`, which cannot hold
# a 7×10 and a 10×2 matrix together. Current NumPy refuses (older versions built an
# object array and worked slowly). This cell is expected to raise:

# %% tags=["raises-exception"]
original.OriginalNet(X1000, Y1000, nodes=(7, 10, 2), seed=0)

# %%
try:
    original.OriginalNet(X1000, Y1000, nodes=(7, 10, 2), seed=0)
except ValueError as exc:
    crash = str(exc)
assert "inhomogeneous" in crash

# %% [markdown]
# ## 5. The same network in nnlib
#
# From here on the course uses `nnlib.Network` and `nnlib.train`: fast, tested, and
# every defect is an option. With its defaults, `Network([7, 2])` is the question's net
# (ReLU everywhere, no biases, U(−1, 1) weights); with `reduction="sum"` and `lr=0.01` it
# trains like the question. Started from the same weights, it follows the same costs:

# %%
lib_net = nnlib.Network([7, 2])
lib_net.weights[0][...] = original.OriginalNet(X1000, Y1000, seed=0, train=False).weights[0]
hist = nnlib.train(lib_net, X1000, Y1000, lr=0.01, epochs=1000, reduction="sum")
print("largest difference over 1000 iterations:", np.abs(hist.cost[:1000] - big.costs.sum(axis=1)).max())

# %%
assert np.allclose(hist.cost[:1000], big.costs.sum(axis=1), rtol=1e-9)
assert hist.dead_fraction[-1, 0] == 1.0                    # nnlib counts the dead units too

# %% [markdown]
# ## The symptom gallery

# %%
fig, axes = plt.subplots(1, 3, figsize=(11, 3))
for ax, costs, title in [(axes[0], small.costs, "N = 100: seems to train"),
                         (axes[1], big.costs, "N = 1000: frozen (dead outputs)"),
                         (axes[2], linear.costs[:40], "identity: explodes (first 40 steps)")]:
    ax.semilogy(costs, label=["output 1", "output 2"])
    ax.set(title=title, xlabel="iteration")
axes[0].set_ylabel("cost per output (log)")
axes[2].legend();

# %% [markdown]
# ## Summary
# - On 100 samples the question's network trains; on 1000 the first step overshoots, both
#   output units die, and the cost freezes at 0.5 × sum(Y²) per output.
# - Without ReLU the same step makes the cost grow about 300-fold per update until it overflows.
# - Smaller defects: the progress line fires on every iteration (Python 3 division), the
#   targets come from a global, there are no biases, and a deeper net crashes in NumPy.
# - `nnlib.Network([7, 2])` trained with `reduction="sum", lr=0.01` reproduces it exactly.
#
# The questions the rest of the course answers:
# - Why is a step that is fine on 100 samples too large on 1000? How large may it be?
#   → [02 Sum versus mean](02_sum_versus_mean.ipynb)
# - What exactly is a dead unit, and what brings it back? → [03 Dead ReLUs](03_dead_relus.ipynb)
# - Which fix matters, and does the answer's rewrite work on every seed? → [04 The fixes](04_the_fixes.ipynb)
# - How would the learner have known their gradient was right? → [05 Gradient checking](05_gradient_checking.ipynb)
#
# **Next:** [02 Sum versus mean](02_sum_versus_mean.ipynb).

# %% [markdown]
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
