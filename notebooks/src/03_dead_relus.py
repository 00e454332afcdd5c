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

# %% [markdown] lang="zh" en="ac8523ce2481"
# # 03 · 死亡 ReLU：网络为什么停滞，什么能让单元复活
#
# 在笔记本 01 中，原问题的网络在 N = 1000 时停滞了：迈出一大步之后，它的代价再也没有动过。原回答说：*“你的网络似乎卡在了 ReLU 输入为负的区域，所以输出恒为零，也没有梯度能反向传回：这些神经元死了。”* 下面我们就深入网络内部看一看。
#
# **在本笔记本中，你将：**
# 1. 定义死亡单元，并看到预激活值如何在一步之内越过零；
# 2. 弄清死亡单元的梯度为什么恰好为零，以致梯度下降无法让它复活；
# 3. 在训练过程中跟踪每一层死亡单元的比例；
# 4. 检验哪些办法能防止死亡、哪些能让单元复活：泄漏、偏置、线性输出层；
# 5. 在一个会卡住的随机种子上，实时探索原回答自己的网络。

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

# %% [markdown] lang="zh" en="297b1ac20da8"
# ## 1. 一步越过零
#
# ReLU 单元输出 max(z, 0)，其中 z = x·w (+ b) 是它的**预激活值**。如果对每个样本都有 z ≤ 0，这个单元就**死亡**了：它对所有样本都输出 0。
#
# 用 1000 个样本训练原问题的网络（`[7, 2]`，输出层用 ReLU，没有偏置，代价对样本求和，学习率 lr 为 0.01），并保存第 0 轮和第 1 轮的输出层预激活值（`snapshots`）：

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

# %% [markdown] lang="zh" en="7fb155270a61"
# 每种颜色代表一个输出单元；图例给出每个单元 z ≤ 0 的样本所占的比例。阴影带是 z ≤ 0 的区域，ReLU 在这里输出 0，斜率也是 0。
# 第一步之前（左图），输出单元 1 在 97.5% 的样本上处于激活状态（z > 0），单元 2 只有 17.6%。按求和的代价、以 lr 0.01 走一步（这是稳定界限的九倍，见笔记本 02），就把单元 1 的权重甩得太远，使它在**任何**样本上都不再激活：它死了（右图：它的整个直方图都落在零以下）。先死的是单元 1，因为它原本最“忙”，激活的样本最多：它的梯度 dW = Xᵀδ 对它激活的每个样本都累加一项，它有 975 个这样的样本，单元 2 只有 176 个；一开始，它的梯度就大了 10 倍以上。单元 2 在三步之后、即第 4 轮死亡，从此两个单元都是死的。

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

# %% [markdown] lang="zh" en="afeecf7d18ac"
# ## 2. 为什么没有梯度能到达死亡单元
#
# 反向传播把误差乘以激活函数的斜率：δ = (out − y) ⊙ relu′(z)，然后 dW = Xᵀ δ。凡是 z ≤ 0 的地方，ReLU 的斜率都是 0。对死亡单元来说，每个样本都是这样，所以它的 δ 处处为 0，整个梯度也就全为零。不是很小，而是**恰好为零**，学习率取多大都一样。梯度下降根本无法让它移动，代价于是停滞不动。
#
# 下面是 nnlib 的反向传播代码（训练内核算的是同样的东西，只是更快）；其中 `delta = grad_a * activations.slope(...)` 这一行就是 δ = (误差) ⊙ relu′(z)：

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

# %% [markdown] lang="zh" en="e0765b45596d"
# ### 练习 1：ReLU 的斜率
# 编写 `my_relu_prime(z)`：z > 0 处为 1，其余为 0（形状与 z 相同）。

# %%
def my_relu_prime(z):
    return np.ones_like(z)  # replace this line with your answer


exercises.check_relu_prime(my_relu_prime);

# %% [markdown]
# ### Exercise 2: find the dead units
# Write `my_dead_units(Z)`: given pre-activations `Z` of shape (samples, units), return
# one True/False per unit, True when the unit is dead (z ≤ 0 on every sample).

