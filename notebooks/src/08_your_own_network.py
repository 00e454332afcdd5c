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

# %% [markdown] lang="zh" en="cf0e8edfb977"
# # 08 · 你自己的网络：请诊断器来看看
#
# 前面几个笔记本诊断的都是本课程自己的网络。可你手里有自己的网络，是用纯 NumPy 写的；学完本课程，你还会写出更多。`nnlib.doctor`（诊断器）直接检查**你原封不动的代码**：用 `doctor.watch()` 把训练循环包起来，记录下代价，它就会指出第一个出问题的数（是哪个运算、在哪一行），然后说明代价曲线反映了什么问题，给出具体的数字和应当首先尝试的修复。从任何打印输出里复制下来的一串损失值，它也能读。
#
# **在本笔记本中，你将：**
# 1. 把原问题的代码当作你自己的代码，请诊断器检查：第一次溢出、它所在的行、增长倍数，以及仅凭曲线得出的最大稳定学习率；然后换成 ReLU，这时代价不再爆炸，而是停滞；
# 2. 用它检查一个健康的小批量循环：其中有一半的更新会让代价上升；
# 3. 交给它一串从打印输出中复制来的损失值；
# 4. 学会读它的报告，并检验你自己的梯度；
# 5. 看清仅凭代价曲线分辨不了什么（学习率过小和死亡单元看起来一样），并让 `doctor.examine` 先在你的循环上试验各种修复，再给出建议；
# 6. 在三个循环里各找出一个故意埋下的错误，每个都配有检查器和提示。

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

# %% [markdown] lang="zh" en="47f2eb805805"
# ## 1. 把原问题的代码当作你的代码
#
# 原问题的网络，换成线性激活函数：只有一层的 `[7, 2]`，权重取自 U(−1, 1)，没有偏置，代价对 N = 1000 个样本**求和**，lr = 0.01。这是你的单元格：循环是你的，一字未改，只是放进了 `with doctor.watch(...) as w:` 里面，再加上一行 `w.log(cost)`，把每一步的代价交给诊断器。关键字参数写的是你对这次运行所知道的情况（每个都可以省略）。

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
# been logged), in this notebook cell, line 6, the cost line: the errors Y − out have grown
# past 1e154, and their squares pass the largest float, 1.8e308. The weights themselves stay
# finite (about 1e246 after 200 updates): only the squares overflow, on every later update
# too (77 overflows in all). Nothing in your code changed: the doctor only listened to
# NumPy's floating-point errors.
#
# Then the **diagnosis**, from the logged costs alone. The cost grew about 293-fold per
# update on its way to the overflow, and 292-fold over its first rises, which is where the
# doctor reads the limit (two stretches of one run, nearly equal). For gradient descent near a minimum,
# the error along the steepest direction is multiplied by |1 − lr λ_max| each update, and
# the cost by its square, so lr λ_max ≈ 1 + √292 ≈ 18.1, and the largest stable lr is
# 2 lr / 18.1 ≈ 0.0011. Notebook 02 computed that limit from the data, 2 / λ_max(XᵀX): the
# curve alone gives the same number to within 1%. And since you said the cost is summed
# over N = 1000 samples, it says what the mean cost would give: steps 1000 times smaller,
# lr λ_max ≈ 18.1 / 1000 ≈ 0.018, well inside the stable range (below 2).

# %% [markdown] lang="zh" en="b958316d2fe9"
# 从上往下读。最上面是**第一个出问题的数**：第 124 步的一次溢出（此前已经记录了 124 个代价），位置是这个笔记本单元格的第 6 行，也就是计算代价的那一行：误差 Y − out 已经超过 1e154，它们的平方超出了浮点数的最大值 1.8e308。权重本身仍然是有限值（200 次更新后约为 1e246）：溢出的只是平方，而且此后每次更新都会溢出（一共 77 次）。你的代码没有任何改动：诊断器只是在监听 NumPy 的浮点错误。
#
# 接下来是**诊断**，它只依据记录下来的代价。在冲向溢出的途中，代价每次更新增长约 293 倍；在最初几次上升中增长 292 倍，诊断器就是从这几次上升读出界限的（这是同一次运行的两段，数值几乎相同）。在极小值附近做梯度下降时，每次更新都会把沿最陡方向的误差乘以 |1 − lr λ_max|，把代价乘以它的平方，所以 lr λ_max ≈ 1 + √292 ≈ 18.1，最大稳定学习率是 2 lr / 18.1 ≈ 0.0011。笔记本 02 直接从数据算出过这个界限，即 2 / λ_max(XᵀX)；仅凭曲线得到的是同一个数，两者相差不到 1%。而且，既然你说明了代价是对 N = 1000 个样本求和的，它还会告诉你改用平均代价的结果：步长小 1000 倍，lr λ_max ≈ 18.1 / 1000 ≈ 0.018，稳稳落在稳定范围之内（低于 2）。

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
assert d.kind == "diverging" and set(d.action) == {"reduction", "lr"} and d.action["reduction"] == "mean"
assert round(d.evidence["mean_lr_times_lambda"], 3) == 0.018

