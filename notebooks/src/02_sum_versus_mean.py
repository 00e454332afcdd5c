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
# 2. learn the stability rule of gradient descent, first for one weight in a bowl, then for
#    many: lr × λ_max < 2, where λ_max measures how sharply the cost curves in its steepest
#    direction (section 2 builds it up);
# 3. see λ_max grow with N for the summed cost, and compute the critical learning rate;
# 4. predict the per-step blow-up factor before training, and check it against a run;
# 5. see why the learner's sigmoid network survived the same step (and where it stops);
# 6. read an lr × N phase diagram with the theory line on it, then explore it live.

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
from nnlib.live import liverun, widgets

# %% [markdown]
# To see the step size alone, without dead units, we use the question's `[7, 2]` network
# made **linear** (identity activation): its cost is then an exact quadratic in the weights.
#
# ## 1. The gradient grows with N
#
# Same initial weights, data sets of growing size N, and the size (norm) of the gradient
# at the start, for each **reduction** (the way the N per-sample costs are combined into
# one number: summed, or averaged):

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
# ### First, one weight
#
# Start with the smallest bowl there is: one weight w and the cost C(w) = λ w² / 2, whose
# bottom is at w = 0. The number λ says how sharply the bowl curves: it is the cost's
# second derivative, its **curvature**. The gradient is C′(w) = λ w, so one step of
# gradient descent is
#
# w ← w − lr · λ w = (1 − lr·λ) w.
#
# Every step multiplies w by the same factor, 1 − lr·λ. Only the product lr·λ matters:
# - **lr·λ < 1**: the factor lies between 0 and 1, and w shrinks towards the bottom from one side;
# - **1 < lr·λ < 2**: the factor lies between −1 and 0: each step overshoots the bottom and
#   lands on the other side, but closer. A zigzag that still shrinks;
# - **lr·λ > 2**: the factor is below −1: each overshoot lands farther out than the last.
#   w zigzags and **blows up**.
#
# Eight steps from w = 1, for lr·λ = 0.5, 1.5 and 2.5:

# %%
steps, rates = np.arange(9), (0.5, 1.5, 2.5)
fig, axes = plt.subplots(1, 3, figsize=(10, 2.6), constrained_layout=True)
for ax, r in zip(axes, rates):
    ax.plot(steps, (1 - r) ** steps, "o-", color="C3" if r > 2 else "C0")
    ax.axhline(0, color="k", lw=0.8)
    ax.set(title=f"lr·λ = {r}: w × {1 - r:+g} per step", xlabel="step", ylabel="w" if r == 0.5 else "")

# %%
after8 = {r: (1 - r) ** 8 for r in rates}
print({r: round(w, 4) for r, w in after8.items()})
assert round(after8[0.5], 4) == round(after8[1.5], 4) == 0.0039 and round(after8[2.5], 1) == 25.6

