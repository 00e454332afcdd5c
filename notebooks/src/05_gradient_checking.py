# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Gradient checking: how to know backpropagation is right
#
# The question's author wrote: *"only costFunctionPrime seems to break the gradient
# descent"*. They suspected their backward pass, and could not tell. There is a
# mechanical way to tell: compare backprop's gradient with one computed from the cost
# alone, by finite differences. If the two agree, backprop is right and the trouble is
# elsewhere. Section 2 runs that check on the question's own `costFunctionPrime`.
#
# **In this notebook you will**
# 1. compute a gradient with **central differences** and see why they beat one-sided ones;
# 2. measure agreement with the **relative error**, read it against thresholds, and
#    check the question's own backprop;
# 3. meet the **ReLU kink**, which can make a correct backprop look wrong;
# 4. use all this to **find a bug planted** in a copy of the backward pass.

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
from nnlib import exercises, gradcheck

# %% [markdown]
# ## 1. Slopes from the function alone
#
# The derivative of f at x is the limit of a difference quotient. With a small but
# finite step h there are two obvious choices:
#
# - forward: (f(x + h) − f(x)) / h, error proportional to h;
# - central: (f(x + h) − f(x − h)) / 2h, error proportional to h², because the h terms cancel.
#
# Try f(x) = x³ at x = 1, where the true slope is 3, for many step sizes.

# %%
hs = np.logspace(-13, -1, 49)
f = lambda x: x ** 3
forward_err = np.abs((f(1 + hs) - f(1)) / hs - 3)
central_err = np.abs((f(1 + hs) - f(1 - hs)) / (2 * hs) - 3)

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(hs, forward_err, "o-", ms=3, label="forward difference")
ax.loglog(hs, central_err, "s-", ms=3, label="central difference")
ax.set(xlabel="step h", ylabel="|numeric - true slope|", title="f(x) = x³ at x = 1")
ax.legend();

# %% [markdown]
# On the right of the figure (large h) the lines are straight: the error falls like h
# (slope 1) for the forward difference and like h² (slope 2) for the central one. On the
# left it rises again: f(x + h) and f(x − h) agree in almost all their digits, and
# float64's rounding error (about 1e-16 of the value) is divided by a tiny h.
# The central difference is best for h around 1e-6 to 1e-5; its error stays below 1e-9
# from h = 1e-7 to 2e-5, while at h = 1e-4 it is already about h² = 1e-8. That is why
# `nnlib.gradcheck` uses h = 1e-5. The cell below measures these numbers.

# %%
big = hs > 1e-4
forward_slope = np.polyfit(np.log(hs[big]), np.log(forward_err[big]), 1)[0]
central_slope = np.polyfit(np.log(hs[big]), np.log(central_err[big]), 1)[0]
best_h = hs[np.argmin(central_err)]
print(f"slopes: forward {forward_slope:.2f}, central {central_slope:.2f}; "
      f"best central h = {best_h:.0e}, error {central_err.min():.0e}")
assert abs(forward_slope - 1) < 0.05 and abs(central_slope - 2) < 0.05
assert 1e-6 <= best_h <= 1e-5 and central_err.min() < 1e-9
assert np.all(central_err[(hs >= 1e-7) & (hs <= 2e-5)] < 1e-9)
assert 5e-9 < central_err[np.isclose(hs, 1e-4)][0] < 2e-8
assert central_err[np.isclose(hs, 1e-5)][0] < 2e-10

# %% [markdown]
# ### Exercise 1: a central-difference gradient
# Write `my_numeric_gradient(f, x, h)`: for a function `f` of a 1-D array `x` that returns
# a number, return the array of partial derivatives, one per entry of `x`. Move one entry
# at a time by +h and −h, leaving all other entries alone.

# %%
def my_numeric_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    # your code here
    return grad


exercises.check_central_difference(my_numeric_gradient);

# %% [markdown]
# ## 2. Checking a network, and the relative error
#
# A network's cost is a function of all its weights and biases laid out as one vector
# (`net.get_params()`). `nnlib.gradcheck.numeric_gradient` applies the central
# difference to every entry; `analytic_gradient` is backprop's answer in the same layout.

