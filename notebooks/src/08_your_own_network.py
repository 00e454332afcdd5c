# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 08 · Your own network: ask the doctor
#
# The course diagnosed its own network. You came with yours, written in plain NumPy, and
# after the course you will write more. `nnlib.doctor` reads **your code as it is**: wrap
# your training loop in `doctor.watch()`, log the cost, and it names the first bad number
# (the operation and the line), then what the cost curve shows, with numbers and the fix
# to try first. A list of losses copied from any printout works too.
#
# **In this notebook you will**
# 1. run the doctor on the question's code as if it were yours: the first overflow, its
#    line, the growth factor and the largest stable lr, from the curve alone; then with
#    ReLU, where it freezes instead;
# 2. run it on a healthy minibatch loop, whose cost rises on half of the updates;
# 3. give it a list of losses copied from a printout;
# 4. learn to read its report, and check your own gradients;
# 5. see what a cost curve alone cannot tell (a tiny lr and dead units look alike), and let
#    `doctor.examine` try the fixes on your loop before it gives one;
# 6. find the planted bug in three loops, with a checker and a hint each.

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import numpy as np

import nnlib
from nnlib import doctor

# %% [markdown]
# ## 1. The question's code, as yours
#
# The question's network with a linear activation: one layer `[7, 2]`, weights U(−1, 1),
# no biases, the cost **summed** over N = 1000 samples, lr = 0.01. This is your cell: the
# loop is yours, unchanged, inside `with doctor.watch(...) as w:`, and one line,
# `w.log(cost)`, hands each cost to the doctor. The keywords say what you know about the
# run (all optional).

# %%
X, Y = nnlib.datasets.random_targets(n=1000, seed=0)   # the question's data: x, y ~ U(0, 1)
W = np.random.default_rng(0).uniform(-1, 1, (7, 2))    # weights U(-1, 1), no biases
with doctor.watch(lr=0.01, n_samples=1000, reduction="sum", batch_size=None) as w:
    for i in range(200):
        out = X @ W                                    # linear activation
        cost = 0.5 * np.sum((Y - out) ** 2)            # summed over the samples
        W = W - 0.01 * X.T @ (out - Y)                 # its gradient, never divided by N
        w.log(cost)
print(w)

# %% [markdown]
# Read it from the top. The **first bad number** is an overflow at step 124 (124 costs had
# been logged), in this notebook cell, line 6, the cost line: the outputs have grown past
# 1e154, and their squares pass the largest float, 1.8e308. The weights themselves stay
# finite (about 1e246 after 200 updates): only the squares overflow, on every later update
# too (77 overflows in all). Nothing in your code changed: the doctor only listened to
# NumPy's floating-point errors.
#
# Then the **diagnosis**, from the logged costs alone. The cost grew about 293-fold per
# update on its way to the overflow, and 292-fold over its first rises, which is where the
# doctor reads the limit (the same up to rounding). For gradient descent near a minimum,
# the error along the steepest direction is multiplied by |1 − lr λ_max| each update, and
# the cost by its square, so lr λ_max ≈ 1 + √292 ≈ 18.1, and the largest stable lr is
# 2 lr / 18.1 ≈ 0.0011. Notebook 02 computed that limit from the data, 2 / λ_max(XᵀX): the
# curve alone gives the same number to within 1%. And since you said the cost is summed
# over N = 1000 samples, it says what the mean cost would give: steps 1000 times smaller,
# lr λ_max ≈ 18.1 / 1000 ≈ 0.018, well inside the stable range (below 2).

# %%
e, d = w.first_error, w.diagnosis
assert e.kind == "overflow" and e.step == 124 and e.code == "cost = 0.5 * np.sum((Y - out) ** 2)            # summed over the samples"
assert e.lineno == 6 and w.errors["overflow"] == 77   # line 6 of the cell
assert np.isfinite(W).all() and 245 < np.log10(np.abs(W).max()) < 247
big = np.finfo(float).max
assert round(big / 1e308, 1) == 1.8 and 1e154 < np.sqrt(big) < 2e154  # squares of 1e154 overflow
growth, stable = d.evidence["early_growth"], d.evidence["stable_lr"]
theory = nnlib.curvature.linear_critical_lr(X, reduction="sum")
print(f"growth {growth:.0f} per update, lr x lambda_max ~ {1 + np.sqrt(growth):.1f}, "
      f"stable lr {stable:.2g}; from the data: {theory:.2g}")