# %% [markdown]
# Your loop ran on after the overflow with a cost of inf, which is why the doctor keeps
# only the *first* bad operation and counts the rest.
#
# **Try first** says what to change, and `d.action` says it as settings: the mean, *and the
# lr that goes with it*. The mean divides every step by N = 1000, so at the same lr the run
# would crawl (lr λ_max ≈ 0.018: stable, a thousand times below the limit). The action's lr
# is N times a quarter of the largest stable summed lr, about 0.28: the steps a summed run
# would take well inside its limit, lr λ_max ≈ 0.5. (A quarter, not a half: the curvature a
# net meets later can exceed the one read at the start.) Here is your loop with that change,
# the gradient divided by N:

# %% [markdown] lang="zh" en="0a2b91557d46"
# 溢出之后，你的循环照样往下跑，代价一直是 inf；正因如此，诊断器只保留*第一个*出问题的运算，其余的只计数。
#
# **先试**后面说明该改什么，`d.action` 则把它写成设置：改用平均代价，*以及与之相配的 lr*。平均代价把每一步都除以 N = 1000，所以 lr 不变的话，运行会慢得像爬（lr λ_max ≈ 0.018：稳定，但离界限还差一千倍）。action 里的 lr 是“最大稳定求和 lr 的四分之一”再乘以 N，约为 0.28：相当于一个求和运行在界限以内稳稳地走，lr λ_max ≈ 0.5。（取四分之一而不是一半，是因为网络后来遇到的曲率可能比开头读出的更大。）下面是做了这处改动的循环，梯度除以 N：

# %%
lr = d.action["lr"]
print(f"lr {lr:.2f}, lr x lambda_max of the mean cost {lr * (1 + np.sqrt(growth)) / (0.01 * 1000):.2f}")
assert round(lr, 2) == 0.28 and round(lr * (1 + np.sqrt(growth)) / (0.01 * 1000), 1) == 0.5
W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
with doctor.watch(lr=lr, n_samples=1000, reduction="mean", batch_size=None) as fixed:
    for i in range(200):
        out = X @ W
        cost = 0.5 * np.sum((Y - out) ** 2) / 1000      # the mean over the samples
        W = W - lr * X.T @ (out - Y) / 1000
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

# %% [markdown] lang="zh" en="bcec930a1a0f"
# ### 同样的代码换成 ReLU：它停滞了
#
# 原问题的另一半：用 ReLU（输出层也用）时，网络“怎么也训练不动”。这里没有任何溢出，所以“第一个出问题的数”那部分无话可说；这时有用的是给 `w.log` 多传一个参数：`activations=[z]`，即 ReLU 层的输入，这样诊断器就能看到哪些单元在每个样本上都 <= 0。

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
# are dead, so no gradient flows and no lr can revive them. The doctor blames the push:
# the summed cost makes each step 1000 times the mean cost's, so its action is again the
# mean with its lr. This time no growth gives a limit, so the lr is N times the summed lr
# cut 30-fold (such jumps come from an lr tens of times too large): 1000 × 0.01 / 30 ≈ 0.33.
# With it, the same loop loses no unit and its cost falls on every update:

# %% [markdown] lang="zh" en="715d22a2807b"
# 代价在头两次更新中下降（从 318 降到 306），随后上升，从第 4 次更新起就再也没有动过：338.3，恰好是 0.5 · Σ y²，也就是一个输出恒为 0 的网络的代价。两个输出单元都死了，所以没有梯度流过，lr 取多大都救不活它们。诊断器归咎于把它们推过零点的那一步：求和代价让每一步都是平均代价下的 1000 倍，所以它的 `action` 同样是平均代价加上相配的 lr。这一次代价没有持续增长，读不出界限，于是把求和时的 lr 缩小 30 倍（这样的跳升通常来自大了几十倍的 lr），再乘以 N：1000 × 0.01 / 30 ≈ 0.33。用它之后，同样的循环一个单元也没有死，代价每次更新都在下降：

# %%
frozen_at = 0.5 * np.sum(Y ** 2)
d = relu.diagnosis
assert [round(x) for x in relu.costs[:3]] == [318, 312, 306] and round(frozen_at, 1) == 338.3
assert d.kind == "dead" and d.evidence["dead_since"] == 4 and relu.first_error is None
assert relu.costs[3] > relu.costs[2] and np.all(np.array(relu.costs[4:]) == frozen_at)
assert d.action["reduction"] == "mean" and round(d.action["lr"], 2) == 0.33 and "N = 1000" in d.message
assert d.action["lr"] == 1000 * 0.01 / nnlib.diagnosis.diverging.BLIND_CUT == 1000 * 0.01 / 30