# %% [markdown] lang="zh" en="27043930d371"
# ### 练习 2：找出死亡单元
# 编写 `my_dead_units(Z)`：给定形状为 (样本数, 单元数) 的预激活值 `Z`，为每个单元返回一个 True/False；单元死亡（在每个样本上都有 z ≤ 0）时为 True。

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

# %% [markdown] lang="zh" en="a4df599c276f"
# ## 3. 一层一层地死去
#
# 换一个更深的 ReLU 网络 `[7, 10, 2]`，用原回答的 sin/cos 数据训练，其余仍沿用原问题的选择（没有偏置，权重取自 U(−1, 1)，代价求和）。`History.dead_fraction` 记录了每一轮中各层死亡单元所占的比例。

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

# %% [markdown] lang="zh" en="dbdb8013df00"
# （轮数坐标在第 1 轮之后取对数刻度，好让最初几轮有足够的宽度，因为一切都发生在这几轮里。）在 lr = 0.001 时，隐藏层（粗线）的死亡单元从 10 个中的 1 个，到第 2 轮增加到全部 10 个；输出层（虚线，画在粗线上面）也在同一轮死亡：网络变成了一个常数。在 lr = 0.0003 时，10 个隐藏单元中有 8 个、两个输出单元中有一个在 20 轮之内死亡，而且再也没有复活。其实一开始，10 个隐藏单元中就已经有 1 个是死的：没有偏置，输入又都在 (0, 1) 之间，一个 7 个权重全为负的单元对任何输入都无法激活。从 U(−1, 1) 中抽取的每个权重为负的概率是 1/2，彼此独立，所以 7 个全为负的概率是 (1/2)⁷ = 1/128：随机种子 0 运气不好，十个单元里恰好抽到了一个这样的单元。

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

# %% [markdown] lang="zh" en="dec3be94bfa7"
# ## 4. 什么能让单元复活，什么只能防止死亡
#
# 拿第 1 节中停滞的 `[7, 2]` 网络，把它现在的权重（单元已全部死亡）复制到几个新网络里，每个网络只在一个方面与原网络不同。用合理的步长训练每个网络（代价求平均，lr 0.5；笔记本 02 表明这时的界限约为 1.1），看看单元能否复活。其中两个变体加上了可训练的偏置：一个让偏置从 0 开始，另一个手动把偏置**设**为 0.5。

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
    h, dead = revived[name], revived[name].dead_fraction[-1, 0]   # NaN: the layer cannot die
    print(f"{name:24s} dead at the end: {'cannot die' if np.isnan(dead) else f'{dead:.0%}'}   "
          f"cost {h.cost[0]:.3f} -> {h.cost[-1]:.3f}")

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
#   again at once. But that is us editing the parameters, not training. What a positive bias
#   *init* really does is **prevent** death at the start: it keeps units on for more
#   samples before the first step (the answer's advice, notebook 04).
# - **A linear output layer** does not revive the dead ReLU units: it **replaces** them.
#   The output units' ReLU becomes the identity, which has no flat part and no kink, so
#   nothing is left to die: `dead_fraction` records NaN for such a layer, not a share. It trains.
#
# Why does the linear output start at a cost of 17.986 when the other variants start between
# 0.338 and 0.373? They all start from the same dead weights, whose pre-activations z are
# negative on every sample (−4.9 and −1.7 on average for the two outputs). A ReLU output
# turns those into 0, and outputting 0 costs ½ × mean of (y₁² + y₂²) = 0.338 (about
# ½ × 2 × 1/3 for targets in (0, 1)); a leak of 0.01 outputs 1% of z, a little below 0, and
# starts a little higher (0.373). The identity outputs z itself, far below the targets, so its
# first error is much larger: 17.986. Its cost then falls below everyone else's.