assert round(growth) == 292 and round(d.evidence["growth_per_step"]) == 293
assert round(1 + np.sqrt(growth), 1) == 18.1 and round(stable, 4) == 0.0011 and abs(stable / theory - 1) < 0.01
assert d.kind == "diverging" and d.action == {"reduction": "mean"}
assert round(d.evidence["mean_lr_times_lambda"], 3) == 0.018

# %% [markdown]
# Your loop ran on after the overflow with a cost of inf, which is why the doctor keeps
# only the *first* bad operation and counts the rest.
#
# **Try first** says what to change, and `d.action` says it as settings: `{"reduction":
# "mean"}`. Here is your loop with that one change, the gradient divided by N:

# %%
W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
with doctor.watch(lr=0.01, n_samples=1000, reduction="mean", batch_size=None) as fixed:
    for i in range(200):
        out = X @ W
        cost = 0.5 * np.sum((Y - out) ** 2) / 1000      # the mean over the samples
        W = W - 0.01 * X.T @ (out - Y) / 1000
        fixed.log(cost)
print(fixed.first_error, "|", fixed.diagnosis.kind)
assert fixed.first_error is None and fixed.diagnosis.kind in ("converging", "slow")

# %% [markdown]
# ### The same code with ReLU: it freezes
#
# The question's other half: with ReLU (on the output layer too) the network "never
# trains". Nothing overflows, so the first-bad-number part has nothing to say; what helps
# here is one more argument to `w.log`: `activations=[z]`, the inputs of your ReLU layer,
# so the doctor can see units that are <= 0 on every sample.

# %%
W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
with doctor.watch(lr=0.01, n_samples=1000, reduction="sum", batch_size=None) as relu:
    for i in range(200):
        z = X @ W
        out = np.maximum(z, 0)                         # ReLU, on the output layer too
        relu.log(0.5 * np.sum((Y - out) ** 2), activations=[z])
        W = W - 0.01 * X.T @ ((out - Y) * (z > 0))     # ReLU's gradient: 0 where z <= 0
print(relu)

# %% [markdown]
# The cost fell for two updates (318 to 306), rose, and from update 4 on it never moved
# again: 338.3, exactly 0.5 · Σ y², what a network that outputs 0 costs. Both output units
# are dead, so no gradient flows and no lr can revive them. The doctor puts the push first:
# the summed cost makes each step 1000 times the mean cost's, so its action is again
# `{"reduction": "mean"}`. With the mean, the same loop loses no unit and its cost falls on
# every update:

# %%
frozen_at = 0.5 * np.sum(Y ** 2)
d = relu.diagnosis
assert [round(x) for x in relu.costs[:3]] == [318, 312, 306] and round(frozen_at, 1) == 338.3
assert d.kind == "dead" and d.evidence["dead_since"] == 4 and relu.first_error is None
assert relu.costs[3] > relu.costs[2] and np.all(np.array(relu.costs[4:]) == frozen_at)
assert d.action == {"reduction": "mean"} and "N = 1000" in d.message

# %%
W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
with doctor.watch(lr=0.01, n_samples=1000, reduction="mean", batch_size=None) as relu_mean:
    for i in range(200):
        z = X @ W
        out = np.maximum(z, 0)
        relu_mean.log(0.5 * np.sum((Y - out) ** 2) / 1000, activations=[z])
        W = W - 0.01 * X.T @ ((out - Y) * (z > 0)) / 1000
print(relu_mean.diagnosis.kind, "| dead share at the end:", relu_mean.dead[-1])
assert relu_mean.diagnosis.kind in ("converging", "slow") and relu_mean.dead[-1] == [0.0]
assert relu_mean.costs[-1] < relu_mean.costs[0] and np.all(np.diff(relu_mean.costs) < 0)

