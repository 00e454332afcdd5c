# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Sum versus mean: why the same learning rate blows up on more data
#
# In notebook 01 the question's network trained on 100 samples and failed on 1000 with
# the same learning rate, 0.01. The answer's first point was the cost: it **sums** the
# error over all samples. Here we measure what that does, and derive exactly which
# learning rates are safe.
#
# **In this notebook you will**
# 1. measure that the summed cost's gradient grows in proportion to N, the mean's not at all;
# 2. learn the stability rule of gradient descent: lr × λ_max < 2;
# 3. see λ_max grow with N for the summed cost, and compute the critical learning rate;
# 4. predict the per-step blow-up factor before training, and check it against a run;
# 5. read an lr × N phase diagram with the theory line on it, then explore it live.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

import nnlib
from nnlib import exercises, liverun, widgets

# %% [markdown]
# To see the step size alone, without dead units, we use the question's `[7, 2]` network
# made **linear** (identity activation): its cost is then an exact quadratic in the weights.
#
# ## 1. The gradient grows with N
#
# Same initial weights, data sets of growing size N, and the size (norm) of the gradient
# at the start, for each reduction:

# %%
Ns = np.array([10, 30, 100, 300, 1000, 3000, 10000])
net = nnlib.Network([7, 2], activation="identity", seed=0)
grad_norm = {red: [np.linalg.norm(net.gradients(*nnlib.datasets.random_targets(n=n, seed=0), red)[0][0])
                   for n in Ns] for red in ("sum", "mean")}

# %%
fig, ax = plt.subplots(figsize=(5.5, 3.5))
for red, g in grad_norm.items():
    ax.loglog(Ns, g, "o-", label=f'reduction="{red}"')
ax.set(xlabel="N (samples)", ylabel="|gradient| at the start", title="Gradient size against N")
ax.legend();

# %%
slopes = {red: np.polyfit(np.log(Ns), np.log(g), 1)[0] for red, g in grad_norm.items()}
print({red: round(float(s), 2) for red, s in slopes.items()})
assert abs(slopes["sum"] - 1) < 0.05 and abs(slopes["mean"]) < 0.05

# %% [markdown]
# On a log-log plot the summed cost's gradient is a line of slope 1: ten times the data,
# ten times the gradient, so ten times the step at the same learning rate. The mean's
# slope is 0. Nothing else differs: the summed cost is exactly N times the mean cost.
#
# ### Exercise 1: the mean cost
# Write `my_mean_cost(out, Y)`: `0.5 * (Y - out)**2`, summed over outputs and averaged over
# the N samples (rows), returning one number. (The answer's own fix wrote
# `0.5 * np.mean(...)`, which also divides by the number of outputs: a constant factor,
# harmless, but not nnlib's convention.)

# %%
def my_mean_cost(out, Y):
    return 0.5 * np.sum((Y - out) ** 2)  # replace this line with your answer


exercises.check_mean_cost(my_mean_cost);

# %% [markdown]
# ## 2. When is gradient descent stable?
#
# For the linear network the summed cost of one output column w is a quadratic bowl,
# C(w) = ½ |X w − y|², with Hessian H = XᵀX. Write the error as e = w − w*. One step
# of gradient descent does e ← (I − lr·H) e. Along an eigenvector of H with eigenvalue λ
# the error is multiplied by (1 − lr·λ) at every step. It shrinks only if
# |1 − lr·λ| < 1, that is 0 < lr·λ < 2. The steepest direction, λ_max, decides:
#
# **gradient descent is stable while lr × λ_max < 2**, so the critical learning rate is
# 2 / λ_max. Above it the error grows by |1 − lr·λ_max| per step and the cost, a square,
# by the square of that.
#
# ## 3. λ_max grows with N
#
# XᵀX is a sum over samples, so its eigenvalues grow with N. With x ~ U(0, 1)⁷, each
# sample adds on average E[x xᵀ] = I/12 + 11ᵀ/4 (a variance of 1/12 on the diagonal, a
# mean of 1/2 in every entry), whose largest eigenvalue is 1/12 + 7/4 ≈ 1.83. So
# λ_max ≈ 1.83 N, and the critical lr of the summed cost falls as 1/N: about 0.0011 at
# N = 1000. The mean cost's Hessian is XᵀX / N: its critical lr stays near 1.1 for every N.