# %% [markdown] lang="zh" en="27e36913db14"
# - **ReLU** 仍然停滞：梯度为零，正如第 2 节所说。
# - **Leaky ReLU**（带泄漏 ReLU）把平坦的部分换成一个小斜率，所以“死亡”的单元仍然能得到梯度，只是缩小为原来的 `leak` 倍。leak 为 0.01 时，两个单元在大约 200 轮后都复活了。用原回答的 leak 1e-4，梯度要小 10,000 倍，1000 轮内看不出任何变化：这么小的泄漏几乎没有帮助。
# - **可训练的偏置不能让死亡单元复活。** 偏置的梯度是 δ 对所有样本的和，而死亡单元在每个样本上的 δ 都是 0：从 0 开始的偏置一直停在 0，单元也一直是死的。
# - **设为 0.5 的偏置**把每个样本的 z 都往上抬，两个单元中的一个立刻重新激活。但这是我们在手动修改参数，不是训练。正的偏置*初始值*真正的作用是在开始时**防止**死亡：它让更多样本在第一步之前就处于激活状态（这是原回答的建议，见笔记本 04）。
# - **线性输出层**并没有让死亡的 ReLU 单元复活，而是**取代**了它们。输出单元的 ReLU 换成了恒等函数，它既没有平坦的部分，也没有折点，也就没有什么可以死的了：对这样的层，`dead_fraction` 记录的是 NaN，而不是一个比例。这个网络能训练。
#
# 为什么线性输出的代价从 17.986 开始，而其他变体的起点都在 0.338 到 0.373 之间？它们都从同一组让单元死亡的权重出发，这组权重的预激活值 z 在每个样本上都是负的（两个输出的平均值分别为 −4.9 和 −1.7）。ReLU 输出把它们都变成 0，而输出 0 的代价是 (y₁² + y₂²) 的平均值的 ½，即 0.338（目标在 (0, 1) 之间时约为 ½ × 2 × 1/3）；泄漏为 0.01 时输出的是 z 的 1%，略低于 0，所以起点稍高一些（0.373）。恒等函数直接输出 z，远低于目标值，所以它一开始的误差大得多：17.986。不过它的代价随后降得比其他所有变体都低。

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
assert np.isnan(dead_end["linear output"])                              # an identity layer cannot die
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
# The answer's rewrite uses two of the three ideas, a leak and biases: leaky ReLU with LEAK = 1e-4 on
# **every** layer (the output too), biases drawn from U(0, 1), lr 1e-5 with the summed
# cost, `[7, 10, 2]`. It trains on some seeds and not on others (notebook 04 counts them
# over 20 seeds). On weight seed 16 it does not: one output unit is dead in the ReLU sense
# from the very first epoch (its pre-activation is negative for every sample at the
# initial weights). With a leak it still gets a gradient, but LEAK = 1e-4 makes it 10,000
# times smaller than an active unit's: almost nothing. The cost barely moves. This is the
# run the explorer starts from, drawn as a static figure:

# %% [markdown] lang="zh" en="d518ba189332"
# ## 5. 实时探索：原回答自己的网络
#
# 原回答重写的网络用了三种思路中的两种，即泄漏和偏置：在**每一**层（包括输出层）都用 LEAK = 1e-4 的 Leaky ReLU，偏置取自 U(0, 1)，lr 1e-5 配合求和的代价，网络为 `[7, 10, 2]`。它在一些随机种子上能训练，在另一些上不能（笔记本 04 在 20 个随机种子上做了统计）。在权重随机种子 16 上它就训练不起来：一个输出单元从第一轮起就是 ReLU 意义上的死亡单元（在初始权重下，它的预激活值在每个样本上都是负的）。有了泄漏，它仍然能得到梯度，但 LEAK = 1e-4 让这个梯度比激活单元的小 10,000 倍：几乎等于没有。代价几乎不动。探索器就从这次运行开始，下面先把它画成静态图：

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
# never falls below 17,000, a drop of 4% in 2000 epochs. Half of seed 16's output layer
# (one unit of two) stays below zero for all 2000 epochs.