# %% [markdown]
# ## 2. A healthy minibatch loop
#
# Now the course's fixed network (`[7, 10, 2]`, leaky ReLU 0.01, a linear output, He
# init, biases 0.1, the mean cost) trained the way most code does: minibatches of 50,
# lr 0.05, 50 epochs, the cost of each batch logged. This loop is yours too; only the
# forward and backward passes come from `nnlib.Network`.

# %%
net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                    weight_init="he", bias_init=0.1, seed=0)
Xs, Ys = nnlib.datasets.sincos(n=1000, seed=0)
rng = np.random.default_rng(0)
with doctor.watch(lr=0.05, n_samples=1000, batch_size=50) as healthy:
    for epoch in range(50):
        for batch in np.array_split(rng.permutation(1000), 20):
            healthy.log(net.cost(Xs[batch], Ys[batch]))
            dWs, dbs = net.gradients(Xs[batch], Ys[batch])
            for W_, b_, dW, db in zip(net.weights, net.biases, dWs, dbs):
                W_ -= 0.05 * dW
                b_ -= 0.05 * db
print(healthy)

# %% [markdown]
# The batch cost falls from about 21 to below 0.01, yet about half of the updates (49%)
# *raise* it: each batch is a different sample of the data, and a batch that happens to be
# hard costs more. Counting rises would call this run oscillating. The doctor instead
# splits the run into twenty windows and reads the **trend** (each window's median) and the
# **noise band** around it: the trend fell about 150-fold and settled, and the noise is
# about 26% of the cost, steady. That is sampling noise, not a problem. A run that
# oscillates is one whose trend rises again, or whose noise band grows.
#
# Why does the trend start at 0.76 when the first batch cost 21? The first window holds
# the first 50 batches, and only 15 of them cost 1 or more (the plunge from 21): the
# median of the window sees the run after its plunge, as a median should.

# %%
c = np.array(healthy.costs)
rising = np.mean(np.diff(c) > 0)
ev = healthy.diagnosis.evidence
print(f"first {c[0]:.3g}, last {c[-1]:.2g}; {rising:.0%} of the updates raised it; "
      f"trend {ev['trend'][0] / ev['trend'][-1]:.0f}-fold down, noise {ev['noise']:.0%}")
assert round(c[0]) == 21 and c[-1] < 0.01 and round(rising, 2) == 0.49
assert healthy.diagnosis.kind == "converging" and round(ev["noise"], 2) == 0.26
assert 140 < ev["trend"][0] / ev["trend"][-1] < 160 and ev["trend_swing"] == 0 and ev["noise_growth"] < 2
assert len(ev["trend"]) == 20 and len(c) // 20 == 50  # twenty windows of 50 batches
assert round(ev["trend"][0], 2) == 0.76 and np.sum(c[:50] >= 1) == 15

# %% [markdown]
# ## 3. A list of losses from a printout
#
# No code at hand, only what a run printed? Copy the losses into a list. Below, a
# full-batch run printed once per update with lr = 0.1; all the doctor knows is the list
# and the lr, and it says what it could not check.

# %%
printed = [1.93, 4.81, 27.6, 165, 1010, 6110, 37000, 2.2e5, 1.36e6]
from_printout = nnlib.diagnose(printed, lr=0.1)
print(from_printout)
print("action:", from_printout.action)

# %% [markdown]
# Over the whole list the loss grows about 5.4-fold per update; over its first rises, where
# the stable lr is read, 5.7-fold, so lr λ_max ≈ 1 + √5.7 ≈ 3.4 and the largest stable lr
# is about 0.059; the fix to try first halves that. It also says
# what it was not given: whether the cost is summed (a summed cost grows with N) and the
# batch size (it judged the list as a curve of unknown batch).

# %%
ev = from_printout.evidence
assert from_printout.kind == "diverging" and round(ev["early_growth"], 1) == 5.7
assert round(ev["growth_per_step"], 1) == 5.4
assert round(1 + np.sqrt(ev["early_growth"]), 1) == 3.4 and round(ev["stable_lr"], 3) == 0.059
assert from_printout.action == {"lr": ev["stable_lr"] / 2} and "Not given" in from_printout.message