# %%
X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
lam_max = np.linalg.eigvalsh(X.T @ X)[-1]
critical = {red: nnlib.critical_lr(net, X, Y, reduction=red) for red in ("sum", "mean")}
print(f"lambda_max = {lam_max:.0f} = {lam_max / 1000:.3f} N; critical lr: "
      f"sum {critical['sum']:.5f}, mean {critical['mean']:.3f}")

# %%
assert abs(lam_max / 1000 - (1 / 12 + 7 / 4)) < 0.05 * (1 / 12 + 7 / 4)
assert abs(critical["sum"] - 2 / lam_max) < 0.02 * critical["sum"]     # Hessian method = closed form
assert abs(critical["sum"] - 0.0011) < 0.00005 and abs(critical["mean"] - 1.1) < 0.05

# %% [markdown]
# `nnlib.critical_lr` does not know the network is linear: it finds λ_max of the Hessian
# at the current weights by power iteration, so it works for any network. Here it agrees
# with the closed form 2 / λ_max(XᵀX) to within 2%.
#
# ### Exercise 2: the critical learning rate at N = 10,000
# Compute the critical learning rate of the **summed** cost for the linear network on
# `X10k`. Use NumPy only (no nnlib).

# %%
X10k, _ = nnlib.datasets.random_targets(n=10000, seed=0)
my_critical_lr = None  # your answer: one number

exercises.check_critical_lr(my_critical_lr, X10k);

# %% [markdown]
# ## 4. Predict the blow-up, then check it
#
# The question trained with lr = 0.01 at N = 1000. That is about 9 times the critical
# value. Theory says the error is multiplied by |1 − 0.01 × λ_max| ≈ 17 per step, so the
# cost by about 290. Train and measure:

# %%
predicted_cost_factor = (1 - 0.01 * lam_max) ** 2
hist = nnlib.train(net.copy(), X, Y, lr=0.01, epochs=200, reduction="sum")
measured = hist.cost[20] / hist.cost[19]
print(f"predicted x{predicted_cost_factor:.1f} per step, measured x{measured:.1f}; "
      f"overflow at epoch {hist.diverged_at}")

# %%
assert abs(0.01 / critical["sum"] - 9) < 0.5 and abs(abs(1 - 0.01 * lam_max) - 17) < 0.5
assert abs(predicted_cost_factor - 290) < 10
assert abs(measured / predicted_cost_factor - 1) < 1e-3 and hist.diverged

# %% [markdown]
# After a few steps the error lies along the top eigenvector and the measured factor
# matches the prediction to four digits. (Notebook 01 measured 313 on its own random draw
# of the data: the same rule with that draw's λ_max.)
#
# ### Exercise 3: the blow-up factor at N = 10,000
# With the same lr = 0.01 and the 10,000 samples `X10k`, by what factor is the **error**
# multiplied per step?

# %%
my_blowup = None  # your answer: one number

exercises.check_blowup_factor(my_blowup, 0.01, X10k);

# %% [markdown]
# ## 5. The phase diagram
#
# Now everything at once: the linear network trained for 300 epochs at 19 learning rates
# × 7 data sizes × both reductions (`nnlib.sweep` runs the grid). A run "blows up" when
# its final cost is not below its initial cost. The line is the theory, 2 / λ_max(N).

# %%
lrs = np.logspace(-5, 1, 19)
res = nnlib.sweep({"lr": lrs, "n": Ns, "reduction": ["sum", "mean"]}, epochs=300,
                  fixed={"sizes": [7, 2], "activation": "identity", "data": "random_targets"})
blew_up = ~(res.final_cost <= res.initial_cost)        # also True for inf and NaN
theory = {red: [nnlib.curvature.linear_critical_lr(nnlib.datasets.random_targets(n=n, seed=0)[0], red)
                for n in Ns] for red in ("sum", "mean")}

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for k, (ax, red) in enumerate(zip(axes, ("sum", "mean"))):
    ax.pcolormesh(Ns, lrs, blew_up[:, :, k], cmap=ListedColormap(["#9fd39a", "#f08a6c"]), shading="nearest")
    ax.loglog(Ns, theory[red], "k-", lw=2, label="2 / λ_max")
    ax.set(xscale="log", yscale="log", xlabel="N (samples)", title=f'reduction="{red}"')