# %%
W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
lr = d.action["lr"]
with doctor.watch(lr=lr, n_samples=1000, reduction="mean", batch_size=None) as relu_mean:
    for i in range(200):
        z = X @ W
        out = np.maximum(z, 0)
        relu_mean.log(0.5 * np.sum((Y - out) ** 2) / 1000, activations=[z])
        W = W - lr * X.T @ ((out - Y) * (z > 0)) / 1000
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

# %% [markdown] lang="zh" en="b27f361aecc1"
# ## 2. 一个健康的小批量循环
#
# 现在换成本课程修复后的网络：`[7, 10, 2]`，泄漏系数 0.01 的 Leaky ReLU（带泄漏 ReLU），线性输出，He 初始化，偏置 0.1，平均代价；并像大多数代码那样训练它：小批量大小为 50，lr 0.05，训练 50 轮，记录每个小批量的代价。这个循环同样是你的；只有前向传播和反向传播借用了 `nnlib.Network`。

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
# *raise* it: each batch holds different samples of the data, and a batch that happens to be
# hard costs more. Counting rises would call this run oscillating. The doctor instead
# splits the run into twenty windows and reads the **trend** (each window's median) and the
# **noise band** around it: the trend fell about 150-fold and settled, and the noise is
# about 26% of the cost, steady. That is sampling noise, not a problem. A run that
# oscillates is one whose trend rises again, or whose noise band grows.
#
# Why does the trend start at 0.76 when the first batch cost 21? The first window holds
# the first 50 batches, and only 15 of them cost 1 or more (the plunge from 21): the
# median of the window sees the run after its plunge, as a median should.

# %% [markdown] lang="zh" en="02d54245d5d4"
# 每个小批量的代价从约 21 降到了 0.01 以下，可是大约一半的更新（49%）反而*抬高*了它：每个小批量装的是数据中不同的样本，碰巧难一些的小批量，代价就高一些。如果只数上升的次数，这次运行就会被判为振荡。诊断器的做法是把运行分成二十个窗口，读出**趋势**（每个窗口的中位数）和趋势周围的**噪声带**：趋势下降了约 150 倍并趋于平稳，噪声约为代价的 26%，而且保持不变。这是采样噪声，不是问题。真正振荡的运行，要么趋势重新上升，要么噪声带越来越宽。
#
# 第一个小批量的代价是 21，趋势为什么从 0.76 开始？第一个窗口包含前 50 个小批量，其中代价不低于 1 的只有 15 个（就是从 21 急速下降的那一段）：窗口的中位数反映的是急降之后的情形，这正是中位数该起的作用。

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

# %% [markdown] lang="zh" en="a6295e0b9fb1"
# ## 3. 从打印输出中抄下的一串损失值
#
# 手头没有代码，只有一次运行打印出来的东西？把损失值复制到一个列表里就行。下面是一次全批量运行，lr = 0.1，每次更新打印一次；诊断器知道的只有这个列表和 lr，它还会说明哪些东西它没法检查。

# %%
printed = [1.93, 4.81, 27.6, 165, 1010, 6110, 37000, 2.2e5, 1.36e6]
from_printout = nnlib.diagnose(printed, lr=0.1)
print(from_printout)
print("action:", from_printout.action)

# %% [markdown]
# Over the whole list the loss grows about 5.4-fold per update; over its first rises, where
# the stable lr is read, 5.7-fold, so lr λ_max ≈ 1 + √5.7 ≈ 3.4 and the largest stable lr
# is about 0.059; the fix to try first takes a quarter of that. It also says
# what it was not given: whether the cost is summed (a summed cost grows with N) and the
# batch size (it judged the list as a curve of unknown batch).

# %% [markdown] lang="zh" en="38f1780e1fa9"
# 在整个列表上，损失每次更新增长约 5.4 倍；在最初几次上升中（最大稳定学习率就是从这里读出的）增长 5.7 倍，所以 lr λ_max ≈ 1 + √5.7 ≈ 3.4，最大稳定学习率约为 0.059；建议首先尝试的修复是把 lr 设为它的四分之一。它还说明了自己没有拿到哪些信息：代价是不是求和的（求和的代价随 N 增长），以及批量大小（它把这个列表当作一条批量大小未知的曲线来判断）。