# %% [markdown]
# After eight steps w is 0.0039 in the first two cases (from one side, or zigzagging) and
# 25.6 in the third. So for one weight the rule is **lr·λ < 2**, and the critical learning
# rate is 2 / λ: the more sharply the bowl curves, the smaller the step it tolerates.
#
# ### Then, seven weights
#
# For the linear network the summed cost of one output column w (its 7 weights) is
# C(w) = ½ Σₙ (xₙ·w − yₙ)² = ½ |X w − y|², a sum over the samples (the rows xₙ of X).
# It is still a bowl, but in 7 dimensions, and it can curve more sharply in some
# directions than in others. Its gradient comes from the chain rule, one sample at a
# time: the derivative of ½ (xₙ·w − yₙ)² with respect to w is (xₙ·w − yₙ) xₙ, and summed
# over the samples that is
#
# gradient = Xᵀ(X w − y) = XᵀX w − Xᵀy.
#
# Two words describe how it curves:
# - The **Hessian** H is the 7 × 7 table of the cost's second derivatives: entry (i, j)
#   says how fast the gradient's i-th component changes when weight j moves. Here, moving
#   w by a small d changes the gradient by exactly XᵀX d, so H = XᵀX. It plays the part of λ.
# - Multiplying a direction v by H usually turns it. Some special directions are only
#   stretched: H v = λ v. They are H's **eigenvectors**, and each stretch λ is an
#   **eigenvalue**: the bowl's curvature along that direction. This H has seven of them,
#   at right angles to each other (for every Hessian they can be chosen so, because its
#   entry (i, j) equals its entry (j, i)). When several eigenvalues are equal, a whole
#   family of directions shares them: any mix of those eigenvectors is stretched by the
#   same λ, so it is an eigenvector too. Section 3 meets six equal ones.
#
# Along each eigenvector the bowl is exactly the one-weight bowl above. Let w* be the bottom
# (zero gradient: XᵀX w* = Xᵀy) and e = w − w* the error. The gradient is
# XᵀX w − XᵀX w* = H e, so a step is e ← e − lr·H e. Now split e: because the seven
# eigenvectors are at right angles, any e is a sum of seven pieces, one along each of them.
# H stretches each piece by its own λ and keeps its direction, so after a step each piece
# is still along its eigenvector, multiplied by 1 − lr·λ. Each piece lives on its own, like
# the one weight above. Every piece needs lr·λ < 2; the steepest one, with the largest
# eigenvalue **λ_max**, fails first:
#
# **gradient descent is stable while lr × λ_max < 2**, so the critical learning rate is
# 2 / λ_max. Above it the error grows by |1 − lr·λ_max| per step and the cost, a square,
# by the square of that.
#
# ## 3. λ_max grows with N
#
# XᵀX = Σ x xᵀ is a sum over the samples, one 7 × 7 term per sample. More samples, more
# terms: its eigenvalues grow with N. On average each sample adds E[x xᵀ], and for
# x ~ U(0, 1)⁷ its entries are easy to write down:
# - on the diagonal, E[xᵢ²] = ∫₀¹ x² dx = 1/3, which is 1/12 + 1/4 (the variance of U(0, 1),
#   plus its mean 1/2 squared);
# - off the diagonal, E[xᵢ xⱼ] = E[xᵢ] E[xⱼ] = 1/4 (the inputs are independent).
#
# So E[x xᵀ] = I/12 + 11ᵀ/4, where **1** is the vector of seven ones and 11ᵀ is the 7 × 7
# matrix of ones. Its eigenvalues are easy too. Multiply 11ᵀ by 1: each row adds up seven
# ones, so 11ᵀ 1 = 7 · 1. The all-ones direction is an eigenvector with eigenvalue 7. Any
# direction at right angles to it (entries summing to 0) is sent to 0: all of them are
# eigenvectors with eigenvalue 0, a whole family (six independent directions) sharing
# one eigenvalue, as section 2 allowed. So 11ᵀ/4 has the
# eigenvalues 7/4 and 0, and adding I/12 adds 1/12 to each: λ_max of E[x xᵀ] is
# 1/12 + 7/4 ≈ 1.83, along the all-ones direction, "every weight up together". It is
# that large because every input is positive with mean 1/2: all seven push the output
# the same way (**standardised** inputs, each shifted and scaled to mean 0 and standard
# deviation 1, lose that 7/4: notebook 04).
#
# So λ_max ≈ 1.83 N, and the critical lr of the summed cost falls as 1/N. The mean cost's
# Hessian is XᵀX / N: its critical lr stays near 2 / 1.83 ≈ 1.1 whatever N.

# %%
E_xx = np.eye(7) / 12 + np.ones((7, 7)) / 4             # E[x x^T] for x ~ U(0, 1)^7
eigenvalues, eigenvectors = np.linalg.eigh(E_xx)
print(f"eigenvalues of E[x x^T]: {eigenvalues.round(4)}; top eigenvector: {eigenvectors[:, -1].round(3)}")
assert np.isclose(eigenvalues[-1], 1 / 12 + 7 / 4) and np.allclose(eigenvalues[:-1], 1 / 12)
assert np.allclose(np.abs(eigenvectors[:, -1]), 1 / np.sqrt(7))     # the all-ones direction