# %%
X, Y = nnlib.datasets.sincos(n=50, seed=0)
net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                    weight_init="he", bias_init=0.1, seed=0)
numeric = gradcheck.numeric_gradient(net, X, Y, reduction="mean")
analytic = gradcheck.analytic_gradient(net, X, Y, reduction="mean")
print(f"{numeric.size} parameters; largest |analytic - numeric| = {np.abs(analytic - numeric).max():.1e}")

# %% [markdown]
# How small is small? An absolute difference means nothing by itself: with the summed
# cost every gradient is N times larger, and so is every absolute error. The **relative
# error** divides the difference by the size of the two numbers:
#
# relative error = |a − n| / (|a| + |n|)
#
# It is 0 when they agree, 1 when one is 0 or they have opposite signs, and it does not
# change when both are scaled. (Some sources divide by max(|a|, |n|) instead of the sum;
# their numbers are up to twice ours, so compare with their thresholds, not these.)
# Rules of thumb in float64 with h = 1e-5, for this definition:
#
# | max relative error | verdict |
# |---|---|
# | below 1e-7 | backprop is right |
# | 1e-7 to 1e-4 | look closer: a kink (section 3) or a very small gradient entry |
# | above 1e-4 | almost certainly a bug |

# %%
errors = {red: nnlib.gradient_check(net, X, Y, reduction=red) for red in ("sum", "mean")}
abs_diff = {red: np.abs(gradcheck.analytic_gradient(net, X, Y, red)
                        - gradcheck.numeric_gradient(net, X, Y, red)).max() for red in ("sum", "mean")}
for red in errors:
    print(f"{red:>4}: max relative error {errors[red]:.1e}, max absolute difference {abs_diff[red]:.1e}")

# %% [markdown]
# Backprop passes: both reductions give a maximum relative error below 1e-7, although the
# summed cost's absolute differences are many times larger (its gradients are N = 50
# times larger).

# %%
assert errors["sum"] < 1e-7 and errors["mean"] < 1e-7
assert all(1.5e-8 < e < 3.5e-8 for e in errors.values())     # the summary's "2e-8 and 3e-8"
assert abs_diff["sum"] > 10 * abs_diff["mean"]

# %% [markdown]
# ### The question's own backprop
#
# Now the code the asker suspected. `nnlib.question.original.OriginalNet` is our re-creation of the
# question's class (notebook 01). Its `cost_function_prime` returns `DcostDw`, backprop's
# gradient of the summed cost (over samples and both outputs). We compare it with
# central differences of the question's own `cost_function`, one weight at a time:

# %%
from nnlib.question import original

Xq, Yq = nnlib.datasets.random_targets(n=50, seed=0)
original.use_data(Xq, Yq)                    # defect 5: the class reads the global targets
question_net = original.OriginalNet(Xq, Yq, nodes=(7, 2), seed=0, train=False)
w = question_net.weights[0].ravel().copy()


def question_cost(weights):                  # the question's cost, summed over both outputs
    question_net.weights[0] = weights.reshape(7, 2)
    question_net.forward(Xq)
    return question_net.cost_function().sum()


numeric_q = np.array([(question_cost(w + e) - question_cost(w - e)) / 2e-5 for e in np.eye(w.size) * 1e-5])
question_net.weights[0] = w.reshape(7, 2)
backprop_q = question_net.cost_function_prime()[0].ravel()
question_error = gradcheck.relative_errors(backprop_q, numeric_q).max()
print(f"the question's DcostDw against central differences: max relative error {question_error:.1e}")

# %% [markdown]
# Below 1e-7: the question's `costFunctionPrime` is right. It computes exactly the
# gradient of the cost it was given. The trouble was that cost: summed over the samples,
# its gradient is N times the mean's, and so was every step (notebook 02). A gradient
# check cannot see that: it tells you the gradient is right, not that the step is sensible.

# %%
assert question_error < 1e-7 and np.abs(backprop_q).max() > 1