# %% [markdown]
# A loss that sits exactly still is another story: a zero gradient, not a small lr. A
# classifier whose loss stays at ln 2 = 0.6931 for every epoch gives both classes
# probability 1/2 on every sample, whatever the input: its hidden units all output the
# same, because they are dead or because the weights all started at 0. The doctor
# recognises ln 2 (and ln 10 for ten classes), and its fix is random weights scaled to
# the fan-in with small positive biases.

# %%
stuck = nnlib.diagnose([0.6931] * 30)
print(stuck)
assert stuck.kind == "dead" and "zero gradient" in stuck.message and round(np.log(2), 4) == 0.6931
assert stuck.evidence["uniform_classes"] == 2 and stuck.action == {"weight_init": "he", "bias_init": 0.1}
assert nnlib.diagnose([round(np.log(10), 4)] * 30).evidence["uniform_classes"] == 10

# %% [markdown]
# ## 4. How to read the report
#
# `print(w)` gives, in this order:
#
# | part | what it tells you |
# | --- | --- |
# | **First bad number** | the first floating-point error in your code: *overflow* (a number passed 1.8e308 and became inf), *invalid* (inf − inf, 0/0, inf × 0: a NaN) or *divide* (x / 0); the file ("a notebook cell" in a notebook), the line and its source, and **step**: how many costs you had logged before it. Look there first: everything after it computes with infs and NaNs. |
# | bad operations in all | how many more followed, by kind |
# | **Diagnosis** | one of *diverging*, *dead*, *stalled* (the cost stopped short: it barely moved, or it settled at or near what a constant guess costs, having learned little), *oscillating*, *slow*, *converging*, with the numbers that show it: the growth per update and the largest stable lr it implies; for a frozen cost, since when; for minibatches, the trend and the noise band; for a cost that climbs from the very first update, a reminder to check the sign of your step |
# | **Try first** | the one change to make before any other; `w.diagnosis.action` holds it as settings, e.g. `{"lr": 0.0005}`, `{"reduction": "mean"}`, `{"output_activation": "identity"}` |
# | **certainty** | `w.diagnosis.certainty`: **"sure"** (a number overflowed, or the dead fractions you logged show it), **"likely"** (read from the curve's shape), **"can't tell"** (several causes fit these costs: the message says what to log to tell them apart) |
# | **Not given** | what you did not pass (lr, reduction and n_samples, batch_size, dead fractions) and so could not be checked |
#
# The fixes are checked: `benchmarks/doctor_accuracy.py` makes a suite of faulty runs
# outside nnlib (plain NumPy, scikit-learn, the question's code), applies each one's
# action once, reruns it and counts how many become healthy.
#
# `w.log` takes more when you have it: `weights=[W1, W2]` (the size of each step against
# the weights, about 1e-3 is healthy), `activations=[Z1, Z2]` (the inputs or outputs of
# your ReLU layers only: a unit that is <= 0 on every sample is dead; leave out a softmax
# or linear output, whose values may all be <= 0 with nothing dead) and
# `gradients=[dW1, dW2]`, the output layer last (gradients that vanish on their way back
# to the first layer).
#
# **Is your backprop right?** `doctor.check_gradients(cost_fn, grad_fn, params)` compares
# your gradient with central differences (notebook 05), on your own functions:

# %%
x, y = X[:50], Y[:50]
cost_fn = lambda p: 0.5 * np.sum((y - x @ p[0]) ** 2)
grad_fn = lambda p: [x.T @ (x @ p[0] - y)]
check = doctor.check_gradients(cost_fn, grad_fn, [np.random.default_rng(1).uniform(-1, 1, (7, 2))])
print(check)
assert check.verdict == "correct" and max(check.errors) < 1e-7
assert nnlib.diagnosis.HEALTHY_UPDATE_RATIO == 1e-3  # the step size the table calls healthy

