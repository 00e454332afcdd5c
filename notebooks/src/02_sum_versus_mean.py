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
# 2. learn the stability rule of gradient descent: lr × λ_max < 2, where λ_max measures
#    how sharply the cost curves in its steepest direction (section 2 defines it);
# 3. see λ_max grow with N for the summed cost, and compute the critical learning rate;
# 4. predict the per-step blow-up factor before training, and check it against a run;
# 5. see why the learner's sigmoid network survived the same step (and where it stops);
# 6. read an lr × N phase diagram with the theory line on it, then explore it live.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

import nnlib
import nnlib.plotting as nplt
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
grad_norm = {"sum": [], "mean": []}
for n in Ns:
    Xn, Yn = nnlib.datasets.random_targets(n=n, seed=0)
    for red in grad_norm:
        dWs, _ = net.gradients(Xn, Yn, red)          # one weight gradient per layer
        grad_norm[red].append(np.linalg.norm(dWs[0]))

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
# C(w) = ½ |X w − y|². Its **Hessian** H, the matrix of second derivatives (how fast the
# gradient changes as w moves), is XᵀX. Let w* be the bottom of the bowl, the weights
# with zero gradient (XᵀX w* = Xᵀy). Then the gradient is
# ∇C = Xᵀ(X w − y) = XᵀX w − XᵀX w* = H (w − w*).
# Write the error as e = w − w*. One step w ← w − lr·∇C is therefore e ← e − lr·H e =
# (I − lr·H) e. An **eigenvector** v of H is a direction that H only stretches, H v = λ v
# (λ, its **eigenvalue**, is the bowl's curvature along v). Along it the error is
# multiplied by (1 − lr·λ) at every step. It shrinks only if |1 − lr·λ| < 1, that is
# 0 < lr·λ < 2. The most curved direction, with the largest eigenvalue λ_max, decides:
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
assert abs(lam_max / 1000 - (1 / 12 + 7 / 4)) < 0.05 * (1 / 12 + 7 / 4)
assert abs(critical["sum"] - 2 / lam_max) < 0.02 * critical["sum"]     # Hessian method = closed form
assert abs(critical["sum"] - 0.0011) < 0.00005 and abs(critical["mean"] - 1.1) < 0.05

# %% [markdown]
# `nnlib.critical_lr` does not know the network is linear: it finds λ_max of the Hessian
# at the current weights by **power iteration** (multiply a random vector by H again and
# again; it turns towards the most stretched direction, and v·Hv then reads off λ_max),
# so it works for any network. Here it agrees with the closed form 2 / λ_max(XᵀX) to
# within 2%.
#
# ### Exercise 2: the critical learning rate at N = 10,000
# Compute the critical learning rate of the **summed** cost for the linear network on
# `X10k`. Use NumPy only (no nnlib).

# %%
X10k, Y10k = nnlib.datasets.random_targets(n=10000, seed=0)
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
assert abs(0.01 / critical["sum"] - 9) < 0.5 and abs(abs(1 - 0.01 * lam_max) - 17) < 0.5
assert abs(predicted_cost_factor - 290) < 10 and abs(predicted_cost_factor - 292.6) < 0.05
assert abs(measured / predicted_cost_factor - 1) < 1e-3 and hist.diverged

# %% [markdown]
# After a few steps the error lies along the top eigenvector and the measured factor
# matches the prediction to four digits: the 292.6 that notebook 01 measured on the
# question's own code, predicted from the data alone.
#
# ### Exercise 3: the blow-up factor at N = 10,000
# With the same lr = 0.01 and the 10,000 samples `X10k`, by what factor does the **size**
# of the error grow per step? (One positive number: the absolute value.)

# %%
my_blowup = None  # your answer: one number

exercises.check_blowup_factor(my_blowup, 0.01, X10k);