# %%
ev = from_printout.evidence
assert from_printout.kind == "diverging" and round(ev["early_growth"], 1) == 5.7
assert round(ev["growth_per_step"], 1) == 5.4
assert round(1 + np.sqrt(ev["early_growth"]), 1) == 3.4 and round(ev["stable_lr"], 3) == 0.059
assert from_printout.action == {"lr": ev["stable_lr"] / 4}
not_given = ("reduction and n_samples (a summed cost grows with N)",                  # in the language in use
             "batch_size (None for full batch; judged from the curve's noise)")
assert all(nnlib.i18n._(m) in from_printout.message for m in not_given)

# %% [markdown]
# A loss that sits exactly still is another story: a zero gradient, not a small lr. A
# classifier whose loss stays at ln 2 = 0.6931 for every epoch gives both classes
# probability 1/2 on every sample, whatever the input: its hidden units all output the
# same, because they are dead or because the weights all started at 0. The doctor
# recognises ln 2 (and ln 10 for ten classes), and its fix is random weights scaled to
# the fan-in with small positive biases.

# %% [markdown] lang="zh" en="079e3121196f"
# 损失如果纹丝不动，就是另一回事了：原因是梯度为零，而不是 lr 太小。一个分类器的损失如果每一轮都停在 ln 2 = 0.6931，那它在每个样本上都给两个类别各 1/2 的概率，无论输入是什么：它的隐藏单元输出全都一样，要么因为它们死了，要么因为权重全都从 0 开始。诊断器认得 ln 2（十个类别时是 ln 10），它给出的修复是按输入个数（fan-in）缩放的随机权重，加上较小的正偏置。

# %%
stuck = nnlib.diagnose([0.6931] * 30)
print(stuck)
assert stuck.kind == "dead" and round(np.log(2), 4) == 0.6931
assert stuck.evidence["frozen_since"] == 0 and stuck.evidence["frozen_share"] == 1  # frozen flat: a zero gradient
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

# %% [markdown] lang="zh" en="24b057569a33"
# ## 4. 怎样读报告
#
# `print(w)` 按以下顺序给出：
#
# | 部分 | 它告诉你什么 |
# | --- | --- |
# | **第一个出问题的数** | 你的代码中第一个浮点错误：*溢出*（overflow：某个数超过 1.8e308，变成了 inf）、*无效值*（invalid：inf − inf、0/0、inf × 0，结果是 NaN）或 *除以零*（divide：x / 0）；所在的文件（在笔记本里是“笔记本单元格”）、行号和这一行的源代码，以及**第几步**：在它之前你已经记录了多少个代价。先看这里：从它往后，所有计算都是在拿 inf 和 NaN 做运算。 |
# | bad operations in all（出错运算总数） | 后面又出了多少次错，按类型统计 |
# | **诊断** | *发散*（diverging）、*死亡*（dead）、*止步*（stalled：代价停在了半路，要么几乎不动，要么停在常数猜测的代价上或附近，没学到多少东西）、*振荡*（oscillating）、*缓慢*（slow）、*收敛*（converging）之一，并附上支持它的数字：每次更新的增长倍数，以及由此得出的最大稳定学习率；代价停滞时，从哪一次更新开始停滞；小批量时，趋势和噪声带；代价从第一次更新起就在上升时，提醒你检查更新的符号是否写反 |
# | **先试** | 在做其他任何改动之前，先做的那一处改动；`w.diagnosis.action` 把它写成设置，例如 `{"lr": 0.0005}`、`{"reduction": "mean"}`、`{"output_activation": "identity"}` |
# | **certainty**（确定程度） | `w.diagnosis.certainty`：**"sure"**（确定：某个数溢出了，或者你记录的死亡比例表明了这一点）、**"likely"**（很可能：从曲线的形状读出）、**"can't tell"**（无法判断：有几种原因都符合这些代价，诊断信息会告诉你还要记录什么才能把它们区分开） |
# | **未给出** | 你没有传入、因而无法检查的内容（lr、reduction 和 n_samples、batch_size、死亡比例） |
#
# 这些修复是经过检验的：`benchmarks/doctor_accuracy.py` 在 nnlib 之外构造了一组有毛病的运行（纯 NumPy、scikit-learn、原问题的代码），对每次运行应用一次它的 `action`，重新运行，再统计其中有多少变得健康。
#
# 如果你手头还有更多信息，`w.log` 也都能接收：`weights=[W1, W2]`（每一步更新量与权重大小之比，约 1e-3 算健康）、`activations=[Z1, Z2]`（只传 ReLU 层的输入或输出：在每个样本上都 <= 0 的单元就是死的；softmax 或线性输出不要传，它们的值可能全都 <= 0，却没有任何单元死亡），以及 `gradients=[dW1, dW2]`，输出层放在最后（用来发现在反向传回第一层的途中消失的梯度）。
#
# **你的反向传播对吗？** `doctor.check_gradients(cost_fn, grad_fn, params)` 直接用你自己的函数，把你的梯度与中心差分（笔记本 05）的结果相比较：

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
# layer of 16, a squared error, full batch) both end far from a fit: one has an lr 100 times too
# small, the other starts every hidden unit dead (biases of −3). The yardstick is what a
# **constant guess** costs: predicting the targets' mean for every sample costs half
# their variance per sample. Give the doctor `loss="squared"` and your `targets=` (or, for
# a classifier, `loss="cross_entropy"` and `n_classes=`: cross-entropy is the mean over the
# samples of −ln p, p the probability the net gives the right class, so a constant guess
# of 1/C for each of C classes costs ln C), and it compares the end of the curve with it.

