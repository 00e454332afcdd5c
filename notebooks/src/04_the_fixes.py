# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · The fixes, one at a time, over 20 seeds
#
# The answer offered a list of fixes: a mean cost, trainable biases, leaky ReLU, a lower
# or adaptive learning rate, a deeper network. Which of them matters, and how much? One
# run proves little: a network that trains on one seed may die on the next. So we climb a
# **fix ladder**, one change per step, and count successes over 20 weight seeds.
#
# **In this notebook you will**
# 1. see the cost curve of every step of the ladder on one seed;
# 2. measure each step's success rate over 20 seeds, with "success" defined once;
# 3. find which seeds the answer's own rewrite gets stuck on, and why;
# 4. make it train on every seed, then toggle the fixes yourself.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

import nnlib
import nnlib.plotting as nplt
from nnlib import exercises, ladder, liverun, widgets

# %% [markdown]
# ## 1. The ladder
#
# Every step keeps the fixes before it and adds one. All steps train for 2000 epochs on the
# answer's data (sin/cos targets, N = 1000). The original keeps lr 0.01 with its summed
# cost; every mean-cost step uses lr 0.5, about half the stability limit of notebook 02.

# %%
for step in ladder.STEPS:
    print(f"{step.label:18s} {step.why}")

# %%
X, Y = ladder.data()
fig, axes = plt.subplots(3, 3, figsize=(11, 7), sharex=True)
for ax, name in zip(axes.flat, ladder.NAMES):
    net, options = ladder.setup(name, seed=0)
    nplt.cost_curve(nnlib.train(net, X, Y, **options), ax=ax)
    ax.set_title(ladder.step(name).label, fontsize=10)
fig.tight_layout()

# %% [markdown]
# ## 2. Success over 20 seeds
#
# **Success**, defined once in `nnlib.ladder.success`: the run did not diverge, and for
# each output the network explains at least 80% of the target's variance (R² ≥ 0.8).
# A straight-line fit (least squares with a bias) already reaches R² of 0.99 and 0.95 on
# the two outputs, while a dead or stuck output scores far below 0, so the verdict does
# not hinge on the exact bar.

# %%
A = np.column_stack([X, np.ones(len(X))])
linear_fit = A @ np.linalg.lstsq(A, Y, rcond=None)[0]
r2 = 1 - ((linear_fit - Y) ** 2).sum(axis=0) / ((Y - Y.mean(axis=0)) ** 2).sum(axis=0)
assert np.allclose(r2, [0.99, 0.95], atol=0.01)

# %%
result = ladder.run(seeds=range(20))
rate = dict(zip(ladder.NAMES, result.rate))
nplt.ladder_bars(result);

# %% [markdown]
# - **The original** fails on all 20 seeds: its outputs die in the first steps (notebook 03).
# - **The mean cost** alone still fails on all 20, for a new reason: without biases the
#   fit must pass through the origin, and output 2 (the sum of cosines: mean 5.9, spread
#   only 0.36) cannot be fitted that way.
# - **Trainable biases** make every seed succeed on this data, and every later fix keeps
#   that: 20 of 20.
# - **The answer's rewrite** succeeds on 16 of 20 seeds.

# %%
assert rate["original"] == 0 and rate["mean_cost"] == 0
assert all(rate[n] == 1 for n in ("biases", "leaky_relu", "linear_output", "he_init", "adaptive", "deeper"))
assert rate["answer"] == 0.8
assert abs(Y[:, 1].mean() - 5.9) < 0.05 and abs(Y[:, 1].std() - 0.36) < 0.01

# %% [markdown]
# Why do the later fixes matter if biases already suffice? Because "this data set, these
# 20 seeds, lr 0.5" is one lucky corner. A ReLU output can still die after a large step;
# leaky ReLU and a linear output make that impossible; He init keeps the first steps
# sensible whatever the layer widths; the adaptive rule survives a learning rate set too
# high. Notebook 06 tests that last one. The explorer at the end lets you remove fixes
# one by one.
#
# ### Exercise 1: leaky ReLU
# Write `my_leaky_relu(z, leak)`: z where z > 0, `leak * z` elsewhere.

# %%
def my_leaky_relu(z, leak):
    return np.maximum(z, 0)  # replace this line with your answer


exercises.check_leaky_relu(my_leaky_relu);

# %% [markdown]
# ### Exercise 2: He initialisation
# Write `my_he_init(fan_in, fan_out, rng)`: a (fan_in, fan_out) array of weights drawn
# from a normal distribution with mean 0 and **variance** 2 / fan_in, using the generator
# `rng`. (With U(−1, 1) the size of a unit's pre-activation grows with the square root of
# its number of inputs; He init keeps it about the same in every layer.)

# %%
def my_he_init(fan_in, fan_out, rng):
    return rng.uniform(-1, 1, size=(fan_in, fan_out))  # replace this line with your answer


exercises.check_he_init(my_he_init);

# %% [markdown]
# ## 3. Where the answer's rewrite gets stuck
#
# The answer's code: `[7, 10, 2]`, leaky ReLU with LEAK = 1e-4 on every layer **including
# the output**, U(−1, 1) weights, U(0, 1) biases, summed cost, lr 1e-5. Which seeds fail,
# and how?

# %%
answer = ladder.NAMES.index("answer")
failed = result.seeds[~result.success[answer]]
print("failing seeds:", failed)
print("1 - R^2 per output on those seeds:\n", result.unexplained[answer][~result.success[answer]].round(2))