# %% [markdown]
# ## 5. Why the sigmoid network survived the same step
#
# The learner's sigmoid network trained with this very step (notebook 01, section 4).
# The rule above explains why. With a sigmoid output, out = σ(z) and z = x·w, the chain
# rule brings in the slope σ′(z) once for the gradient and once more for its change, so
# the curvature is (near the bottom, where the error terms are small)
# H ≈ Xᵀ diag(σ′(z)²) X: every sample's share of XᵀX is scaled by σ′(z)². And σ′ is at
# most 1/4 (at z = 0), so σ′² ≤ 1/16: λ_max is at least 16 times smaller than the linear
# net's, and the critical lr at least 16 times larger, 2 × 16 / λ_max(XᵀX):

# %%
bound = 2 * 16 / lam_max
crit_by_act = {act: nnlib.critical_lr(nnlib.Network([7, 2], activation=act, seed=0), X, Y, reduction="sum")
               for act in ("identity", "relu", "sigmoid")}
print(f"sigmoid bound {bound:.4f};", {a: round(c, 4) for a, c in crit_by_act.items()})
assert abs(bound - 0.0177) < 0.0005 and crit_by_act["sigmoid"] > bound > 0.01
assert abs(crit_by_act["relu"] / crit_by_act["identity"] - 1) < 0.05     # on its active pieces ReLU is linear
assert abs(crit_by_act["sigmoid"] / crit_by_act["identity"] - 30) < 1

# %% [markdown]
# Measured at the starting weights, the sigmoid net's critical lr is about 0.033, 30 times
# the linear or ReLU net's 0.0011 (σ′ is below 1/4 for most samples, so it beats the
# bound of 0.0177). lr = 0.01 is **below** it: the same step that is 9 times too large for
# ReLU is stable for the sigmoid. And σ′ is never exactly 0, so a sigmoid unit can be
# slow but never dead. (A ReLU unit that is on is linear, so its curvature is the linear
# net's.)
#
# The sigmoid does not cure the summed cost; it moves the limit. Its λ_max grows with N
# too, and with ten times the data lr = 0.01 is again above the limit:

# %%
sig10k = nnlib.Network([7, 2], activation="sigmoid", seed=0)
crit_sig10k = nnlib.critical_lr(sig10k, X10k, Y10k, reduction="sum")
sig_run = nnlib.train(sig10k, X10k, Y10k, lr=0.01, epochs=300, reduction="sum")
print(f"N = 10,000: sigmoid critical lr {crit_sig10k:.4f}; cost {sig_run.cost[0]:.0f} -> {sig_run.cost[-1]:.0f}")
assert crit_sig10k < 0.01 / 2 and sig_run.cost[-1] > 2 * sig_run.cost[0]

# %% [markdown]
# At N = 10,000 the sigmoid's critical lr is about 0.0033 and its cost **more than
# doubles** in 300 steps instead of falling. So the learner's "ReLU never trains, sigmoid
# does" had one cause with two faces: a step that grows with N, and an activation whose
# slope (≤ 1/4, never 0) hid it on their data.
#
# ## 6. The phase diagram
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
fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True, constrained_layout=True)
for k, (ax, red) in enumerate(zip(axes, ("sum", "mean"))):
    ax.pcolormesh(Ns, lrs, blew_up[:, :, k], cmap=ListedColormap(["#9fd39a", "#f08a6c"]), shading="nearest")
    ax.loglog(Ns, theory[red], "k-", lw=2, label="theory: 2 / λ_max")
    ax.set(xscale="log", yscale="log", xlabel="N (samples)", title=f'reduction="{red}"')
axes[0].plot(1000, 0.01, "*", color="k", ms=16, mfc="gold", label="the question: N = 1000, lr = 0.01")
axes[0].set_ylabel("learning rate")
axes[0].legend(loc="lower left", fontsize=9)
fig.suptitle("red: the cost blew up;  green: it fell", fontsize=11);

# %% [markdown]
# With the summed cost the boundary falls as 1/N: a learning rate that is safe at
# N = 10 blows up at N = 1000. With the mean cost it is flat near lr ≈ 1.1. In every
# column the first learning rate that blows up is the first grid value above the theory
# line (the grid steps by a factor of about 2.15). The question's own point, the star,
# lies far inside the red region:

# %%
grid_step = lrs[1] / lrs[0]
for k, red in enumerate(("sum", "mean")):
    first_bad = np.array([lrs[blew_up[:, j, k]].min() for j in range(len(Ns))])
    above_theory = first_bad / np.array(theory[red])       # > 1, and less than one grid step
    assert np.all(above_theory > 1) and np.all(above_theory <= grid_step * (1 + 1e-9)), (red, above_theory)
    assert np.all(~blew_up[lrs < np.min(theory[red]), :, k])
print(f"grid step x{grid_step:.2f}; every column agrees with 2 / lambda_max")
assert abs(grid_step - 2.15) < 0.01

# %% [markdown]
# ## 7. Explore it live
#
# The explorer below trains the linear network for 300 epochs at the N and lr you choose,
# with either reduction. Left: the cost. Right: lr × λ_max against the limit 2. Here is
# what it shows for N = 10,000 with the summed cost and lr = 0.001 (static, no kernel needed):

# %%
big_run = liverun.run(liverun.settings(sizes=(7, 2), activation="identity", output_activation="identity",
                                       bias_init="none", lr=1e-3, epochs=300, n=10000))
fig, axes = plt.subplots(1, 2, figsize=(10, 3.3), width_ratios=(3, 2), constrained_layout=True)
nplt.cost_curve(big_run.history, ax=axes[0]).set_title("cost: N = 10,000, lr = 0.001, summed", fontsize=10)
nplt.stability(big_run.ratio, ax=axes[1])
lo, hi = axes[0].get_ylim()
axes[0].set_ylim(lo, hi + 0.12 * (hi - lo))        # room for the "inf at epoch" label above the x
assert abs(big_run.ratio - 18) < 1 and big_run.history.diverged_at < 50

# %% [markdown]
# At N = 10,000, lr = 0.001 is about 9 times the limit, so lr × λ_max ≈ 18.5 and the cost
# overflows within a few dozen steps: at epoch 14 in the figure.
#
# **Why epoch 14, when section 4's run (and those in notebooks 00 and 01) overflowed at 124?**
# The explorers train in **float32** for speed, and its largest number is about 3.4e38
# instead of float64's 1.8e308. A cost that grows about 300-fold per step (here
# (18.5 − 1)² ≈ 300, as in section 4) needs about 38 / 2.5 ≈ 15 steps to pass 1e38 and
# about 308 / 2.5 ≈ 124 to pass 1e308. The same run in float64 (`dtype="float64"`)
# overflows at epoch 123: the sooner end of the curve is the number format, not a
# different run. `nnlib.train` uses float64 unless you ask.

# %%
run64 = liverun.run(big_run.settings, dtype="float64").history
growth32 = np.median(big_run.history.cost[2:10] / big_run.history.cost[1:9])
print(f"float32: inf at epoch {big_run.history.diverged_at}; float64: {run64.diverged_at}; "
      f"growth per step {growth32:.0f}; float32 max {np.finfo(np.float32).max:.1e}")
assert big_run.history.diverged_at == 14 and run64.diverged_at == 123
assert abs(growth32 - (big_run.ratio - 1) ** 2) < 0.05 * growth32 and round(growth32, -2) == 300
assert hist.diverged_at == 124                    # section 4's run (float64), as in notebooks 00 and 01
assert abs(float(np.finfo(np.float32).max) / 3.4e38 - 1) < 0.01 and round(np.finfo(float).max / 1e308, 1) == 1.8

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
#   identity it explodes; with ReLU on these all-positive inputs, the first huge steps
#   kill the units (notebook 03); on standardised, mixed-sign inputs some units stay on
#   and the ReLU net's cost overflows too (notebook 01).
# - A sigmoid's slope is at most 1/4, so its curvature is at least 16 times smaller (30
#   times, measured): lr = 0.01 is below its limit at N = 1000, which is why the learner's
#   sigmoid net trained. At N = 10,000 it fails too: the limit still falls as 1/N.
#
# **Next:** [03 Dead ReLUs](03_dead_relus.ipynb): what the huge step does to ReLU units.

# %% [markdown] tags=["solution"]
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