# %% [markdown]
# ### Exercise 2: the relative error
# Write `my_relative_error(a, n)` for two arrays of the same shape, elementwise. When an
# entry of both is exactly 0 they agree: return 0 there, not NaN.

# %%
def my_relative_error(a, n):
    return np.abs(a - n)  # replace this line with your answer


exercises.check_relative_error(my_relative_error);

# %% [markdown]
# ## 3. The ReLU kink
#
# ReLU's slope jumps from 0 to 1 at 0. If some pre-activation z lies closer to 0 than the
# step h, the central difference straddles the jump: one side sees the unit off, the
# other on, and the numeric slope is a mixture that matches neither side. Backprop is
# still right; the check is not.
#
# We take a ReLU network and nudge one bias so that unit 0 of the hidden layer has
# pre-activation 1e-6 on sample 0, closer to the kink than h = 1e-5.
#
# **Predict** before you run the next cells: will the maximum relative error stay below
# 1e-7? And what happens if we shrink h below 1e-6?

# %%
relu_net = nnlib.Network([7, 10, 2], activation="relu", output_activation="identity",
                         weight_init="he", bias_init=0.1, seed=0)
before = nnlib.gradient_check(relu_net, X, Y), gradcheck.kinks(relu_net, X)
_, cache = relu_net.forward(X)
A0, Z0 = cache[0]                 # the hidden layer's input and pre-activations, (N, 10)
relu_net.biases[0][0] += 1e-6 - Z0[0, 0]    # sample 0, unit 0: pre-activation now 1e-6
after = {h: (nnlib.gradient_check(relu_net, X, Y, h=h), gradcheck.kinks(relu_net, X, h=h))
         for h in (1e-5, 1e-7)}
print(f"before the nudge: max relative error {before[0]:.1e}, kinks within h: {before[1]}")
for h, (err, k) in after.items():
    print(f"after, h = {h:.0e}: max relative error {err:.1e}, kinks within h: {k}")

# %% [markdown]
# Before the nudge no pre-activation is within h of 0 and the check passes. After it,
# `gradcheck.kinks` counts one kink within h = 1e-5 and the maximum relative error jumps
# above 1e-4, a false alarm; with h = 1e-7 the kink is outside the step and the check
# error falls back far below the bug threshold of 1e-4, though not quite to the smooth
# case: rounding error grows as h shrinks (section 1). When a ReLU network fails a
# check, count kinks first.

# %%
assert before[0] < 1e-7 and before[1] == 0
assert after[1e-5][0] > 1e-4 and after[1e-5][1] == 1
assert after[1e-7][0] < 1e-5 and after[1e-7][1] == 0

# %% [markdown]
# ## 4. Find the planted bug
#
# `exercises.buggy_gradients(net, X, Y)` is a copy of the backward pass with **one**
# mistake in it. Do not read its code: find the mistake the way you would in your own
# network, by checking each block of parameters (`W0`, `b0`, `W1`, `b1`) separately.
# `exercises.blocks(net, flat)` splits a flat vector into those blocks.

# %%
def flatten(dWs, dbs):
    return np.concatenate([np.concatenate([dW.ravel(), db]) for dW, db in zip(dWs, dbs)])


suspect = exercises.blocks(net, flatten(*exercises.buggy_gradients(net, X, Y)))
reference = exercises.blocks(net, numeric)
block_errors = {k: gradcheck.relative_errors(suspect[k], reference[k]).max() for k in reference}

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(list(block_errors), list(block_errors.values()))
ax.axhline(1e-4, color="r", ls="--", label="1e-4: a bug")
ax.axhline(1e-7, color="g", ls=":", label="1e-7: right")
ax.set(yscale="log", ylabel="max relative error", title="buggy_gradients, block by block")
ax.legend();

# %% [markdown]
# ### Exercise 3: which blocks does the bug break?
# Read the figure and give the set of block names whose gradients are wrong, for
# example `{"W1"}`. Then think: which step of the backward pass produces those blocks
# and not the others? (The worked solution names the bug.)

# %%
exercises.check_bug_location(set());  # put the names of the wrong blocks in the set