# %% [markdown]
# On the data, N = 100 and N = 1000:

# %%
X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
X100 = nnlib.datasets.random_targets(n=100, seed=0)[0]
lam_max, lam_100 = (np.linalg.eigvalsh(Z.T @ Z)[-1] for Z in (X, X100))
critical = {red: nnlib.critical_lr(net, X, Y, reduction=red) for red in ("sum", "mean")}
print(f"N = 100: lambda_max = {lam_100:.0f}, limit {2 / lam_100:.4f}, lr 0.01 x lambda_max = {0.01 * lam_100:.2f}")
print(f"N = 1000: lambda_max = {lam_max:.0f}, limit {critical['sum']:.4f}, lr 0.01 x lambda_max = {0.01 * lam_max:.1f}")
print(f"lambda_max / N = {lam_max / 1000:.3f}; limit of the mean cost {critical['mean']:.3f}")
assert abs(lam_max / 1000 - (1 / 12 + 7 / 4)) < 0.05 * (1 / 12 + 7 / 4)
assert abs(critical["sum"] - 2 / lam_max) < 0.02 * critical["sum"]     # Hessian method = closed form
assert abs(critical["sum"] - 0.0011) < 0.00005 and abs(critical["mean"] - 1.1) < 0.05
assert round(2 / lam_100, 4) == 0.0103 and round(0.01 * lam_100, 2) == 1.94 and round(abs(1 - 0.01 * lam_100), 2) == 0.94

# %% [markdown]
# This is why the question's learning rate was fine on 100 samples (notebook 01): at N = 100
# the limit is 0.0103, and lr = 0.01 is just inside it. lr × λ_max = 1.94, the zigzag case:
# the error flips sign at every step but shrinks, by a factor 0.94. At N = 1000 the limit is
# 0.0011, and the same lr = 0.01 is nine times too large.
#
# ### How `nnlib.critical_lr` finds λ_max: power iteration
#
# `nnlib.critical_lr` does not know the network is linear, so it cannot write down XᵀX.
# It uses **power iteration**: take a random direction v and multiply it by H again and
# again, rescaling to length 1 each time. Each multiplication stretches the part of v along
# each eigenvector by that eigenvalue, so the part along the steepest one grows fastest and
# soon is all that is left; then v·Hv reads off λ_max (if H v = λ v and |v| = 1, then
# v·Hv = λ v·v = λ). The method only needs the product H v: how much the gradient changes
# per unit step along v. nnlib gets it from two gradients, at w + εv and at w − εv (their
# difference divided by 2ε), without ever building H, so it works for any network.
# By hand, on H = XᵀX:

# %%
H, v = X.T @ X, np.random.default_rng(0).normal(size=7)
estimates = []
for _ in range(5):
    v = H @ v / np.linalg.norm(H @ v)
    estimates.append(v @ H @ v)
print("v.Hv after each multiplication:", np.round(estimates, 1), " true lambda_max:", round(lam_max, 1))
second = np.linalg.eigvalsh(H)[-2]
assert abs(estimates[0] / lam_max - 1) < 0.01 and abs(estimates[1] / lam_max - 1) < 1e-4 and 15 < lam_max / second < 25