# %% [markdown]
# ## 5. What costs alone cannot tell, and `doctor.examine`
#
# A cost that settled is not a cost that fit. Two of your loops below (one hidden ReLU
# layer of 16, a squared error, full batch) both settle: one has an lr 100 times too
# small, the other starts every hidden unit dead (biases of −3). The yardstick is what a
# **constant guess** costs: predicting the targets' mean for every sample costs half
# their variance per sample. Give the doctor `loss="squared"` and your `targets=` (or, for
# a classifier, `loss="cross_entropy"` and `n_classes=`: cross-entropy is the mean over the
# samples of −ln p, p the probability the net gives the right class, so a constant guess
# of 1/C for each of C classes costs ln C), and it compares the end of the curve with it.

# %%
from nnlib.exercises import doctor as planted
Xp, Yp = planted.data()
tiny = {"lr": 0.0005, "reduction": "mean", "bias_init": 0.1, "standardize": False}
dead = {"lr": 0.05, "reduction": "mean", "bias_init": -3.0, "standardize": False}
level = planted.level(tiny)
runs = {name: planted.loop(s) for name, s in (("lr 100x too small", tiny), ("dead ReLUs", dead))}
verdicts = {name: nnlib.diagnose(c, lr=s["lr"], n_samples=300, reduction="mean", batch_size=None,
                                 loss="squared", targets=Yp)
            for (name, c), s in zip(runs.items(), (tiny, dead))}
for name, d in verdicts.items():
    print(f"{name}: ends at {runs[name][-1]:.3g} = {runs[name][-1] / level:.2f} x the constant guess;",
          "certainty:", d.certainty)
    print(d, "\n  action:", d.action, "\n")

# %%
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(6, 3.2))
for name, c in runs.items():
    ax.plot(c, label=name)
ax.axhline(level, color="k", ls="--", label=f"constant guess ({level:.3g})")
ax.set(xlabel="update", ylabel="cost (mean squared error / 2)", ylim=(0, 0.45),
       title="Two runs that learned little: one flat, one still crawling down")
ax.legend()
plt.show()

# %% [markdown]
# The dead run flattens just under the dashed line, at 0.95 times the constant guess's cost
# (0.351). The tiny-lr run is still falling, slowly: from 0.40 to 0.246 (0.70 times the
# constant guess), and still 4% over its last 30 updates. Neither has learned much beyond
# the mean, and **from the costs alone the two look alike**: dead units,
# saturated sigmoid or tanh units and a tiny lr all give such a curve. So the doctor says
# **stalled** (it stopped short of a fit) with certainty **"can't tell"**, names what to log to tell them apart (the
# share of dead units, `w.log(cost, activations=[z])`, and each layer's gradient norm),
# and gives an action that changes no step size (leaky ReLU, He init, zero biases): it
# cannot make the run blow up.
#
# When you can rerun your loop, let the doctor try the fixes instead of guessing. Wrap
# your loop as `train(settings, steps) -> costs`, where `settings` is a dict of what your
# code exposes, and call `doctor.examine(train, settings)`. It makes at most 20 short runs:
# the largest stable lr of your settings (an lr 10 times larger each run, then halving
# the gap on a log scale), then each candidate fix in order (the mean cost, standardized
# inputs, fresh biases and He init, leaky ReLU; only the keys your settings expose), each
# with its own lr search. A trial **worked** when all three hold: (1) its costs are all
# finite, (2) they never rose past 10 times its first cost, and (3) they ended (the median
# of the last fifth) below 0.3 times the constant guess's. A trial that fails (1) or (2)
# is **unstable**, however low it ended: a test on the costs, not on a verdict. Stable is
# not good: when the settings as given are stable but none of their trials worked, it also
# tries them at a tenth and a hundredth of their largest stable lr (a run can bounce without
# blowing up). Its `action` is the first fix that worked, at the smallest lr that ended
# within 2 times the best trial's end: a step back from the edge, where a longer run can
# still blow up.

# %%
reports = {name: doctor.examine(lambda s, steps: planted.loop(s, steps), s, loss="squared",
                                targets=Yp, n_samples=300)
           for name, s in (("lr 100x too small", tiny), ("dead ReLUs", dead))}