# %% [markdown] lang="zh" en="ebc1db09a2b5"
# 在对数坐标上，差别一目了然：随机种子 0 从大约 3900（第 0 轮的空心圆；大部分下降来自第一步）降到 7，而随机种子 16 始终没有低于 17,000，2000 轮里只下降了 4%。随机种子 16 的输出层有一半（两个单元中的一个）在全部 2000 轮中都停留在零以下。

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

# %% [markdown] lang="zh" en="066ce700b6c2"
# **先预测。** 下面的探索器从那个卡住的随机种子开始。在动任何滑块之前，先写下你对以下每项改动的预期，以及理由：
# - LEAK 从 1e-4 调到 0.01；
# - LEAK 调到 0（即普通的 ReLU）；
# - `bias init`（偏置初始化）从 U(0,1) 改为 0.1，或改为 none（不用偏置）；
# - lr 增大十倍。
#
# （输出层的激活函数不在这些控件中；笔记本 04 会切换它。）

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

# %% [markdown] lang="zh" en="54d57a4c0d0e"
# ## 小结
# - 如果一个 ReLU 单元的预激活值在每个样本上都 ≤ 0，它就死了。这时它的梯度恰好为 0，梯度下降永远无法让它复活；输出层整层死亡时，代价就停滞在“输出恒为零”对应的代价上。
# - 原问题的步长太大（代价求和），四次更新之内就把两个输出单元都推过了零；其中更忙、梯度更大的那个单元只用了一次更新。在更深的网络里，整层单元会在几轮之内死亡。
# - 能让死亡单元复活的，是一个大到足以起作用的泄漏（0.01，而不是 1e-4）。**线性输出层**并没有让输出单元的 ReLU 复活，而是用恒等函数取代了它，恒等函数不会死亡。可训练的偏置没有帮助：它的梯度同样是 0。正的偏置*初始值*只能在开始时防止死亡。
# - 单元之所以会这样死亡，是因为输入全都 ≥ 0：这时一个权重向量就能让 z 在每个样本上都 < 0。如果输入经过标准化、有正有负，总有一些 z 保持为正，同样过大的步长就会让 ReLU 网络的代价溢出，而不是停滞（笔记本 01）。
# - 原回答重写的网络在某些随机种子上仍会死亡（这里是随机种子 16）：它的泄漏太小，输出层又用的是 Leaky ReLU。

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

# %% [markdown] lang="zh" en="70fcd323ca14"
# ## 检验你的理解
# 请根据本笔记本作答；检查器会告诉你哪些答案是对的，并对其余答案给出提示（答案在末尾的“参考答案”中）。
# 1. 从 0 开始的可训练偏置**为什么**不能让死亡单元复活？请给出字母：
#    (a) 它的梯度是 δ 对所有样本的和，而 δ = 误差 × relu′(z) 在死亡单元的每个样本上都是 0，所以偏置永远不会动；
#    (b) nnlib 不训练偏置；
#    (c) 值为 0 的偏置对 z 没有影响。
# 2. 一个本笔记本没有展示过的层：ReLU 单元有 **3** 个输入，都在 (0, 1) 之间，权重取自 U(−1, 1)，没有偏置。在任何训练之前，一个单元就已经死亡的概率是多少？（一个 0 到 1 之间的数。）
# 3. `"bias from 0"`、`"leak 0.01"` 和 `"leak 1e-4"` 中，哪一个能通过训练让死亡单元复活？

# %%
exercises.check_understanding_03(
    None,   # 1. a letter, in quotes
    None,   # 2. a number between 0 and 1
    None);  # 3. a name, in quotes

# %% [markdown]
# **Next:** [04 The fixes](04_the_fixes.ipynb): every fix, one at a time, over 20 seeds.

# %% [markdown] lang="zh" en="a7cd2f6499ad"
# **下一个笔记本：** [04 修复方法](04_the_fixes.ipynb)：逐一试验每种修复方法，每种都在 20 个随机种子上运行。

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% [markdown] lang="zh" en="29adbcc6ece6" tags=["solution"]
# ---
# ## 参考答案（剧透）
# 下面各单元格的代码在 JupyterLab 中是折叠的，点击折叠条即可展开。

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