# %% [markdown]
# One multiplication already lands within 1% of λ_max, two within 0.01%: the next eigenvalue
# is about 20 times smaller (about 1/12 against 1.83, per sample), so every other direction
# shrinks about 20-fold, relative to the steepest, at each multiplication. On a network
# whose top two eigenvalues are closer it takes more of them. `nnlib.critical_lr`'s answer
# above agrees with the closed form 2 / λ_max(XᵀX) to within 2%.
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
# The rule above explains why. With a sigmoid output, out = σ(z) and z = x·w. The chain
# rule brings the slope σ′(z) into each sample's gradient, (σ(z) − y) σ′(z) x, and into
# its change two terms: σ′(z)² x xᵀ, and the error σ(z) − y times σ″(z) x xᵀ (σ″ is the
# slope of σ′). Near the bottom the errors are small, the second term fades, and
#
# H ≈ Σₙ σ′(zₙ)² xₙ xₙᵀ
#
# (written with matrices, Xᵀ diag(σ′(z)²) X, where diag(…) is the N × N table with the
# numbers σ′(zₙ)² on its diagonal and zeros elsewhere): every sample's term of XᵀX = Σ x xᵀ,
# scaled by its σ′(z)². And σ′ is at most 1/4 (at z = 0), so σ′² ≤ 1/16: λ_max is at least
# 16 times smaller than the linear net's, and the critical lr at least 16 times larger,
# 2 × 16 / λ_max(XᵀX):

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
# **That is the core of this section.** Its two remaining parts are **optional** on a first
# reading (about 20 minutes, and the densest of the notebook): one checks that the estimate
# holds at the starting weights, the other follows the sigmoid net at N = 10,000. The one fact
# the rest of the course uses from them: with ten times the data, lr = 0.01 is above the
# sigmoid's limit too, and its cost zigzags under a ceiling instead of falling. Skip to
# section 6 if you like.

# %% [markdown]
# ### Optional: is the estimate fair at the starting weights?
#
# We derived H ≈ Σ σ′² x xᵀ near the bottom, and the starting weights are far from it. Is it
# still a fair estimate there? The dropped term carries the error σ(z) − y, which is
# positive for some samples and negative for others, so it partly cancels in the sum.
# Compare the estimate with the full curvature that `nnlib.critical_lr` measured:

# %%
def sigmoid_curvature(X, Z):
    """lambda_max of sum_n sigma'(z_n)^2 x_n x_n^T; X: (N, 7), Z: (N, 2), the larger of the 2 outputs."""
    s = 1 / (1 + np.exp(-Z))
    return max(np.linalg.eigvalsh(X.T @ (X * (s * (1 - s))[:, [j]] ** 2))[-1] for j in range(Z.shape[1]))


z0 = X @ net.weights[0]                # seed 0 gives every activation the same starting weights
estimate, full = sigmoid_curvature(X, z0), 2 / crit_by_act["sigmoid"]
print(f"estimate {estimate:.0f}, full {full:.0f}, ratio {estimate / full:.2f}")
assert round(estimate) == 84 and round(full) == 61 and round(estimate / full, 1) == 1.4

# %% [markdown]
# The estimate says λ_max ≈ 84, the full curvature 61: the same size (the estimate 1.4 times
# higher), so the σ′² argument holds even at the start.
#
# ### Optional: the sigmoid net at N = 10,000
#
# The sigmoid does not cure the summed cost; it moves the limit. Its λ_max grows with N
# too, and with ten times the data lr = 0.01 is again above the limit. We keep the
# pre-activations z of every epoch (`snapshots`) to follow the curvature estimate:

# %%
sig10k = nnlib.Network([7, 2], activation="sigmoid", seed=0)
crit_sig10k = nnlib.critical_lr(sig10k, X10k, Y10k, reduction="sum")
sig_run = nnlib.train(sig10k, X10k, Y10k, lr=0.01, epochs=300, reduction="sum", snapshots=range(301))
lr_lam = 0.01 * np.array([sigmoid_curvature(X10k, sig_run.snapshots[e][0]) for e in range(301)])
jump, typical = sig_run.cost[1] / sig_run.cost[0], np.median(sig_run.cost[1:]) / sig_run.cost[0]
print(f"critical lr {crit_sig10k:.4f}, lr x lambda_max {0.01 * 2 / crit_sig10k:.2f}; first step x{jump:.1f}, "
      f"median of the 300 later costs x{typical:.1f} the start")