axes[0].set_ylabel("learning rate")
axes[1].legend(loc="lower left")
fig.suptitle("Red: the cost blew up. Green: it fell.");

# %% [markdown]
# With the summed cost the boundary falls as 1/N: a learning rate that is safe at
# N = 10 blows up at N = 1000. With the mean cost it is flat near lr ≈ 1.1. In every
# column the first learning rate that blows up is the first grid value above the theory
# line (the grid steps by a factor of about 2.15):

# %%
for k, red in enumerate(("sum", "mean")):
    first_bad = np.array([lrs[blew_up[:, j, k]].min() for j in range(len(Ns))])
    ratio = first_bad / np.array(theory[red])
    assert np.all(ratio > 1) and np.all(ratio <= 10 ** (6 / 18) * 1.001), (red, ratio)
    assert np.all(~blew_up[lrs < np.min(theory[red]), :, k])
print("every column agrees with 2 / lambda_max")

# %% [markdown]
# ## 6. Explore it live
#
# The explorer below trains the linear network for 300 epochs at the N and lr you choose,
# with either reduction. Left: the cost. Right: lr × λ_max against the limit 2. Here is
# what it shows for N = 10,000 with the summed cost and lr = 0.001 (static, no kernel needed):

# %%
big_run = liverun.run(liverun.settings(sizes=(7, 2), activation="identity", output_activation="identity",
                                       bias_init="none", lr=1e-3, epochs=300, n=10000))
widgets.static(big_run, panels=("cost", "stability"))

# %% [markdown]
# At N = 10,000, lr = 0.001 is about 9 times the limit, so lr × λ_max ≈ 18. The explorer
# trains in float32 for speed; its largest number is about 3e38 (float64's is 1e308), so
# its curves overflow sooner than nnlib's default runs: here at epoch 14.

# %%
assert abs(big_run.ratio - 18) < 1 and big_run.history.diverged_at == 14

# %% [markdown]
# **Predict first.** The explorer starts at N = 1000, summed cost, lr = 0.001: stable,
# since 0.001 < 0.0011. Before you move anything, write down:
# - at which N the summed cost first blows up at lr = 0.001;
# - what the readout lr × λ_max will say at N = 10,000, roughly;
# - what happens at N = 10,000 when you switch to the mean cost.
#
# Then move the sliders and check.

# %% tags=["nbval-ignore-output"]
widgets.sum_vs_mean()

# %% [markdown]
# ## Summary
# - The summed cost is N times the mean cost, so its gradient, and the step at a fixed
#   learning rate, grow in proportion to N (log-log slope 1 versus 0).
# - Gradient descent is stable while lr × λ_max < 2. For the summed cost λ_max ≈ 1.83 N on
#   this data, so the critical lr is about 0.0011 at N = 1000 and falls as 1/N; for the
#   mean cost it stays near 1.1.
# - Above the limit the error grows by |1 − lr·λ_max| per step: at lr = 0.01, N = 1000, about
#   17, so the cost by about 290 per step, exactly as measured.
# - The question's root cause: lr = 0.01 is 9 times too large for 1000 samples. With the
#   identity it explodes; with ReLU, the first huge step kills the units (notebook 03).
#
# **Next:** [03 Dead ReLUs](03_dead_relus.ipynb): what the huge step does to ReLU units.

# %% [markdown]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% tags=["solution"] jupyter={"source_hidden": true}
def mean_cost_solution(out, Y):
    return 0.5 * np.sum((Y - out) ** 2) / len(Y)


assert exercises.check_mean_cost(mean_cost_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
critical_lr_solution = 2 / np.linalg.eigvalsh(X10k.T @ X10k)[-1]
assert exercises.check_critical_lr(critical_lr_solution, X10k)

# %% tags=["solution"] jupyter={"source_hidden": true}
blowup_solution = abs(1 - 0.01 * np.linalg.eigvalsh(X10k.T @ X10k)[-1])
assert exercises.check_blowup_factor(blowup_solution, 0.01, X10k)