print(reports["dead ReLUs"])

# %%
after = {name: planted.loop({**s, **reports[name].action})[-1] / level
         for name, s in (("lr 100x too small", tiny), ("dead ReLUs", dead))}
for name, r in reports.items():
    print(f"{name}: {len(r.trials)} trials, action {r.action}, then ends at {after[name]:.3f} x the constant guess")

# %% [markdown]
# The two runs the costs could not tell apart get different fixes. For the tiny lr,
# 5 trials: the settings as given are stable up to about 300 times their lr (0.158, which
# ended at 0.035), and the action is lr 0.05, 100 times the lr given: it ended at 0.047,
# within 2 times the best. For the dead net, raising the lr alone does not help (the stable
# runs end at 0.78 times the constant guess or above, at a tenth and a hundredth of the
# largest stable lr too), nor does standardizing; fresh biases (`bias_init=0`, the only
# start your settings expose) do, after 15 trials, and the action again takes lr 0.05.
# Among those trials, lr 0.5 ended at 0.0495, lower than lr 0.05's 0.0515, yet it is
# "unstable" and the other "worked": on its way down it rose past 10 times its first cost
# (condition 2), so that lr is too close to the edge to trust. Applied once to the full
# run, each action ends at about 0.10 times the constant guess's cost.

# %%
for name, d in verdicts.items():
    assert d.kind == "stalled" and d.certainty == "can't tell" and "activations" in d.fix
    assert d.action == {"activation": "leaky_relu", "weight_init": "he", "bias_init": 0.0}
assert round(level, 3) == 0.351 and round(0.5 * Yp.var(), 3) == 0.351
assert round(runs["lr 100x too small"][-1] / level, 2) == 0.70 and round(runs["dead ReLUs"][-1] / level, 2) == 0.95
assert all(max(c) < 0.45 for c in runs.values())   # inside the figure's axis
r_tiny, r_dead = reports["lr 100x too small"], reports["dead ReLUs"]
assert len(r_tiny.trials) == 5 and set(r_tiny.action) == {"lr"} and round(r_tiny.action["lr"], 3) == 0.05
assert 250 < r_tiny.lr / tiny["lr"] < 350 and round(r_tiny.lr, 3) == 0.158
t_best, t_chosen = [next(t for t in r_tiny.trials if t.settings["lr"] == lr) for lr in (r_tiny.lr, 0.05)]
assert round(t_best.end, 3) == 0.035 and round(t_chosen.end, 3) == 0.047 and t_chosen.end <= 2 * t_best.end
assert len(r_dead.trials) == 15 and r_dead.action["bias_init"] == 0.0 and round(r_dead.action["lr"], 2) == 0.05
assert set(r_dead.action) == {"lr", "bias_init"}  # only keys the settings expose
edge, calm = [next(t for t in r_dead.trials if t.settings["bias_init"] == 0.0 and t.settings["lr"] == lr)
              for lr in (0.5, 0.05)]
assert round(edge.end, 4) == 0.0495 and round(calm.end, 4) == 0.0515 and not edge.stable and calm.worked
c_edge = planted.loop(edge.settings, 100)
assert np.isfinite(c_edge).all() and max(c_edge) > 10 * c_edge[0]  # condition 2 failed, not 1
c_tiny = runs["lr 100x too small"]
assert round(c_tiny[0], 2) == 0.40 and round(c_tiny[-1], 3) == 0.246 and round((c_tiny[-31] - c_tiny[-1]) / c_tiny[-31], 2) == 0.04
assert (c_tiny[-31] - c_tiny[-1]) / c_tiny[-31] > 0.02  # still falling: not settled
assert all(round(t.end / level, 2) >= 0.78 or not t.stable for t in r_dead.trials if t.settings["bias_init"] == -3.0)
assert all(len(r.trials) <= nnlib.examine.MAX_BUDGET == 20 for r in reports.values())
assert all(t.worked == (t.stable and t.end <= 0.3 * level) for r in reports.values() for t in r.trials)
assert all(round(a, 2) == 0.10 for a in after.values())