assert round(crit_sig10k, 4) == 0.0033 and round(0.01 / crit_sig10k) == 3 and round(jump, 1) == 2.6
bowl_factor = abs(1 - 0.01 * 2 / crit_sig10k)                  # what the rule would predict per step
assert round(0.01 * 2 / crit_sig10k, 1) == 6.0 and round(bowl_factor) == 5 and round(bowl_factor ** 2) == 25
assert 1.8 < typical < 2.4

# %% [markdown]
# At N = 10,000 the sigmoid's critical lr is about 0.0033, so lr = 0.01 is 3 times over it:
# lr × λ_max ≈ 6.0. In a bowl the error would then grow about 5-fold per step (|1 − 6.0|),
# the cost 25-fold, up to an overflow. Instead the cost jumps 2.6-fold on the first step and
# then zigzags for 300 steps at about **twice** where it started (the median). Two things
# differ from the bowl:
# - **The cost is capped.** σ(z) lies between 0 and 1, and so do these targets, so no
#   sample's error can pass 1: the cost can never exceed ½ Σ max(y², (1 − y)²), here 5831,
#   4.8 times the start. It cannot run to infinity.
# - **The curvature moves with the weights.** The first overshoot throws the weights far
#   out, where |z| is large and σ′(z) tiny, and there the curvature collapses: lr × λ_max
#   falls from 8.5 to 0.16 after one step, 50 times smaller and far below 2. The next steps
#   are small; as they bring the weights back towards the middle, the curvature climbs past
#   2 again, the next overshoot throws them out, and so on.
#
# (The 8.5 is the σ′² estimate the right panel draws; at the start it is 1.4 times the full
# 6.0, as at N = 1,000.)

# %%
cap = 0.5 * np.sum(np.maximum(Y10k ** 2, (1 - Y10k) ** 2))
fig, axes = plt.subplots(1, 2, figsize=(10, 2.8), constrained_layout=True)
axes[0].plot(sig_run.cost, lw=1)
axes[0].plot(0, sig_run.cost[0], "ko", ms=4, label=f"start {sig_run.cost[0]:.0f}")
axes[0].axhline(cap, color="C3", ls="--", label=f"cap {cap:.0f}")
axes[0].set(xlabel="epoch", ylabel="cost (sum)", ylim=(0, 1.08 * cap), title="sigmoid, N = 10,000, lr = 0.01")
axes[1].semilogy(lr_lam, color="C1", lw=1)
axes[1].axhline(2, color="k", lw=1, label="limit 2")
axes[1].set(xlabel="epoch", ylabel="lr × λ_max (estimate)", title="the curvature moves with the weights")
axes[0].legend(loc="lower right", fontsize=8); axes[1].legend(loc="lower right", fontsize=8);

# %%
print(f"cap {cap:.0f} = x{cap / sig_run.cost[0]:.1f} the start; lr x lambda_max {lr_lam[0]:.2f} -> {lr_lam[1]:.3f}")
assert round(cap) == 5831 and round(cap / sig_run.cost[0], 1) == 4.8 and sig_run.cost.max() < cap
assert 0 <= Y10k.min() and Y10k.max() <= 1                  # targets, like sigma, between 0 and 1
assert round(lr_lam[0], 1) == 8.5 and round(lr_lam[1], 2) == 0.16 and 45 < lr_lam[0] / lr_lam[1] < 60
assert round(lr_lam[0] / (0.01 * 2 / crit_sig10k), 1) == 1.4 and np.all(np.isfinite(sig_run.cost))
rises, above2 = np.diff(sig_run.cost) > 0, lr_lam[:-1] > 2
print(f"steps from above 2 that raise the cost {rises[above2].mean():.0%}, from below 2 that lower it "
      f"{(~rises[~above2]).mean():.0%}")