# %% [markdown]
# Four seeds fail, and on each one output explains nothing (1 − R² far above 1). We saw
# seed 16 in notebook 03. Ask `nnlib.diagnose` about it:

# %%
net16, options = ladder.setup("answer", seed=16)
hist16 = nnlib.train(net16, X, Y, **options)
verdict = nnlib.diagnose(hist16, net=net16, X=X, Y=Y)
print(verdict.kind, "\n", verdict.message)

# %% [markdown]
# An output unit is dead **from the start**: with U(−1, 1) weights on its 10 inputs (and
# its U(0, 1) bias) its pre-activation happens to be negative for every sample. A leaky
# ReLU output passes it only LEAK = 1e-4 of the gradient, so in 2000 epochs of lr 1e-5 it
# hardly moves, and its cost stays at 0.5 × sum(y²), the cost of predicting 0.
# The same holds on all four failing seeds; on seed 3 the unit does switch back on, but
# only after about 940 epochs, too late to fit. That is the question's report exactly:
# one seed in five stuck, and on others "the first output's cost stays flat for hundreds
# of iterations before it moves".

# %%
assert list(failed) == [3, 4, 16, 18] and verdict.kind == "dead"
failing_runs = {s: nnlib.train(*ladder.setup("answer", seed=s)[:1], X, Y, **options) for s in failed}
assert all(h.dead_fraction[0, -1] == 0.5 for h in failing_runs.values())    # dead at the start
revived_at = np.argmax(failing_runs[3].dead_fraction[:, -1] == 0)
assert 900 < revived_at < 1000 and all(failing_runs[s].dead_fraction[-1, -1] == 0.5 for s in (4, 16, 18))
frozen_output = 0.5 * np.sum((net16.predict(X) - Y) ** 2, axis=0)[1]
assert abs(frozen_output / (0.5 * np.sum(Y[:, 1] ** 2)) - 1) < 0.01

# %% [markdown]
# ## 4. Making it train on every seed
#
# One change to the answer's code is enough here: a **linear output layer**, which cannot
# die. Keep everything else, including the summed cost and lr 1e-5, and rerun all 20 seeds
# (`nnlib.sweep` runs the grid; the success rule is the same function):

# %%
answer_settings = dict(ladder.step("answer").network, **ladder.step("answer").train, data="sincos")
res = nnlib.sweep({"output_activation": ["leaky_relu", "identity"], "seed": range(20)},
                  fixed=answer_settings)
ok = ladder.success(res.status, res.unexplained)
print("successes out of 20: leaky ReLU output", ok[0].sum(), "| linear output", ok[1].sum())
assert ok[0].sum() == 16 and ok[1].sum() == 20

# %%
start16 = ladder.setup("answer", seed=16)[0]
big_X, big_Y = nnlib.datasets.sincos(n=100_000, seed=0)
limits = {n: nnlib.critical_lr(start16, *data, reduction="sum") for n, data in
          [(1000, (X, Y)), (100_000, (big_X, big_Y))]}
print({n: f"{v:.1e}" for n, v in limits.items()})
assert 5e-5 < limits[1000] < 2e-4 and 5e-7 < limits[100_000] < 2e-6

# %% [markdown]
# With the linear output every seed trains. The summed cost is still a trap, though: at
# N = 1000 the critical lr of the answer's network is about 1e-4, ten times its lr 1e-5;
# at N = 100,000 it is about 1e-6, ten times **below** it (notebook 02: it falls as 1/N).
# The ladder's last step, the mean cost with biases, leaky ReLU (0.01), a linear output,
# He init and the adaptive rule, is the network we recommend: 20 of 20, and it does not
# care about N.
#
# ## 5. Toggle the fixes yourself
#
# The explorer starts from the answer's rewrite on the stuck seed 16. Its static picture,
# for reference (the second output unit dead from epoch 0):

# %%
widgets.static(liverun.run(liverun.settings(seed=16)), panels=("cost", "dead"))

# %% [markdown]
# **Predict first.** Before you touch a control, write down which single change rescues
# seed 16, and which do not:
# - the output layer: leaky ReLU → identity;
# - LEAK 1e-4 → 0.01;
# - bias init U(0,1) → 0.1;
# - weights uniform → He;
# - cost sum → mean (what must happen to lr then?);
# - the adaptive learning rate.
#
# Then try them one at a time, and on other seeds.

# %% tags=["nbval-ignore-output"]
widgets.Playground(controls=("seed", "lr", "reduction", "output_activation", "leak", "bias_init",
                             "weight_init", "adaptive"), panels=("cost", "dead"), seed=16)

# %% [markdown]
# ## Summary
# - "Success" is defined once: no divergence and R² ≥ 0.8 on every output, over 20 seeds.
# - The original: 0/20. The mean cost alone: 0/20 (no biases, the fit must pass through 0).
#   With trainable biases and every fix after them: 20/20 on this data.
# - The answer's rewrite: 16/20. On seeds 3, 4, 16 and 18 an output unit starts dead and
#   LEAK = 1e-4 gives it too little gradient to recover in time.
# - A linear output layer alone rescues all 20; the full ladder (mean cost, biases, leaky
#   ReLU 0.01, linear output, He init, adaptive lr) is the robust recipe.
#
# **Next:** [05 Gradient checking](05_gradient_checking.ipynb): how to know that
# backpropagation itself is right.

# %% [markdown]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
def leaky_relu_solution(z, leak):
    return np.where(z > 0, z, leak * z)


assert exercises.check_leaky_relu(leaky_relu_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
def he_init_solution(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


assert exercises.check_he_init(he_init_solution)