# %% [markdown] lang="zh" en="44fc7294d931"
# ## 5. 仅凭代价分辨不了的情况，以及 `doctor.examine`
#
# 代价平稳了，不等于拟合好了。下面是你的两个循环（一个有 16 个单元的 ReLU 隐藏层，平方误差，全批量），两者最终都离拟合很远：一个的 lr 比合适的值小了 100 倍，另一个一开始每个隐藏单元都是死的（偏置为 −3）。衡量它们的标尺是**常数猜测**的代价：对每个样本都预测目标的均值，每个样本的代价就是目标方差的一半。把 `loss="squared"` 和你的 `targets=` 交给诊断器（对分类器则是 `loss="cross_entropy"` 和 `n_classes=`：交叉熵是 −ln p 对样本的平均，p 是网络给正确类别的概率，所以给 C 个类别各猜 1/C 的常数猜测，代价是 ln C），它就会拿曲线的末端和这把标尺相比。

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
# the mean, but **the shapes differ**. The tiny-lr run's fall is spread over the whole run:
# its first tenth made only 14% of it, and its last tenth still 7%. That is the start of a
# healthy curve, stretched out, so the doctor names it **stalled** (it stopped short of a
# fit) with certainty **likely**, and raises the lr 50-fold: how much larger it needs
# cannot be read from the curve, and 50 is a middle guess (applied once, the run ends at
# 0.12 times the constant guess). The dead run fell at the start (its output layer learned
# the mean) and then stopped, and dead units, saturated sigmoid or tanh units and badly
# scaled inputs all give such a curve. For it the doctor says **stalled** with certainty
# **"can't tell"**, names what to log to tell the causes apart (the share of dead units,
# `w.log(cost, activations=[z])`, and each layer's gradient norm), and gives as its action
# **the usual recipe**, which rules all of those causes out at once: standardized inputs,
# leaky ReLU with He init and zero biases, and an lr of 0.02-0.1 per sample (here your
# 0.05). The run it replaces learned nothing, so there is no fit to lose. This loop exposes
# only `bias_init`, `standardize` and `lr` of those; applied once, they end at 0.10 times
# the constant guess.
#
# When you can rerun your loop, let the doctor try the fixes instead of guessing. Wrap
# your loop as `train(settings, steps) -> costs`, where `settings` is a dict of what your
# code exposes, and call `doctor.examine(train, settings)`. It makes at most 20 short runs:
# your settings first, then each candidate fix (the mean cost, standardized inputs, fresh
# biases and He init, leaky ReLU; only the keys your settings expose), each with its own lr
# search (an lr 10 times larger each run, then one halving of the gap on a log scale),
# started where that fix puts the scale of the steps. A trial **worked** when all three
# hold: (1) its costs are all finite, (2) they never rose past 10 times its first cost nor
# ended above 1.2 times it, and (3) they ended (the median of the last fifth) below 0.3
# times the constant guess's. A trial that fails (1) or (2) is **unstable**, however low it
# ended: a test on the costs, not on a verdict. Stable is not good: when your settings are
# stable but none of their trials worked, it also tries them at a tenth and a hundredth of
# the lr (a run can bounce without blowing up), and when they learned nothing at any lr it
# tries the fixes that revive units before the others. Each fix gets a cautious lr: at most
# a fifth of the smallest lr that was too large (unstable, or ending higher than a smaller
# lr), the smallest that ended within 2 times the best, since a longer run can still blow
# up near the edge. The `action` is the fix that worked best: the first whose cautious
# trial ended within 2 times the best fix's, not merely the first that passed the bar.