# %% [markdown]
# ## 6. Exercises: three loops with a planted bug
#
# `planted.loop(settings)` is a learner's loop (the one above) and `planted.PLANTED[k]`
# holds the settings of loop k, each with one bug. For each: run it, ask the doctor
# (`nnlib.diagnose`, or `doctor.examine`), then give the **change** to its settings that
# makes it train, e.g. `{"lr": 0.001}`. The checker runs the loop with your change and
# passes it when the cost ends finite and under a fifth of what a constant guess costs;
# if not, it gives a hint that answers what you tried. The loop exposes `lr`, `reduction`,
# `bias_init` and `standardize`; `scale` is how the data arrived, not a setting, so the
# checker refuses it. Replace each `None`.

# %%
for k, s in planted.PLANTED.items():
    c = planted.loop(s)
    print(k, s, f"-> {len(c)} costs, last {c[-1]:.3g}")

# %%
fix_1 = None   # a dict: your change to planted.PLANTED[1]
fix_2 = None
fix_3 = None
for k, fix in ((1, fix_1), (2, fix_2), (3, fix_3)):
    if fix is not None:
        planted.check_planted_fix(k, fix)

# %% [markdown]
# **One number from a rule.** Bug 1's doctor says "use reduction='mean'" but gives no lr
# for the mean: you work it out. Take section 1's loop (summed over N = 1000 samples,
# lr = 0.01, the cost growing 292-fold per update). From lr λ_max ≈ 1 + √g, what is the
# largest stable lr once the cost is divided by N?

# %%
lr_mean = None   # a number
planted.check_mean_lr(lr_mean)

# %% [markdown]
# ### Check your understanding
#
# Each question is a case this notebook did not show: work it out from the rules above.
#
# 1. A full-batch run's cost grows 100-fold per update at lr = 0.001. What is the largest
#    stable lr (a number)?
# 2. In a minibatch run, 45% of the updates raise the cost, while the trend (the median of
#    each twentieth) keeps falling and the noise band stays steady. Is it (a) oscillating,
#    (b) sampling noise, not a problem, or (c) diverging? Why?
# 3. Under cross-entropy, what does a constant guess cost per sample for 4 balanced classes?

# %%
from nnlib.exercises import check_understanding_08
answer_1 = None
answer_2 = None
answer_3 = None
check_understanding_08(answer_1, answer_2, answer_3)

# %% [markdown]
# ## Summary
#
# - `with doctor.watch() as w:` around your own loop, `w.log(cost)` inside it, `print(w)`
#   after: the first overflow, invalid value or division by zero with its line, then the
#   diagnosis of the logged costs. Your results are unchanged, and NumPy's error handling
#   is restored afterwards.
# - From the cost curve alone: a geometric blow-up by g per update gives
#   lr λ_max ≈ 1 + √g and a largest stable lr of about 2 lr / (1 + √g); a cost frozen
#   exactly flat means a zero gradient (dead units), not a small lr.
# - Minibatch costs are judged on their trend and noise band: rises inside a steady band
#   are sampling noise.
# - `nnlib.diagnose(list_of_losses, lr=..., batch_size=...)` reads any printout;
#   `d.action` is the fix as settings; `doctor.check_gradients` checks your backprop.
# - With `loss=` and `targets=` (or `n_classes=`) a settled cost is judged against what a
#   constant guess costs. Costs alone cannot tell dead units, saturated units and a tiny
#   lr apart: the doctor then says "can't tell" and what to log, and
#   `doctor.examine(train, settings)` tries the fixes in at most 20 short runs.
#
# Now put your own loop in a cell, wrap it in `with doctor.watch() as w:`, add
# `w.log(cost)`, and `print(w)`. Back to the course map: [00 · Start here](00_start_here.ipynb);
# to play with the course's network instead: [07 · Playground](07_playground.ipynb).
# To choose the learning rate of your next network: [09 · Choosing a learning rate](09_choosing_a_learning_rate.ipynb).