# %% [markdown]
# One more lesson hides in this bug. Give the same network large biases, so that every
# hidden pre-activation is positive on every sample, and check again:

# %%
positive_net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                             weight_init="he", bias_init=5.0, seed=0)
_, cache = positive_net.forward(X)
A0, Z0 = cache[0]                 # hidden pre-activations, (N, 10)
all_positive = bool((Z0 > 0).all())
hidden_bug_error = gradcheck.relative_errors(
    flatten(*exercises.buggy_gradients(positive_net, X, Y)),
    gradcheck.numeric_gradient(positive_net, X, Y)).max()
print(f"every hidden unit on for every sample: {all_positive}; "
      f"buggy gradients' max relative error: {hidden_bug_error:.1e}")

# %% [markdown]
# Every hidden unit is on, and the buggy gradients pass the check (maximum relative
# error below 1e-7). A gradient check only tests the regime your weights and data put the
# network in: check with units on both sides of the kink, and with more than one seed.

# %%
assert all_positive and hidden_bug_error < 1e-7
assert block_errors["W0"] > 1e-4 and block_errors["W1"] < 1e-7

# %% [markdown]
# ## Summary
# - Central differences have an error proportional to h²; with float64, h = 1e-5 gives
#   about 1e-10 on a smooth function, before rounding takes over at smaller h.
# - Judge a gradient by the **relative** error: below 1e-7 right, above 1e-4 a bug. It is
#   the same for summed and averaged costs up to rounding (here 2e-8 and 3e-8), so a right
#   gradient of a summed cost can still drive the huge steps of notebook 02: a gradient
#   check cannot catch a bad reduction.
# - The question's own `costFunctionPrime` passes the check: its backprop was right, its
#   cost was summed.
# - A pre-activation within h of ReLU's kink makes a correct backprop fail the check:
#   count kinks with `gradcheck.kinks`, or shrink h.
# - Check block by block to locate a bug, and in a regime where units are both on and off.

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. A smooth function this notebook did not try: its central difference with h = 1e-2 is
#    off by 3e-5. About how far off is it with h = 2e-3 (well above where rounding matters)?
# 2. Backprop gives a = 3.0, central differences n = 3.003. What is their relative error, and
#    would you call it right, suspect, or a bug?
# 3. A gradient check on a ReLU network fails, though the backward pass may be right. What do
#    you count first?

# %%
exercises.check_understanding_05(
    None,   # 1. a number
    None,   # 2. a number (the checker takes the number; the verdict is for you)
    None);  # 3. a name, in quotes

# %% [markdown]
# **Next:** [06 Learning rates and optimizers](06_learning_rates_and_optimizers.ipynb):
# what halving the learning rate, momentum and Adam do to the exploding run.

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
def numeric_gradient_solution(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


assert exercises.check_central_difference(numeric_gradient_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
def relative_error_solution(a, n):
    size = np.abs(a) + np.abs(n)
    return np.abs(a - n) / np.where(size > 0, size, 1.0)  # 0 / 1 = 0 where both are 0


assert exercises.check_relative_error(relative_error_solution)

# %% [markdown] tags=["solution"] jupyter={"source_hidden": true}
# **Exercise 3.** Only the hidden layer's blocks `W0` and `b0` are wrong; the output
# layer's `W1` and `b1` agree. The gradient of the hidden layer passes back through its
# activation: δ₀ = (δ₁ W₁ᵀ) ⊙ act′(Z₀). The planted bug drops the factor act′(Z₀). For
# leaky ReLU that factor is 1 for positive pre-activations, which is why the bug is
# invisible when every unit is on.

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_bug_location({"W0", "b0"})

# %% tags=["solution"] jupyter={"source_hidden": true}
error_2e3 = 3e-5 * (2e-3 / 1e-2) ** 2        # the error goes as h^2: 25 times smaller
rel = abs(3.0 - 3.003) / (abs(3.0) + abs(3.003))
assert 1e-4 < rel < 1e-3                         # 5e-4: above 1e-4, a bug (or a kink)
assert exercises.check_understanding_05(error_2e3, rel, "pre-activations within h of zero (kinks)")