# %% [markdown] lang="zh" en="c90a53e4b227"
# 死亡单元的那次运行在虚线稍下方变平，停在常数猜测代价（0.351）的 0.95 倍处。lr 过小的那次运行还在缓慢下降：从 0.40 降到 0.246（常数猜测的 0.70 倍），在最后 30 次更新中仍下降了 4%。两者学到的东西都没比均值多出多少，但**曲线的形状不同**。lr 过小的那次，下降分散在整个运行里：前十分之一只贡献了 14%，最后十分之一仍有 7%。这正是一条健康曲线的开头被拉长了，所以诊断器判它为**止步**（stalled：没拟合好就停下了），确定程度为 **likely**（很可能），并把 lr 提高 50 倍：到底需要大多少，从曲线上读不出来，50 是个居中的猜测（应用一次之后，运行最终停在常数猜测的 0.12 倍）。死亡单元的那次，代价在开头降了一段（输出层学到了均值），然后就停了；死亡单元、饱和的 sigmoid 或 tanh 单元、尺度没调好的输入，都会给出这样的曲线。对这次运行，诊断器的结论是**止步**，确定程度为 **"can't tell"**（无法判断），同时指出要记录什么才能把这些原因区分开（死亡单元的比例，即 `w.log(cost, activations=[z])`，以及每一层的梯度范数）。它给出的 `action` 是**常用的配方**，一次就能排除所有这些原因：标准化的输入、Leaky ReLU 配合 He 初始化和零偏置，以及按每个样本计 0.02-0.1 的 lr（这里就是你的 0.05）。被替换的那次运行什么也没学到，所以推倒重来也没有什么拟合可丢。这个循环在这些设置里只提供 `bias_init`、`standardize` 和 `lr`；应用一次之后，运行最终停在常数猜测的 0.10 倍。
#
# 如果你能重新运行自己的循环，就让诊断器去试验各种修复，而不要靠猜。把你的循环包装成 `train(settings, steps) -> costs`，其中 `settings` 是一个字典，装着你的代码允许调整的设置，然后调用 `doctor.examine(train, settings)`。它最多做 20 次短运行：先试你的设置，再试每个候选修复（平均代价、标准化的输入、重新设定偏置并用 He 初始化、Leaky ReLU；只试你的设置里有的键）。每个修复都单独搜索 lr（每次把 lr 放大 10 倍，然后在对数刻度上把区间对半分一次），起点放在这个修复给步长定下的尺度上。一次试验要同时满足以下三条，才算**奏效**（worked）：(1) 它的代价全都是有限值；(2) 从未超过其第一个代价的 10 倍，最终也没有高于它的 1.2 倍；(3) 最终值（最后五分之一的中位数）低于常数猜测代价的 0.3 倍。不满足 (1) 或 (2) 的试验算作**不稳定**（unstable），不管它最后降得多低：这个检验看的是代价本身，而不是某个诊断结论。稳定并不等于好：如果你的设置是稳定的，但它的试验没有一次奏效，诊断器还会在 lr 的十分之一和百分之一处再试（一次运行可能来回振荡而不爆炸）；如果它在任何 lr 下都什么也没学到，诊断器就先试能让单元复活的修复，再试其他修复。每个修复都配一个稳妥的 lr：不超过“过大”的 lr 中最小那个的五分之一（过大指不稳定，或者最终比某个更小的 lr 还高），在其中取最终值在最佳值 2 倍以内的最小 lr，因为更长的运行在边缘附近仍可能爆炸。`action` 是效果最好的修复：它的稳妥试验最终值在所有修复中最佳值的 2 倍以内、且排在最前的那个，而不只是第一个达标的修复。

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
# The costs could not say why the dead run stalled, and examine finds out; for the tiny lr
# it measures what the curve could only guess. For the tiny lr, the
# settings as given are stable up to about 300 times their lr (0.158, which ended at 0.035),
# and their cautious lr is 0.05, 100 times the lr given: 0.5 was unstable, and 0.05 ended
# at 0.047, within 2 times the best. That is not far below the bar, so standardizing and
# fresh biases were tried too, in 14 trials in all; their worked trials ended at 0.040 or
# above, not 2 times lower, so the action is lr 0.05 alone. For the dead net, raising the
# lr alone does not help (every stable run with the dead biases ends above half the
# constant guess, at a tenth and a hundredth of the lr too). Flat at every lr, the units
# are the likely cause, so fresh biases (`bias_init=0`, the only start your settings
# expose) come next, before standardizing; they work, standardizing does not, and after
# 15 trials the action is fresh biases with lr 0.05. Among those trials, lr 0.5 ended at
# 0.0495, lower than lr 0.05's 0.0515, yet it is "unstable" and the other "worked": on its
# way down it rose past 10 times its first cost (condition 2), so that lr is too close to
# the edge to trust. Applied once to the full run, each action ends at about 0.10 times
# the constant guess's cost.