# a chaotic run: the last digits of the arithmetic (another CPU's) move these shares by several
# points, so the prose states what every such machine shows
assert 0.70 <= rises[above2].mean() <= 0.90 and (~rises[~above2]).mean() >= 0.85

# %% [markdown]
# Read the two panels together: from an epoch where lr × λ_max is above 2, the next step
# usually raises the cost (70% to 90% of such steps), as in a bowl past its limit; from
# below 2 it nearly always lowers it (over 85%). The curvature keeps crossing 2 in both
# directions, and the cost zigzags with it, under its cap. The run is chaotic: another
# CPU, which rounds its sums in another order, draws a different zigzag with shares within
# the same ranges. So the learner's "ReLU never trains, sigmoid does" had one cause with two faces: a step that grows with N, and an activation whose slope
# (≤ 1/4, never 0, and smaller the farther the weights go) hid it on their data.
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
    nplt.blowup_map(Ns, lrs, blew_up[:, :, k], theory=theory[red], ax=ax).set_title(f'reduction="{red}"')
axes[0].plot(1000, 0.01, "*", color="k", ms=16, mfc="gold", label="the question: N = 1000, lr = 0.01")
axes[1].set_ylabel("")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=4, fontsize=9)
fig.suptitle("one square per run", fontsize=11);

# %% [markdown]
# With the summed cost the boundary falls as 1/N: a learning rate that is safe at
# N = 10 blows up at N = 1000. With the mean cost it is nearly flat, between 0.95 and 1.11.
# Each square is one run, drawn centred on its own lr and N: no run below the line blew
# up, and in every column the first learning rate that blows up is the first grid value
# above the line (the grid steps by a factor of about 2.15). Some runs sit so close to the
# line that their square touches it: in the mean panel at N = 30 the line (0.95) passes
# through the red square at lr = 1.0, a run only 5% above the limit, and in the sum panel
# the lowest red squares at N = 300 and N = 3000 are only 1.26 and 1.29 times above it. The
# question's own point, the star, lies far inside the red region:

# %%
grid_step, above = lrs[1] / lrs[0], {}
for k, red in enumerate(("sum", "mean")):
    first_bad = np.array([lrs[blew_up[:, j, k]].min() for j in range(len(Ns))])
    above[red] = first_bad / np.array(theory[red])       # > 1, and less than one grid step
    assert np.all(above[red] > 1) and np.all(above[red] <= grid_step * (1 + 1e-9)), (red, above[red])
    assert np.all(~blew_up[lrs < np.min(theory[red]), :, k])
print(f"grid step x{grid_step:.2f}; lowest red run / line: sum {above['sum'].round(2)}, mean {above['mean'].round(2)}")
assert abs(grid_step - 2.15) < 0.01

# %%
assert round(min(theory["mean"]), 2) == 0.95 and round(max(theory["mean"]), 2) == 1.11
assert round(theory["mean"][1], 2) == 0.95 and Ns[1] == 30 and round(above["mean"][1], 2) == 1.05
assert np.isclose(above["mean"][1] * theory["mean"][1], 1.0)       # the red square at N = 30 is lr = 1.0
assert Ns[3] == 300 and Ns[5] == 3000 and round(above["sum"][3], 2) == 1.26 and round(above["sum"][5], 2) == 1.29
assert np.isclose(lrs, 1e-3).sum() == 1          # a row at lr = 0.001, for section 7's "Predict first"

# %% [markdown]
# ## 7. Explore it live
#
# The explorer below trains the linear network for 300 epochs at the N and lr you choose,
# with either reduction. Left: the cost. Right: lr × λ_max against the limit 2. Here is
# what it shows for N = 10,000 with the summed cost and lr = 0.001 (static, no kernel needed):

# %%
big_run = liverun.run(liverun.DEFAULT.replace(sizes=(7, 2), activation="identity", output_activation="identity",
                                              bias_init="none", lr=1e-3, epochs=300, n=10000))