# %% [markdown] lang="zh" en="4985cd3bc079"
# 代价说不出死亡网络为什么止步，examine 能查出来；对于 lr 过小的那次，它把曲线只能猜的东西量了出来。对于 lr 过小的那次，给定的设置在 lr 放大到原来的约 300 倍时仍然稳定（0.158，最终停在 0.035），它稳妥的 lr 是 0.05，是给定 lr 的 100 倍：0.5 不稳定，而 0.05 最终停在 0.047，在最佳值的 2 倍以内。这离达标线并不远，所以诊断器还试了标准化和重新设定偏置，一共试验了 14 次；它们奏效的试验最终都停在 0.040 或更高，没有低出 2 倍，所以 `action` 只是 lr 0.05。对于死亡的网络，单独提高 lr 没有用（偏置仍是死的那些稳定运行，最终都高于常数猜测代价的一半，在 lr 的十分之一和百分之一处也是如此）。它在任何 lr 下都是平的，最可能的原因是单元，所以接下来先试重新设定偏置（`bias_init=0`，这是你的设置里唯一能调的初始化项），再试标准化；前者管用，后者不管用，共试验了 15 次后，`action` 是重新设定偏置并取 lr 0.05。在这些试验中，lr 0.5 最终停在 0.0495，比 lr 0.05 的 0.0515 还低，可前者是“不稳定”，后者是“有效”：前者在下降途中曾升到第一个代价的 10 倍以上（违反条件 2），所以这个 lr 离稳定的边缘太近，不可信。把每个 `action` 应用到完整的运行上（只应用一次），最终的代价都约为常数猜测代价的 0.10 倍。

# %%
d_tiny, d_dead = verdicts["lr 100x too small"], verdicts["dead ReLUs"]
assert d_tiny.kind == "stalled" and d_tiny.certainty == "likely" and round(d_tiny.action["lr"] / tiny["lr"]) == 50
assert round(d_tiny.evidence["fall_first_tenth"], 2) == 0.14 and round(d_tiny.evidence["fall_last_tenth"], 2) == 0.07
assert round(planted.loop({**tiny, **d_tiny.action})[-1] / level, 2) == 0.12
assert d_dead.kind == "stalled" and d_dead.certainty == "can't tell" and "activations" in d_dead.fix
assert d_dead.action == {"standardize": True, "activation": "leaky_relu", "weight_init": "he", "bias_init": 0.0,
                         "lr": dead["lr"]} and dead["lr"] == 0.05
exposed = {k: v for k, v in d_dead.action.items() if k in dead}
assert set(exposed) == {"bias_init", "standardize", "lr"} and nnlib.diagnosis.diverging.STANDARD_LR == (0.02, 0.1)
assert round(planted.loop({**dead, **exposed})[-1] / level, 2) == 0.10
assert round(level, 3) == 0.351 and round(0.5 * Yp.var(), 3) == 0.351
assert round(runs["lr 100x too small"][-1] / level, 2) == 0.70 and round(runs["dead ReLUs"][-1] / level, 2) == 0.95
assert all(max(c) < 0.45 for c in runs.values())   # inside the figure's axis
r_tiny, r_dead = reports["lr 100x too small"], reports["dead ReLUs"]
assert len(r_tiny.trials) == 14 and set(r_tiny.action) == {"lr"} and round(r_tiny.action["lr"], 3) == 0.05
assert not next(t for t in r_tiny.trials if t.settings["lr"] == 0.5 and not t.settings["standardize"]
                and t.settings["bias_init"] == 0.1).stable
assert 250 < r_tiny.lr / tiny["lr"] < 350 and round(r_tiny.lr, 3) == 0.158
t_best, t_chosen = [next(t for t in r_tiny.trials if t.settings["lr"] == lr) for lr in (r_tiny.lr, 0.05)]
assert round(t_best.end, 3) == 0.035 and round(t_chosen.end, 3) == 0.047 and t_chosen.end <= 2 * t_best.end
others = [t.end for t in r_tiny.trials if t.worked and (t.settings["standardize"] or t.settings["bias_init"] == 0.0)]
assert round(min(others), 3) == 0.040 and min(others) > t_chosen.end / 2  # not 2 times lower
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
assert all(t.end > 0.5 * level or not t.stable for t in r_dead.trials if t.settings["bias_init"] == -3.0)
order = [t.settings["bias_init"] == 0.0 for t in r_dead.trials if t.settings["bias_init"] == 0.0 or t.settings["standardize"]]
assert order[0] and not order[-1]  # fresh biases before standardizing
assert not any(t.worked for t in r_dead.trials if t.settings["standardize"])
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