fig, axes = plt.subplots(1, 2, figsize=(10, 3.3), width_ratios=(3, 2), constrained_layout=True)
nplt.cost_curve(big_run.history, ax=axes[0]).set_title("cost: N = 10,000, lr = 0.001, summed", fontsize=10)
nplt.stability(big_run.ratio, ax=axes[1])
lo, hi = axes[0].get_ylim()
axes[0].set_ylim(lo, hi + 0.12 * (hi - lo))        # room for the "inf at epoch" label above the curve
assert abs(big_run.ratio - 18) < 1 and big_run.history.diverged_at < 50

# %% [markdown]
# At N = 10,000, lr = 0.001 is about 9 times the limit, so lr × λ_max ≈ 18.5 and the cost
# overflows within 14 steps (epoch 14 in the figure).
#
# ### Optional: why epoch 14, when section 4's run overflowed at 124?
#
# (A detour about the number format; skip to "Predict first" below on a first reading.)
# Section 4's run, and those in notebooks 00 and 01, overflowed at epoch 124. This is a different run (N = 10,000 at lr = 0.001, against N = 1000 at lr = 0.01), but
# its lr × λ_max is about the same, so its cost grows about as fast: about 300-fold per
# step. Most of the difference is the number format. The explorers train in **float32** for speed, and its largest number is about 3.4e38
# instead of float64's 1.8e308. Count in powers of ten: a cost that grows about 300-fold
# per step (here (18.5 − 1)² ≈ 300, as in section 4) gains log10(300) ≈ 2.48 powers of ten
# per step. It starts at 2.43e5, about 10^5.39, and float32 ends at about 10^38.53, so it
# needs (38.53 − 5.39) / 2.48 ≈ 13.4 steps: the 14th step overflows. float64 ends at about
# 10^308.25, (308.25 − 5.39) / 2.48 ≈ 122.3 steps: the same run in float64
# (`dtype="float64"`) overflows at epoch 123, one step sooner than section 4's run, which
# starts lower (about 10^3 against 10^5.39). `nnlib.train` uses float64 unless you ask.

# %%
run64 = liverun.run(big_run.settings.replace(dtype="float64")).history
growth32 = np.median(big_run.history.cost[2:10] / big_run.history.cost[1:9])
print(f"float32: inf at epoch {big_run.history.diverged_at}; float64: {run64.diverged_at}; "
      f"growth per step {growth32:.0f}; float32 max {np.finfo(np.float32).max:.1e}")
assert big_run.history.diverged_at == 14 and run64.diverged_at == 123
assert abs(growth32 - (big_run.ratio - 1) ** 2) < 0.05 * growth32 and round(growth32, -2) == 300
assert hist.diverged_at == 124                    # section 4's run (float64), as in notebooks 00 and 01
assert abs(0.01 * lam_max / big_run.ratio - 1) < 0.03          # about the same lr x lambda_max (18.1 vs 18.5)
assert round(np.log10(hist.cost[0])) == 3 < np.log10(big_run.history.cost[0])   # section 4 starts lower
assert abs(float(np.finfo(np.float32).max) / 3.4e38 - 1) < 0.01 and round(np.finfo(float).max / 1e308, 1) == 1.8

# %%
digits = {t: round(float(np.log10(np.finfo(t).max)), 2) for t in (np.float32, np.float64)}
start, per_step = np.log10(big_run.history.cost[0]), np.log10(growth32)
steps = {t: (d - start) / per_step for t, d in digits.items()}
print(f"start 10^{start:.2f}, {per_step:.2f} per step, steps to overflow {[round(v, 1) for v in steps.values()]}")
assert round(big_run.history.cost[0], -3) == 2.43e5 and round(start, 2) == 5.39 and round(per_step, 2) == 2.48
assert digits == {np.float32: 38.53, np.float64: 308.25} and round(steps[np.float32], 1) == 13.4
assert round(big_run.ratio, 1) == 18.5 and round(steps[np.float64], 1) == 122.3
assert np.ceil(steps[np.float32]) == big_run.history.diverged_at and np.ceil(steps[np.float64]) == run64.diverged_at

# %% [markdown]
# ### Predict, then explore
#
# **Predict first.** The explorer starts at N = 1000, summed cost, lr = 0.001: stable,
# since 0.001 < 0.0011. Before you move anything, write down:
# - at which N the summed cost first blows up at lr = 0.001 (the phase diagram of section 6
#   has a row of runs at exactly lr = 0.001: read it along the sum panel);
# - what the readout lr × λ_max will say at N = 3000, roughly (the figure above shows 18.5
#   at N = 10,000, and lr × λ_max grows in proportion to N);
# - what happens at N = 10,000 when you switch to the mean cost.
#
# Then move the sliders and check.

# %% tags=["nbval-ignore-output"]
widgets.sum_vs_mean()

# %% [markdown]
# ## Summary
# - The summed cost is N times the mean cost, so its gradient, and the step at a fixed
#   learning rate, grow in proportion to N (log-log slope 1 versus 0).
# - One weight in a bowl C = λw²/2: each step multiplies w by 1 − lr·λ, so it shrinks while
#   lr·λ < 2 (zigzagging above 1) and blows up above 2. With many weights the same holds along
#   each eigenvector of the Hessian, and the steepest one, λ_max, decides:
#   gradient descent is stable while lr × λ_max < 2.
# - For the summed cost λ_max ≈ 1.83 N on this data (1/12 + 7/4 per sample: the 7/4 comes
#   from the inputs' common mean), so the critical lr is 0.0103 at N = 100 (lr = 0.01 just
#   fits), 0.0011 at N = 1000 (it is nine times too large), and falls as 1/N; for the mean
#   cost it stays near 1.1.
# - Above the limit the error grows by |1 − lr·λ_max| per step: at lr = 0.01, N = 1000, about
#   17, so the cost by about 290 per step, exactly as measured.
# - The question's root cause: lr = 0.01 is 9 times too large for 1000 samples. With the
#   identity it explodes; with ReLU on these all-positive inputs, the first huge steps
#   kill the units (notebook 03); on standardised, mixed-sign inputs some units stay on
#   and the ReLU net's cost overflows too (notebook 01).
# - A sigmoid's slope is at most 1/4, so its curvature is at least 16 times smaller (30
#   times, measured): lr = 0.01 is below its limit at N = 1000, which is why the learner's
#   sigmoid net trained. At N = 10,000 it fails too: the limit still falls as 1/N. It does
#   not explode, though: its cost is capped, and each overshoot throws the weights out to
#   where σ′, and with it the curvature, is small, so the cost zigzags instead of falling.

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. In the one-weight bowl with lr·λ = 2.2 (a case the figure did not draw), what number
#    does one update multiply w by? Will w shrink or grow?
# 2. Without any data: predict the summed cost's critical learning rate for the linear
#    network on **500** samples x ~ U(0, 1)⁷, from section 3's λ_max ≈ (1/12 + 7/4) N.
# 3. **Why** did the learner's sigmoid network train at N = 1000 with lr = 0.01, while the
#    linear one exploded? Give the letter:
#    (a) a sigmoid's output lies between 0 and 1, so its cost is capped and cannot grow;
#    (b) σ′ ≤ 1/4 scales every sample's term of the curvature by σ′² ≤ 1/16, so λ_max is
#    far smaller and lr = 0.01 is below the sigmoid net's critical learning rate;
#    (c) a sigmoid unit cannot die, so it trains at any learning rate.

# %%
exercises.check_understanding_02(
    None,   # 1. a number
    None,   # 2. a number
    None);  # 3. a letter, in quotes

# %% [markdown]
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

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_02(1 - 2.2, 2 / ((1 / 12 + 7 / 4) * 500), "b")   # |1 - 2.2| > 1: w grows