# %% [markdown] lang="zh" en="087ab2c86260"
# ## 6. 练习：三个埋了错误的循环
#
# `planted.loop(settings)` 是某位学习者写的循环（就是上面用过的那个），`planted.PLANTED[k]` 存放第 k 个循环的设置，每个都埋了一个错误。对每个循环：运行它，问问诊断器（`nnlib.diagnose` 或 `doctor.examine`），然后对它的设置给出一处**改动**，让它能训练起来，例如 `{"lr": 0.001}`。检查器会带着你的改动运行这个循环，如果代价最终是有限值，并且低于常数猜测代价的五分之一，就算通过；否则，它会针对你的尝试给出一条提示。这个循环可以调的是 `lr`、`reduction`、`bias_init` 和 `standardize`；`scale` 描述的是数据到手时的尺度，不是一项设置，所以检查器不接受它。把每个 `None` 换成你的答案。

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
# **One number from a rule.** For a summed cost the doctor says "use reduction='mean'" but gives no lr
# for the mean: you work it out. Take section 1's loop (summed over N = 1000 samples,
# lr = 0.01, the cost growing 292-fold per update). From lr λ_max ≈ 1 + √g, what is the
# largest stable lr once the cost is divided by N?

# %% [markdown] lang="zh" en="eeccbec47dfd"
# **按规则算出一个数。** 对求和的代价，诊断器说“改用 reduction='mean'”，却没有给出平均代价该用的 lr：得你自己算。取第 1 节的循环（对 N = 1000 个样本求和，lr = 0.01，代价每次更新增长 292 倍）。根据 lr λ_max ≈ 1 + √g，代价除以 N 之后，最大稳定学习率是多少？

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

# %% [markdown] lang="zh" en="be0dbac7e1d1"
# ### 检验你的理解
#
# 每道题都是本笔记本没有展示过的情形：请根据上面的规则推算。
#
# 1. 一次全批量运行在 lr = 0.001 时，代价每次更新增长 100 倍。最大稳定学习率是多少（一个数）？
# 2. 在一次小批量运行中，45% 的更新抬高了代价，而趋势（把运行均分成二十段后每段的中位数）一直在下降，噪声带保持不变。它是 (a) 振荡，(b) 采样噪声（不是问题），还是 (c) 发散？为什么？
# 3. 用交叉熵时，对于样本数均衡的 4 个类别，常数猜测每个样本的代价是多少？

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
#   constant guess costs. Costs alone cannot tell dead units, saturated units, a tiny
#   lr and badly scaled inputs apart: the doctor then says "can't tell", what to log, and
#   the usual recipe that rules them all out; `doctor.examine(train, settings)` tries the
#   fixes in at most 20 short runs.
#
# Now put your own loop in a cell, wrap it in `with doctor.watch() as w:`, add
# `w.log(cost)`, and `print(w)`. Back to the course map: [00 · Start here](00_start_here.ipynb);
# to play with the course's network instead: [07 · Playground](07_playground.ipynb).
# To choose the learning rate of your next network: [09 · Choosing a learning rate](09_choosing_a_learning_rate.ipynb).

# %% [markdown] lang="zh" en="48414bd1fd7b"
# ## 小结
#
# - 在你自己的循环外面套上 `with doctor.watch() as w:`，在循环里写 `w.log(cost)`，循环结束后 `print(w)`：报告先给出第一次溢出、无效值或除以零及其所在的行，再给出对记录下来的代价的诊断。你的结果不受影响，NumPy 的错误处理设置在结束后也会恢复原样。
# - 仅凭代价曲线：如果代价每次更新按 g 倍几何增长，就有 lr λ_max ≈ 1 + √g，最大稳定学习率约为 2 lr / (1 + √g)；代价完全平坦、纹丝不动，说明梯度为零（死亡单元），而不是 lr 太小。
# - 小批量的代价要看趋势和噪声带：稳定的噪声带之内的上升，是采样噪声。
# - `nnlib.diagnose(list_of_losses, lr=..., batch_size=...)` 能读任何打印输出；`d.action` 把修复写成设置；`doctor.check_gradients` 检验你的反向传播。
# - 有了 `loss=` 和 `targets=`（或 `n_classes=`），平稳下来的代价会与常数猜测的代价相比较。仅凭代价分辨不了死亡单元、饱和单元、过小的 lr 和尺度没调好的输入：这时诊断器会说 "can't tell"（无法判断），告诉你该记录什么，并给出能一次排除它们的常用的配方；`doctor.examine(train, settings)` 则会在最多 20 次短运行中试验各种修复。
#
# 现在，把你自己的循环放进一个单元格，用 `with doctor.watch() as w:` 包起来，加上 `w.log(cost)`，再 `print(w)`。回到课程地图：[00 · 从这里开始](00_start_here.ipynb)；想转而摆弄本课程的网络：[07 · 实验台](07_playground.ipynb)。为下一个网络选择学习率：[09 · 选择学习率](09_choosing_a_learning_rate.ipynb)。
