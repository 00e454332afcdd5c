# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 07 · The playground
#
# Every knob of the course in one place. It starts from the answer's own rewrite:
# `[7, 10, 2]`, leaky ReLU with LEAK = 1e-4 on every layer (output too), weights U(-1, 1),
# biases U(0, 1), the **summed** cost, lr = 1e-5, 2000 epochs on the sin/cos data with N = 1000.
# You can change the network itself too (add or remove hidden layers, pick their activation)
# and the data (the question's random targets), and see what the network computes (the fit
# panel) and how the gradient flows through each layer (the gradients panel).
#
# **Goals.** After this notebook you can make the cost run off to infinity, make it freeze,
# and fix both, and you can say which number told you so before you looked at the curve.
#
# **Reading this without a running kernel** (on GitHub, say)? The sliders need Python
# behind them, so each one is shown here as a still picture of what it draws, with the text
# it prints under the plot. To move them, open this notebook in JupyterLab and run all cells,
# or open the app (`make app`, or the Binder link in the README).

# %% [markdown] lang="zh" en="fd3951f25c78"
# # 07 · 实验台
#
# 课程里所有的旋钮都集中在这里。它从原回答自己改写的网络出发：`[7, 10, 2]`，每一层（包括输出层）都用 LEAK = 1e-4 的 Leaky ReLU（带泄漏 ReLU），权重取自 U(-1, 1)，偏置取自 U(0, 1)，**求和**的代价，lr = 1e-5，在 N = 1000 的 sin/cos 数据上训练 2000 轮。你还可以修改网络本身（增删隐藏层、选择它们的激活函数）和数据（换成原问题里的随机目标值），并在 fit（拟合）面板中查看网络算出了什么，在梯度面板中查看梯度如何流过每一层。
#
# **目标。** 学完本笔记本，你将能让代价冲向无穷大，也能让它停滞，还能把两者都修好；并且能说出，在看曲线之前，哪个数字就已经预示了结果。
#
# **在没有运行内核的地方阅读本页**（比如在 GitHub 上）？滑块要靠后台运行的 Python 才能工作，所以这里把每个滑块都换成一张静态图：图中是它会画出的内容，图下附上它会打印的文字。要拖动滑块，请在 JupyterLab 中打开本笔记本并运行所有单元格，或者打开应用（`make app`，或 README 中的 Binder 链接）。

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import io

import numpy as np
from IPython.display import Image
from matplotlib.figure import Figure

import nnlib
from nnlib import exercises, lrfind
from nnlib.live import controls, liverun, runlink, widgets

# %% [markdown]
# ## What you can change
#
# | control | what it sets |
# | --- | --- |
# | **lr** | the learning rate: the size of each gradient step (log slider, 1e-7 to 10) |
# | **LEAK** | the slope of a leaky ReLU for inputs below 0; **LEAK = 0 is the plain ReLU** (dies when its input stays ≤ 0) |
# | **bias init** | the starting biases: `none` (no bias terms at all), `0`, `0.1`, or `U(0,1)` (uniform between 0 and 1) |
# | **N samples** | how many samples of the sin/cos data the network trains on (10 to 100,000) |
# | **epochs** | how many full-batch gradient steps (10 to 10,000) |
# | **seed** | the random starting weights (0 to 19); the data stay the same |
# | **hidden** | the hidden layer sizes, typed: `10, 10` is the net `[7, 10, 10, 2]`; `none` is `[7, 2]`; up to 3 layers of 1 to 64 units (press Enter; a size out of range is a note under the plot) |
# | **hidden act.** | the hidden layers' activation: leaky ReLU, ReLU, `sigmoid`, `tanh`, or `identity` |
# | **data** | `sin/cos` (the answer's), `random targets` (the question's: targets unrelated to the inputs), or `sin/cos, standardised x` (each input shifted and scaled to mean 0, std 1) |
# | **cost** | `sum` adds the squared errors of all N samples (the question's cost), `mean` averages them |
# | **output** | the output layer's activation: leaky ReLU, ReLU, `identity` (linear: the output is z itself), `sigmoid`, or `tanh` |
# | **weights** | the starting weights: `uniform` U(-1, 1) (the question's), `he` N(0, 2 / fan-in), `xavier` N(0, 2 / (fan-in + fan-out)) |
# | **adaptive lr** | halve lr whenever an update raises the cost (the answer's rule, notebook 06) |
# | **optimizer** | plain gradient descent (`sgd`), `momentum`, `adam` (notebook 06), or `rmsprop` (each gradient divided by a running root mean square of the gradients, as Adam does, without its momentum) |
#
# Two of these need a word. **`sigmoid`**, the activation of the question's network that
# trained (notebooks 01 and 02), squashes z into 1 / (1 + e^(-z)), always between 0 and 1.
# Every target of our data is above 1, so a sigmoid output can never reach them: its cost
# settles, high (`tanh`, its cousin between -1 and 1, cannot either). **`xavier`**
# (Glorot's init), new here, scales the starting weights to the number of units on both sides of a
# layer (variance 2 / (fan-in + fan-out)), which suits sigmoid and linear units; `he` scales
# them to the inputs only (variance 2 / fan-in), which suits ReLU units, about half of which
# are off at any time.
#
# | panel | what it shows |
# | --- | --- |
# | **cost** (log scale) | the cost after each epoch; a red × marks the epoch where it overflowed to infinity |
# | **dead units per layer** | the share of each layer's units whose input is ≤ 0 on every sample (they pass no gradient back); 1 means the whole layer is dead |
# | **stability** | lr × λ_max against the limit 2, where λ_max is the cost's steepest curvature at the **initial** weights (notebook 02): green below 2, red above |
# | **fit** | the trained net's prediction against the target, for 300 fixed samples and each output; on the dashed line y = x the net learned the function; a flat row is a constant (the targets' mean, or 0 if the output is dead) |
# | **gradient norm per layer** | the size of each layer's gradient after each epoch (log scale): a layer decades below the others is starved (vanishing), lines that climb are exploding |
# | under the figure | the diagnosis in words (one of *diverging*, *dead*, *stalled*, *oscillating*, *slow*, *converging*) with the first thing to try, then any note |
#
# Work is bounded so that the plot answers at once: N × epochs × weights (biases counted) is
# capped (the run stops early and the note says so). For the answer's net, with its 102
# weights and biases, that is 10⁷ (ten million) samples × epochs (the cap printed below, divided by
# 102); the largest net, `64, 64, 64`, has 8,962 and gets 1 epoch at N = 100,000. λ_max is
# estimated on at most 3,000 samples:

# %% [markdown] lang="zh" en="4120b6babb9b"
# ## 你可以改变什么
#
# | 控件 | 它设定什么 |
# | --- | --- |
# | **lr** | 学习率：每一步梯度下降的步长（对数滑块，1e-7 到 10） |
# | **LEAK** | Leaky ReLU 在输入小于 0 时的斜率；**LEAK = 0 就是普通 ReLU**（输入一直 ≤ 0 时它会死亡） |
# | **bias init**（偏置初始化） | 偏置的初始值：`none`（完全没有偏置项）、`0`、`0.1` 或 `U(0,1)`（0 到 1 之间的均匀分布） |
# | **N samples**（样本数 N） | 网络在多少个 sin/cos 数据样本上训练（10 到 100,000） |
# | **epochs**（轮数） | 做多少步全批量梯度下降（10 到 10,000） |
# | **seed**（随机种子） | 决定随机的初始权重（0 到 19）；数据保持不变 |
# | **hidden**（隐藏层） | 隐藏层的大小，手动输入：`10, 10` 表示网络 `[7, 10, 10, 2]`；`none` 表示 `[7, 2]`；最多 3 层，每层 1 到 64 个单元（输入后按 Enter；超出范围的大小会在图下给出提示） |
# | **hidden act.**（隐藏层激活函数） | 隐藏层的激活函数：Leaky ReLU、ReLU、`sigmoid`、`tanh` 或 `identity` |
# | **data**（数据） | `sin/cos`（原回答的数据）、`random targets`（原问题的数据：目标值与输入无关）或 `sin/cos, standardised x`（把每个输入平移、缩放到均值 0、标准差 1） |
# | **cost**（代价） | `sum` 把全部 N 个样本的平方误差相加（原问题的代价），`mean` 则取它们的平均 |
# | **output**（输出层） | 输出层的激活函数：Leaky ReLU、ReLU、`identity`（线性：输出就是 z 本身）、`sigmoid` 或 `tanh` |
# | **weights**（权重） | 初始权重：`uniform` U(-1, 1)（原问题的做法）、`he` N(0, 2 / fan-in)、`xavier` N(0, 2 / (fan-in + fan-out)) |
# | **adaptive lr**（自适应学习率） | 只要一步更新使代价上升，就把 lr 减半（原回答的规则，笔记本 06） |
# | **optimizer**（优化器） | 普通梯度下降（`sgd`）、`momentum`（动量）、`adam`（笔记本 06），或 `rmsprop`（和 Adam 一样，把每个梯度除以梯度平方的滑动平均的平方根，但不带动量） |
#
# 其中两项需要多说一句。**`sigmoid`** 是原问题中那个能训练的网络所用的激活函数（笔记本 01 和 02），它把 z 压缩成 1 / (1 + e^(-z))，结果总在 0 与 1 之间。我们数据的每个目标值都大于 1，所以 sigmoid 输出永远够不着它们：代价会停在一个较高的值上（它的近亲 `tanh` 取值在 -1 与 1 之间，同样够不着）。**`xavier`**（Glorot 初始化）是这里新出现的，它按一层两侧的单元数来缩放初始权重（方差为 2 / (fan-in + fan-out)），适合 sigmoid 单元和线性单元；`he` 只按输入的个数来缩放（方差为 2 / fan-in），适合 ReLU 单元，因为任何时刻都约有一半的 ReLU 单元处于关闭状态。
#
# | 面板 | 显示什么 |
# | --- | --- |
# | **cost**（代价，对数坐标） | 每轮之后的代价；红色 × 标出代价溢出为无穷大的那一轮 |
# | **dead units per layer**（每层的死亡单元） | 每层中对所有样本的输入都 ≤ 0 的单元所占的比例（它们传不回任何梯度）；1 表示整层都死了 |
# | **stability**（稳定性） | lr × λ_max 与界限 2 的对比，其中 λ_max 是代价在**初始**权重处最陡方向上的曲率（笔记本 02）：低于 2 为绿色，高于则为红色 |
# | **fit**（拟合） | 对 300 个固定样本的每个输出，画出训练后网络的预测值与目标值的对比；点落在虚线 y = x 上，说明网络学会了这个函数；一排水平的点表示输出是常数（目标值的均值，或者输出单元死亡时的 0） |
# | **gradient norm per layer**（每层的梯度范数，下文简称梯度面板） | 每轮之后各层梯度的大小（对数坐标）：比其他层低几个数量级的层得不到梯度（梯度消失），不断攀升的线则是梯度爆炸 |
# | 图的下方 | 用文字写出的诊断（*diverging* 发散、*dead* 死亡、*stalled* 止步、*oscillating* 振荡、*slow* 缓慢、*converging* 收敛，六者之一），以及首先该尝试的做法，然后是提示（如果有的话） |
#
# 为了让图能立刻给出结果，计算量是有限制的：N × 轮数 × 权重数（偏置也计在内）有一个上限（超过时运行会提前停止，提示中会说明）。原回答的网络有 102 个权重和偏置，对它来说，上限相当于 10⁷ 个“样本 × 轮”（即下面打印的上限除以 102）；最大的网络 `64, 64, 64` 有 8,962 个，在 N = 100,000 时只能训练 1 轮。λ_max 最多在 3,000 个样本上估计：

# %%
lr_slider, n_slider = controls.make_control("lr", 1e-5), controls.make_control("n", 1000)
assert len(controls.CONTROLS) == 14 and (lr_slider.min, lr_slider.max) == (-7, 1)  # 1e-7 to 10
assert (n_slider.options[0][1], n_slider.options[-1][1]) == (10, 100_000)
biggest = liverun.DEFAULT.replace(sizes=(7, 64, 64, 64, 2), n=100_000, epochs=10_000)
assert liverun.n_params(liverun.DEFAULT.sizes) == 102 and liverun.MAX_PARAMS == 8962
assert liverun.WORK_CAP == 102 * 10_000_000 and liverun.capped_epochs(biggest)[0] == 1
assert liverun.CURVATURE_SAMPLES == 3_000
print(f"N x epochs x weights: at most {liverun.WORK_CAP:,}, so {liverun.WORK_CAP // 102:,} N x epochs for 102 weights")
print(f"lambda_max: on at most {liverun.CURVATURE_SAMPLES:,} samples")
assert liverun.data(liverun.DEFAULT)[1].min() > 1  # every target is above 1 (the sigmoid's ceiling)

# %% [markdown]
# ## The default settings, without a kernel
#
# This picture is what the playground shows before you touch it (the same code, run once),
# with the text it prints under its plot.

# %% [markdown] lang="zh" en="400ddfc7156a"
# ## 没有内核时看到的默认设置
#
# 下面这张图就是你动手之前实验台显示的样子（同样的代码，运行了一次），图下附有它打印的文字。

# %%
default = liverun.run(liverun.DEFAULT)
widgets.static(default)

# %% [markdown]
# With these settings the network trains: the cost falls from 3,880 (the hollow circle at
# the left is epoch 0; one update brings it to 2,660) to about 7, no unit dies, and
# lr × λ_max = 0.2 is far below 2. The diagnosis still says *slow*: lr is about ten times
# below the largest stable one, and the caption's *median update* (how far one update moves
# the weights, relative to their size) is 0.00012, where about 0.001 is
# healthy (a rule of thumb from Stanford's CS231n course; notebook 09, section 4, measures
# where it holds and where it misleads). In the fit panel the points of both outputs lie close to the line y = x (off by
# 0.04 and 0.08 on average): the net has learned the function. The two layers' gradients
# shrink together as the cost falls, 465-fold and 1,324-fold.

# %% [markdown] lang="zh" en="0dc5c7aecd53"
# 在这些设置下，网络能训练起来：代价从 3,880 降到约 7（左端的空心圆是第 0 轮；一步更新就把它降到 2,660），没有单元死亡，lr × λ_max = 0.2 远低于 2。诊断却仍然说 *slow*（缓慢）：lr 只有最大稳定学习率的十分之一左右；图注（图下方的文字）中的 *median update*（更新量中位数：一步更新让权重移动的幅度，与权重本身大小之比）是 0.00012，而健康的值约为 0.001（这是斯坦福 CS231n 课程的一条经验法则；笔记本 09 的第 4 节测量了它在哪里成立、在哪里误导人）。在 fit 面板中，两个输出的点都紧贴直线 y = x（平均偏差分别为 0.04 和 0.08）：网络学会了这个函数。随着代价下降，两层的梯度一起缩小，分别缩小了 465 倍和 1,324 倍。

# %%
h = default.history
assert h.status == "ok" and round(h.cost[0], -1) == 3880 and round(h.cost[1], -1) == 2660 and round(h.cost[-1]) == 7
assert round(float(default.diagnosis.evidence["median_update_ratio"]), 5) == 0.00012
assert (h.dead_fraction[-1] == 0).all() and round(default.ratio, 1) == 0.2
assert default.diagnosis.kind == "slow" and round(2 / default.ratio) == 10
targets, predictions = default.fit
off = np.abs(predictions - targets).mean(axis=0)
shrink = h.grad_norm[0] / h.grad_norm[-1]
print(f"cost {h.cost[0]:.0f} -> {h.cost[1]:.0f} -> ... -> {h.cost[-1]:.1f}; fit off by {np.round(off, 2)}; gradients shrank {np.round(shrink)}-fold")
assert np.array_equal(np.round(off, 2), [0.04, 0.08]) and np.array_equal(np.round(shrink), [465, 1324])

# %% [markdown]
# ## Change the network itself
#
# Three still pictures of what the new controls and panels show, before you try them.
#
# **A deeper net with sigmoid units: vanishing gradients.** Three hidden layers of 10
# `sigmoid` units (typed `10, 10, 10`), with the settings of the fixed network at the end of
# this notebook (mean cost, linear output, He init, biases 0.1, lr 0.05). He init suits ReLU
# units rather than sigmoid ones; it is kept so that only the activation changes (set
# **weights** to `xavier` and see for yourself). A sigmoid passes back at most a quarter of
# the gradient it gets, so each layer back from the output gets less:

# %% [markdown] lang="zh" en="516ae9c8740c"
# ## 修改网络本身
#
# 在你亲自动手之前，先用三张静态图看看新控件和新面板会显示什么。
#
# **更深的网络配 sigmoid 单元：梯度消失。** 三个隐藏层，每层 10 个 `sigmoid` 单元（输入 `10, 10, 10`），其余设置与本笔记本末尾修复后的网络相同（求平均的代价，线性输出，He 初始化，偏置 0.1，lr 0.05）。He 初始化适合的是 ReLU 单元而不是 sigmoid 单元；这里保留它，是为了只改变激活函数这一项（把 **weights** 设为 `xavier`，自己看看结果）。sigmoid 最多只把它收到的梯度的四分之一传回去，所以从输出层往回，每一层得到的梯度都更少：

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1",
             lr=0.05)
deep = liverun.run(liverun.DEFAULT.replace(sizes=(7, 10, 10, 10, 2), activation="sigmoid", **fixed))
widgets.static(deep, panels=("fit", "gradients"))

# %%
g0 = deep.history.grad_norm[0]
t_deep, p_deep = deep.fit
print(f"first epoch's gradient norms, hidden 1 to output: {np.round(g0, 2)}; output / hidden 1: {g0[-1] / g0[0]:.0f}")
assert deep.diagnosis.kind in ("converging", "slow") and "dead_share" not in deep.diagnosis.evidence  # no unit called dead
print(f"spread (std) of the predictions {np.round(p_deep.std(axis=0), 2)}, of the targets {np.round(t_deep.std(axis=0), 2)}")
assert np.all(np.diff(g0) > 0) and round(g0[-1] / g0[0]) == 56
assert (p_deep.std(axis=0) < 0.05).all() and np.allclose(t_deep.std(axis=0), [0.63, 0.35], atol=0.005)

# %% [markdown]
# At the first epoch the first hidden layer's gradient is 56 times smaller than the
# output layer's, and each layer in between sits lower than the one after it. On a
# 2,000-epoch panel that is one column of pixels; here are epochs 0 to 30, close up:

# %% [markdown] lang="zh" en="b8ed98bd13c0"
# 第一轮时，输出层的梯度是第一个隐藏层的 56 倍，中间每一层的梯度也都比它后面那一层的小。在 2,000 轮的面板上，这只占一列像素；下面是第 0 到 30 轮的特写：

# %%
g_deep = deep.history.grad_norm
fig = Figure(figsize=(6, 2.6), layout="constrained")  # a still picture, not a live widget
ax = fig.add_subplot(yscale="log", xlabel="epoch", ylabel="gradient norm", title="sigmoid 10, 10, 10: epochs 0 to 30")
for l, name in enumerate(["hidden 1", "hidden 2", "hidden 3", "output"]):
    ax.plot(np.arange(31), g_deep[:31, l], ".-", ms=3, label=name)
ax.legend(fontsize=8, ncol=4)
png = io.BytesIO()
fig.savefig(png, format="png")
Image(png.getvalue())

# %%
gap = g_deep[:, -1] / g_deep[:, 0]                      # output over hidden 1
ordered = np.all(np.diff(g_deep, axis=1) > 0, axis=1)   # each layer below the one after it
late = g_deep[50:]
spread = (late.max(1) / late.min(1)).max()              # the largest ratio of top to bottom line
print(f"ordered in epochs 0-19: {ordered[:20].all()}; output / hidden 1 at epochs 0, 1, 20: {np.round(gap[[0, 1, 20]], 1)}")
print(f"from epoch 50: lines within {spread:.1f}x, hidden 1 on top in {(late[:, 0] == late.max(1)).mean():.0%} of epochs")
assert ordered[:20].all() and not ordered[20] and round(gap[:20].max()) == 91 and round(gap[20]) == 4
assert abs(spread - 2.1) < 0.05 and (late[:, 0] == late.max(1)).mean() > 0.98
assert round(g_deep[-1].max() / g_deep[50].max(), 1) == 2.1 and round(deep.history.cost[20], 2) == 0.27
_, Y_deep = liverun.data(deep.settings)
mean_cost = 0.5 * np.mean(np.sum((Y_deep - Y_deep.mean(axis=0)) ** 2, axis=1))   # predicting each mean
c_deep = deep.history.cost
leaky_deep = liverun.trained(deep.settings.replace(activation="leaky_relu")).run().cost
print(f"mean's cost {mean_cost:.3f}; cost at epochs 0, 20, end: {c_deep[0]:.1f}, {c_deep[20]:.3f}, {c_deep[-1]:.3f}; leaky ReLU: {leaky_deep[-1]:.3f}")
assert round(mean_cost, 3) == 0.273 and round(c_deep[0]) == 25 and abs(c_deep[20] / mean_cost - 1) < 0.01
# float32 runs of 2000 epochs: tolerances, not pinned digits
assert abs(c_deep[-1] - 0.249) < 0.002 and abs(1 - c_deep[-1] / mean_cost - 0.09) < 0.01 and abs(leaky_deep[-1] - 0.007) < 0.001

# %% [markdown]
# For twenty epochs every layer sits below the one after it, the first hidden layer up to
# 91 times below the output's, while the cost falls from 25 to 0.27. Then the gap closes:
# from epoch 50 on, the four lines lie within a factor of 2.1 of each other, hidden 1 on top
# in almost every epoch, and they rise only about twofold over the rest of the run. That slow
# drift is not exploding gradients, which grow by orders of magnitude (below).
#
# What did the net learn? After 2000 epochs the fit panel shows a flat row, the predictions'
# standard deviation under 0.05 (the targets': 0.63 and 0.35): the mean of each output and
# little else. The cost says when that happened. Predicting each output's mean costs 0.273
# here (half the targets' variances, summed). By epoch 20, while the gradients were still
# unbalanced, the cost had already fallen from 25 to 0.273; in the 1,980 epochs after, with
# balanced gradients, it fell only to 0.249, 9% below the mean's cost. So the net learned the
# mean early and then stalled near it. That the early, vanishing gradients *caused* the stall
# is our hypothesis, not something this run proves: it shows only that the stall began while
# they vanished and outlasted them (saturated sigmoid units, or a step too small for a flat
# stretch of the cost, could hold it there too). The same depth with leaky ReLU learns the
# function, to a cost of 0.007 (try it: **hidden act.** to leaky ReLU). No unit is counted dead here: a sigmoid unit whose input is below 0
# still passes a gradient back, so it cannot die.
#
# **The question's own data: random targets.** Its targets are random numbers, unrelated to
# the inputs, so there is nothing to learn but their mean. The fixed network on them:

# %% [markdown] lang="zh" en="082353b9d3e1"
# 在前二十轮里，每一层的梯度都比它后面那一层的小，输出层的梯度最多达到第一个隐藏层的 91 倍，同时代价从 25 降到 0.27。之后差距缩小：从第 50 轮起，四条线彼此相差不到 2.1 倍，几乎每一轮都是隐藏层 1 在最上面；在余下的运行中，这些线只升高到原来的两倍左右。这种缓慢的漂移不是梯度爆炸，梯度爆炸是按数量级增长的（见下文）。
#
# 网络学到了什么？2000 轮之后，fit 面板显示一排水平的点，预测值的标准差不到 0.05（目标值的标准差是 0.63 和 0.35）：网络学到的是每个输出的均值，此外几乎什么也没学到。代价能告诉我们这是什么时候发生的。在这里，用每个输出的均值作预测，代价是 0.273（目标值各方差之和的一半）。到第 20 轮，各层梯度还相差悬殊时，代价就已经从 25 降到了 0.273；之后的 1,980 轮里，各层梯度已经相当，代价却只降到 0.249，仅比均值的代价低 9%。所以网络很早就学会了均值，然后就停滞在它附近。至于是早期的梯度消失*导致*了停滞，这只是我们的假设，这次运行证明不了：它只表明停滞开始于梯度消失的时候，并且在梯度不再消失之后仍在持续（饱和的 sigmoid 单元，或者步长太小、走不出代价的一段平坦区域，同样可能让它停在那里）。同样的深度换成 Leaky ReLU 就能学会这个函数，代价降到 0.007（试试看：把 **hidden act.** 设为 leaky ReLU）。这里没有单元被算作死亡：sigmoid 单元的输入即使小于 0，也仍会把梯度传回去，所以它不会死。
#
# **原问题自己的数据：随机目标值。** 它的目标值是随机数，与输入无关，所以除了它们的均值，没有什么可学的。下面是修复后的网络在这组数据上的表现：

# %%
rand = liverun.run(liverun.DEFAULT.replace(data="random_targets", **fixed))
widgets.static(rand, panels=("cost", "fit"))

# %%
t_rand, p_rand = rand.fit
print(f"final cost {rand.history.cost[-1]:.4f} (1/12 = {1 / 12:.4f}); predictions' spread {np.round(p_rand.std(axis=0), 2)}, "
      f"targets' {np.round(t_rand.std(axis=0), 2)}")
assert round(rand.history.cost[-1], 3) == round(1 / 12, 3) and rand.diagnosis.kind == "converging"
assert (p_rand.std(axis=0) < 0.05).all() and np.array_equal(np.round(t_rand.std(axis=0), 2), [0.30, 0.28])
assert np.allclose(p_rand.mean(axis=0), 0.5, atol=0.05)
assert nnlib.i18n._("a bigger model or more epochs") in rand.diagnosis.fix   # in the language in use

# %% [markdown]
# The diagnosis says *converging*, and the cost did settle: at 0.083, which is 1/12. That is
# exactly what predicting the mean costs here: each target is uniform between 0 and 1, with
# variance 1/12, and the cost is half the squared error summed over the two outputs, averaged
# over the samples: ½ × 2 outputs × 1/12 = 1/12. The fit panel shows why: every prediction
# sits near 0.5 (standard deviation under 0.05, against the targets' 0.30 and 0.28). A
# converging cost only says the net stopped improving; the fit panel says what it learned.
# The caption's advice, a bigger model or more epochs, cannot help here: there is nothing
# in these inputs to learn, and 1/12 is the best any model can do on new samples.
#
# **Exploding gradients.** The gradients panel of the run that overflows (linear output,
# LEAK 0.01, lr 1e-3, the answer's summed cost), 10 epochs so that the first ones show:
# every layer's gradient grows by orders of magnitude each epoch, until the cost overflows.
# Here lr × λ_max = 20.4, ten times the limit 2; the caption says the same thing the other
# way round: lr is 10.2 times the critical lr 2 / λ_max. Its epoch 0 is 3,900, not the
# default's 3,880: a linear output and LEAK 0.01 make a slightly different starting net
# from the same weights (the default's leaky ReLUs scale negative inputs by 1e-4).

# %% [markdown] lang="zh" en="b53906b212d8"
# 诊断说 *converging*（收敛），代价也确实稳定下来了：停在 0.083，也就是 1/12。这恰好是这里用均值作预测的代价：每个目标值都在 0 与 1 之间均匀分布，方差为 1/12，而代价是两个输出的平方误差之和的一半，再对样本求平均：½ × 2 个输出 × 1/12 = 1/12。fit 面板说明了原因：每个预测值都在 0.5 附近（预测值的标准差不到 0.05，而目标值的标准差是 0.30 和 0.28）。代价收敛只说明网络不再进步了；它学到了什么，要看 fit 面板。图注建议的“更大的模型或更多轮数”在这里帮不上忙：这些输入里根本没有可学的东西，在新样本上，任何模型最好也只能做到 1/12。
#
# **梯度爆炸。** 下面是一次会溢出的运行（线性输出，LEAK 0.01，lr 1e-3，原回答的求和代价）的梯度面板，只训练 10 轮，好让最初几轮看得清楚：每一层的梯度每轮都增长几个数量级，直到代价溢出。这里 lr × λ_max = 20.4，是界限 2 的十倍；图注换了个说法讲同一件事：lr 是临界学习率 2 / λ_max 的 10.2 倍。它第 0 轮的代价是 3,900，而不是默认设置的 3,880：同样的权重，配上线性输出和 LEAK 0.01，构成的初始网络略有不同（默认设置中的 Leaky ReLU 把负输入乘以 1e-4）。

# %%
boom = liverun.run(liverun.DEFAULT.replace(output_activation="identity", leak=0.01, lr=1e-3, epochs=10))
widgets.static(boom, panels=("cost", "gradients"))

# %%
g_boom = boom.history.grad_norm
growth = g_boom[boom.history.diverged_at - 1] / g_boom[0]
print(f"overflow at epoch {boom.history.diverged_at}; gradient norms grew {growth.min():.1e} to {growth.max():.1e}-fold before it")
assert boom.history.diverged_at == 4 and (growth > 1e10).all() and (g_boom[1:4] / g_boom[:3] > 10).all()
print(f"lr x lambda_max = {boom.ratio:.1f}, lr / critical lr = {boom.ratio / 2:.1f}; epoch 0: {boom.history.cost[0]:.0f} (default {default.history.cost[0]:.0f})")
over_limit = f"{boom.diagnosis.evidence['lr_over_critical']:.3g}"   # the message's "10.2 times the critical lr"
assert round(boom.ratio, 1) == 20.4 and round(boom.ratio / 2, 1) == 10.2 and over_limit == "10.2" and over_limit in boom.diagnosis.message
assert round(boom.history.cost[0], -2) == 3900 and round(default.history.cost[0], -1) == 3880
assert abs(boom.diagnosis.evidence["growth_per_step"] / 7.62e7 - 1) < 0.01 and round((boom.ratio - 1) ** 2) == 376

# %% [markdown]
# Why the cost grows 7.62e7-fold per update when 02's rule predicts (20.4 − 1)² ≈ 376:
# λ_max grows with the weights, so each step lands where the cost is far steeper than where
# it started; measured before each of the first three updates, lr × λ_max is 20.4, then 639,
# then 2,258 (notebook 09, section 2, takes these updates apart).

# %% [markdown] lang="zh" en="6be2c068d41c"
# 笔记本 02 的规则预测代价每步更新增长 (20.4 − 1)² ≈ 376 倍，实际却每步增长 7.62e7 倍，为什么？因为 λ_max 随权重一起增长，每一步都落到了比出发点陡峭得多的地方：在前三步更新之前分别测量，lr × λ_max 依次是 20.4、639 和 2,258（笔记本 09 的第 2 节会把这几步更新拆开来细看）。

# %%
X_boom, Y_boom = liverun.data(boom.settings)
_, lam_boom, _ = lrfind.sharpness(boom.settings.network(), X_boom, Y_boom, 1e-3, epochs=3,
                                  every=1, reduction="sum")
ratio_boom = 1e-3 * lam_boom[:3]                 # lr x lambda_max before updates 1, 2, 3
print("lr x lambda_max before updates 1, 2, 3:", np.round(ratio_boom, 1))
assert round(ratio_boom[0], 1) == 20.4 and abs(ratio_boom[1] / 639 - 1) < 0.01 and abs(ratio_boom[2] / 2258 - 1) < 0.01

# %% [markdown]
# **Standardised inputs.** The data choice `sin/cos, standardised x` shifts and scales each
# input to mean 0 and standard deviation 1. That changes λ_max, but only a little here, and
# it is no cure for the summed cost: with the default settings otherwise, lr × λ_max goes
# from 0.20 to 0.18, and the cost ends at 24 instead of 7.

# %% [markdown] lang="zh" en="b370a80cce93"
# **标准化的输入。** 数据选项 `sin/cos, standardised x` 把每个输入平移、缩放到均值为 0、标准差为 1。这会改变 λ_max，但在这里改变不大，而且它治不了求和代价的问题：其余保持默认设置，lr × λ_max 从 0.20 变为 0.18，代价最终停在 24，而不是 7。

# %%
std_x = liverun.run(liverun.DEFAULT.replace(data="sincos_standardized"))
print(f"lr x lambda_max {default.ratio:.2f} -> {std_x.ratio:.2f}; final cost {default.history.cost[-1]:.1f} -> {std_x.history.cost[-1]:.1f}")
assert round(default.ratio, 2) == 0.20 and round(std_x.ratio, 2) == 0.18
assert round(std_x.history.cost[-1]) == 24 and round(default.history.cost[-1]) == 7

# %% [markdown]
# After notebook 04's advice to standardise, a worse end is a surprise, so look closer. It is
# a matter of speed, not of where the run can go. Both runs are still falling when they stop:
# the default lr is ten times below its limit, and the diagnosis says *slow* for both. Give
# them five times the lr (lr × λ_max still below 2) and both end at about 4.5 (4.48, and 4.51
# standardised), a little below what the best straight line with a bias costs on these data
# (4.56). On the way the standardised run is behind. The cost splits exactly into two parts:
# the error of the output's mean (N × ½ the squared distance between the outputs' mean and
# the targets' mean) plus the variation around the mean, which is what the fit is about. The
# table below gives both parts after one update: the standardised run has the mean nearly
# right already, but its variation part is the larger.

# %% [markdown] lang="zh" en="5dea84d37e1d"
# 笔记本 04 建议做标准化，结果却更差，这令人意外，所以我们仔细看一看。问题出在速度上，而不在于运行最终能到达哪里。两次运行结束时代价都还在下降：默认的 lr 只有界限的十分之一，诊断对两者都说 *slow*。把 lr 调大到五倍（lr × λ_max 仍低于 2），两者最终都停在约 4.5（4.48，标准化的是 4.51），略低于这组数据上带偏置的最佳直线的代价（4.56）。在下降的途中，标准化的那次运行落在后面。代价可以恰好分成两部分：输出均值的误差（N × ½ × 输出均值与目标均值之间距离的平方），加上围绕均值的变化，后者正是拟合要解决的部分。下表给出一步更新之后的这两部分：标准化的运行已经几乎把均值学对了，但它的变化部分更大。

# %%
faster = {d: liverun.trained(liverun.DEFAULT.replace(data=d, lr=5e-5)).run() for d in ("sincos", "sincos_standardized")}
X_std, Y_std = liverun.data(std_x.settings)
A_std = np.column_stack([X_std, np.ones(len(X_std))])
line_cost = 0.5 * np.sum((A_std @ np.linalg.lstsq(A_std, Y_std, rcond=None)[0] - Y_std) ** 2)
print({d: round(float(h.cost[-1]), 2) for d, h in faster.items()}, f"straight line {line_cost:.2f}")
assert np.allclose([h.cost[-1] for h in faster.values()], [4.48, 4.51], atol=0.01)   # the prose's 4.48, 4.51
assert all(h.status == "ok" and 4.4 < h.cost[-1] < 4.6 for h in faster.values()) and round(line_cost, 2) == 4.56
assert all(liverun.stability(liverun.DEFAULT.replace(data=d, lr=5e-5))[0] < 2 for d in faster)
assert all(h.cost[-1] < line_cost for h in faster.values())
assert default.diagnosis.kind == std_x.diagnosis.kind == "slow"
assert all(r.history.cost[-101] > 1.01 * r.history.cost[-1] for r in (default, std_x))   # still falling at the end


# %%
def cost_parts(data, epochs=1):
    """(cost, mean part, variation part) after `epochs` updates; the two parts add up to the cost."""
    spec = liverun.DEFAULT.replace(data=data, epochs=epochs)
    net = spec.network()
    hist = spec.run(net=net)
    Xd, Yd = spec.arrays()
    E = net.predict(Xd) - Yd                                   # (N, 2) errors
    mean_part = 0.5 * len(Xd) * np.sum(E.mean(axis=0) ** 2)
    return hist.cost[-1], mean_part, 0.5 * np.sum((E - E.mean(axis=0)) ** 2)


parts = {d: cost_parts(d) for d in faster}
names = {"sincos": "sin/cos", "sincos_standardized": "sin/cos, standardised x"}
print("after one update           cost  =  mean part  +  variation part")
for d, (c, m, v) in parts.items():
    print(f"{names[d]:24s} {c:6.0f}  = {m:8.0f}   + {v:8.0f}")
assert all(abs(m + v - c) < 1e-3 * c for c, m, v in parts.values())
assert np.allclose(parts["sincos"], (2658, 2095, 563), rtol=0.02)
assert np.allclose(parts["sincos_standardized"], (3550, 659, 2891), rtol=0.02)

# %% [markdown]
# Why is the variation learned more slowly? Make the hidden layer linear (**hidden act.**
# `identity`) and standardising speeds the same run up a great deal (below: a cost of 7.3
# after 100 updates, against 257). That is not the point notebook 04 made (a smaller λ_max,
# so a larger safe lr): it is the other end of the curvature. Each update shrinks the error
# along a direction of curvature λ by the factor (1 − lr × λ), 02's rule read for any
# direction, not only the steepest; where lr × λ is tiny that factor is close to 1 and the
# error in that direction hardly moves. **A small λ means slow.** On the raw U(0, 1) inputs
# every direction but the steepest has a λ per sample of about 1/12 (0.07 to 0.10, the
# inputs' variance); standardised, every direction has about 1 (0.85 to 1.15). So at the same
# lr the directions that carry the variation learn about 12 times faster (1 against 1/12).
# With leaky ReLU hidden units the gain is lost: a unit bends where its input crosses 0, and
# on centred inputs that bend runs through the middle of the data; how exactly that slows the
# fit, this course does not take apart.

# %% [markdown] lang="zh" en="29320fd1c1d6"
# 为什么变化部分学得更慢？把隐藏层改成线性的（**hidden act.** 设为 `identity`），标准化就会让同一次运行快很多（见下文：100 步更新后代价为 7.3，不标准化则是 257）。这和笔记本 04 讲的不是一回事（更小的 λ_max，因而可以用更大的安全 lr）：这里是曲率的另一端。沿曲率为 λ 的方向，每一步更新都把误差乘以 (1 − lr × λ)，这就是笔记本 02 的规则，只不过用在任意方向上，而不只是最陡的方向；lr × λ 很小时，这个因子接近 1，误差在这个方向上几乎不动。**λ 小就意味着慢。** 在原始的 U(0, 1) 输入上，除最陡方向之外，每个方向的单样本 λ 都约为 1/12（0.07 到 0.10，即输入的方差）；标准化之后，每个方向都约为 1（0.85 到 1.15）。所以在同样的 lr 下，承载变化部分的那些方向学得快约 12 倍（1 比 1/12）。隐藏单元换成 Leaky ReLU 后，这个好处就没了：单元在其输入穿过 0 的地方弯折，而在中心化的输入上，弯折处正好穿过数据的中间；它究竟怎样拖慢了拟合，本课程不再深入分析。

# %%
X_of = {d: liverun.data(liverun.DEFAULT.replace(data=d))[0] for d in faster}
eig = {d: np.linalg.eigvalsh(Xd.T @ Xd / len(Xd)) for d, Xd in X_of.items()}   # per sample, ascending
for d, e in eig.items():
    print(f"eigenvalues of X^T X / N, {names[d]}: {np.round(e, 2)}")
assert 0.06 < eig["sincos"][:-1].min() and eig["sincos"][:-1].max() < 0.11 and round(eig["sincos"][-1], 2) == 1.81
assert abs(eig["sincos_standardized"].min() - 0.85) < 0.01 and round(eig["sincos_standardized"][-1], 2) == 1.15
assert abs(eig["sincos_standardized"].mean() / eig["sincos"][:-1].mean() - 12) < 1   # the "about 12 times"
linear_hidden = {d: liverun.DEFAULT.replace(data=d, activation="identity", epochs=100).run().cost[-1]
                 for d in faster}
print("linear hidden layer, cost after 100 updates:", {d: round(float(c), 1) for d, c in linear_hidden.items()})
assert abs(linear_hidden["sincos"] - 257) < 2 and abs(linear_hidden["sincos_standardized"] - 7.3) < 0.1

# %% [markdown]
# And why does λ_max hardly move here (lr × λ_max 0.20 to 0.18), when notebook 04 showed it
# falling from 1.81 to 1.15 per sample? Notebook 04 measured a single layer fed by X. Most of
# this net's λ_max comes from its output layer, and that layer is fed by the hidden units, not
# by X. A leaky ReLU with LEAK = 1e-4 and a bias drawn from U(0, 1) outputs a number that is
# positive or almost 0 (the most negative here is about −0.0005), whatever X is: the output
# layer's inputs keep a positive common mean (above 0.5, on both data sets), and notebook 04's common mean is what makes
# λ_max large. Counted alone, the output layer gives lr × λ_max 0.15 on raw inputs and 0.14
# standardised. What standardising is for (notebook 04) is a smaller λ_max, so a larger safe
# lr; here λ_max hardly moves, so it buys no larger lr either.

# %% [markdown] lang="zh" en="49a8e350a3ae"
# 那么，为什么 λ_max 在这里几乎不变（lr × λ_max 从 0.20 到 0.18），而笔记本 04 中它按单样本计却从 1.81 降到了 1.15？笔记本 04 测量的是直接以 X 为输入的单层网络。这个网络的 λ_max 则大部分来自输出层，而输出层的输入是隐藏单元，不是 X。LEAK = 1e-4、偏置取自 U(0, 1) 的 Leaky ReLU，无论 X 是什么，输出的数要么为正，要么几乎为 0（这里最负的约为 −0.0005）：输出层的输入始终有一个为正的公共均值（在两组数据上都大于 0.5），而正是笔记本 04 所说的公共均值让 λ_max 变大。单独计算输出层，原始输入上 lr × λ_max 为 0.15，标准化后为 0.14。标准化的用处（笔记本 04）在于让 λ_max 变小，从而允许更大的安全 lr；这里 λ_max 几乎不变，所以也换不来更大的 lr。

# %%
def output_layer_ratio(data, lr=1e-5):
    """(lr * lambda_max of the output layer alone, its inputs' most negative value, their
    mean over all units and samples) at the start."""
    s = liverun.DEFAULT.replace(data=data)
    _, cache = s.network().forward(liverun.data(s)[0])
    H = np.column_stack([cache[-1][0], np.ones(len(cache[-1][0]))])    # (N, 11): hidden outputs and the bias input
    return lr * np.linalg.eigvalsh(H.T @ H)[-1], cache[-1][0].min(), cache[-1][0].mean()


out_ratio = {d: output_layer_ratio(d) for d in faster}
for d, (r, m, mu) in out_ratio.items():
    print(f"{names[d]}: output layer alone lr x lambda_max {r:.2f}; its inputs: most negative {m:.1g}, mean {mu:.2f}")
assert round(out_ratio["sincos"][0], 2) == 0.15 and round(out_ratio["sincos_standardized"][0], 2) == 0.14
assert all(-1e-3 < m < 0 and mu > 0.5 for _, m, mu in out_ratio.values())
assert -6e-4 < min(m for _, m, _ in out_ratio.values()) < -4e-4           # the prose's "about -0.0005"

# %% [markdown]
# ## Predict, then play
#
# Before you move anything, write down your guesses:
# 1. With the summed cost, what happens to the curve when N goes from 1,000 to 10,000? And with the mean?
# 2. Which seeds (0 to 4) get stuck, and does switching the output to `identity` rescue them?
# 3. Set LEAK to 0 and lr to 1e-3. How many units die, and in which layer?
#
# Then check. Keys work too: click a slider's handle, then use the arrow keys.
#
# **Try the fix** applies the first fix named after "Try first" (the first of any
# alternatives) and says under the figure what it changed; there is no undo: move the
# controls back. The line under the figure is the run as a query string, such as
# `?lr=0.001&leak=0`: add it to the app's address, or pass it here as
# `widgets.playground(state="lr=0.001&leak=0")`. For check 3's run, the button would change:

# %% [markdown] lang="zh" en="6ce3557bd157"
# ## 先预测，再动手
#
# 在动任何控件之前，先写下你的猜测：
# 1. 使用求和的代价时，N 从 1,000 变到 10,000，曲线会怎样？使用求平均的代价呢？
# 2. 哪些随机种子（0 到 4）会卡住？把输出层换成 `identity` 能救回它们吗？
# 3. 把 LEAK 设为 0，lr 设为 1e-3。会有多少单元死亡？死在哪一层？
#
# 然后动手验证。键盘也能用：点一下滑块的手柄，再按方向键。
#
# “试用修复”（英文版为 `Try the fix`）按钮会应用诊断中“先试”后面列出的第一个修复（如果列了几个备选，就用第一个），并在图下说明它改了什么；它不能撤销：要恢复，请手动把控件调回去。图下那一行是把本次运行的设置写成的查询字符串，例如 `?lr=0.001&leak=0`：把它加到应用的地址后面，或者在这里写成 `widgets.playground(state="lr=0.001&leak=0")` 传进去。对检验 3 的运行，这个按钮会做如下改动：

# %%
relu_settings = liverun.DEFAULT.replace(leak=0.0, lr=1e-3)
fixed_settings, words = runlink.try_fix(relu_settings, liverun.run(relu_settings).diagnosis.action)
print(f"?{relu_settings.to_query()}: Try the fix changes {words}, giving ?{fixed_settings.to_query()}")
# the mean, with the lr that goes with it (its digits are read from the run's growth)
assert words.startswith("lr 0.001 -> ") and words.endswith("; reduction sum -> mean")
assert 0.01 < fixed_settings.lr < 0.05 and relu_settings.to_query() == "lr=0.001&leak=0"
assert liverun.run(fixed_settings).diagnosis.kind in ("converging", "slow")  # and the fix works
assert nnlib.RunSpec.from_query("lr=0.001&leak=0") == relu_settings

# %% [markdown]
# The playground starts from the default settings. Without a kernel, this still picture (the
# one above, again) is what it shows; with one, the live figure comes under it.

# %% [markdown] lang="zh" en="cc8a86789450"
# 实验台从默认设置开始。没有内核时，它显示的就是这张静态图（和上面那张相同）；有内核时，实时的图会出现在它下面。

# %%
widgets.static(default)

# %% tags=["nbval-ignore-output"]
widgets.playground(state=widgets.page_query())  # in the app, the page's address sets the start

# %% [markdown]
# ## Check your predictions
#
# **1. N from 1,000 to 10,000.** With the summed cost every gradient is a sum over N samples,
# so the steepest curvature λ_max grows ten times, and so does lr × λ_max: from 0.2 to just
# over 2. Here is the playground at N = 10,000 (its run is capped at 1,000 epochs):

# %% [markdown] lang="zh" en="517b8be448b0"
# ## 检验你的预测
#
# **1. N 从 1,000 到 10,000。** 使用求和的代价时，每个梯度都是 N 个样本的和，所以最陡的曲率 λ_max 增大十倍，lr × λ_max 也一样：从 0.2 变为略高于 2。下面是 N = 10,000 时的实验台（它的运行被限制在 1,000 轮）：

# %%
big = liverun.run(liverun.DEFAULT.replace(n=10_000))
widgets.static(big)

# %% [markdown]
# Just over the limit, the cost no longer settles smoothly. On the panel the zigzag shows
# only early on (the bump around epochs 50 to 100, where it is over 5% of the cost); it
# shrinks as the run goes on, to under 0.2% of the cost in the last 50 epochs, too small to
# see. Close up, those 50 epochs go down, up, down, up, every epoch, while still falling
# overall (94.6 to 93.0). The diagnosis says *converging* and names the bounce: the cost
# rises every other update while each pair of updates lowers it, an lr at the limit of its
# steepest direction that still trains:

# %% [markdown] lang="zh" en="703a9eaaac69"
# 刚过界限，代价就不再平稳地收敛。面板上的锯齿只在早期看得出来（第 50 到 100 轮附近的那个凸起，那里锯齿的幅度超过代价的 5%）；随着运行推进，它逐渐缩小，到最后 50 轮已不到代价的 0.2%，小到看不出来。放大来看，这 50 轮里代价降、升、降、升，轮轮如此，而总体上仍在下降（从 94.6 到 93.0）。诊断说 *converging*（收敛），并点出了这种弹跳：代价每隔一次更新就上升一次，而每两次更新合起来都让它降低，这是一个处在最陡方向界限上、却仍能训练的 lr：

# %%
c_big = big.history.cost
ups = np.diff(c_big[-51:]) > 0
print(f"last 50 updates: {ups.sum()} raised the cost; largest swing {np.abs(np.diff(c_big[-51:])).max() / c_big[-1]:.2%} of it; {c_big[-51]:.1f} -> {c_big[-1]:.1f}")
assert round(c_big[-51], 1) == 94.6 and round(c_big[-1], 1) == 93.0
assert (np.abs(np.diff(c_big)) / c_big[1:])[50:100].max() > 0.05  # the early bump
assert ups.sum() == 25 and np.all(ups[::2] != ups[1::2]) and np.abs(np.diff(c_big[-51:])).max() < 0.002 * c_big[-1]
widgets.closeup(c_big, np.arange(len(c_big) - 50, len(c_big)), "N = 10,000, summed: the last 50 epochs")

# %% [markdown]
# But 2.07 is above the limit, and notebook 02 said that above 2 the cost grows every step.
# It does, at first: the readout's λ_max is measured at the **initial** weights, and there
# the cost rises for two steps. Those steps throw the weights to a flatter place, where the
# third step brings the cost far down. Measured again on the trained weights, lr × λ_max
# is about 2, right at the limit, where the run settles:

# %% [markdown] lang="zh" en="7e4bd2359a9b"
# 可 2.07 超过了界限，而笔记本 02 说过，超过 2 时代价每一步都会增长。一开始确实如此：读数中的 λ_max 是在**初始**权重处测的，在那里代价连升两步。这两步把权重甩到了一处更平坦的地方，第三步就在那里让代价大幅下降。在训练后的权重上重新测量，lr × λ_max 约为 2，正好落在界限上，运行就停在这里：

# %%
hist_big, net_big = big.history, big.net                      # the run and its trained net
X_big, Y_big = liverun.data(big.settings)
sub = liverun.CURVATURE_SAMPLES                               # as the readout: 3,000 samples, scaled to N
end_ratio = 2e-5 / (nnlib.critical_lr(net_big, X_big[:sub], Y_big[:sub], reduction="sum") * sub / len(X_big))
print(f"cost, epochs 0-3: {np.round(c_big[:4], -2)}; lr x lambda_max: start {big.ratio:.2f}, end {end_ratio:.2f}")
assert np.allclose(hist_big.cost[:4], c_big[:4], rtol=1e-3)   # the same run (float32: the last digits may move)
assert c_big[0] < c_big[1] < c_big[2] and c_big[3] < c_big[0] / 4
assert np.array_equal(np.round(c_big[:4], -2), [38900, 65400, 151900, 9000])
# lambda_max is a power iteration's estimate; at the end weights the two top curvatures are close,
# and it has read 1.971 to 2.005 under other BLAS kernels: so the prose says "about 2", on either
# side of the limit, never "just under"
assert abs(big.ratio - 2.07) < 0.01 and abs(end_ratio - 2) < 0.05, (big.ratio, end_ratio)

# %% [markdown]
# The cost goes 38,900 → 65,400 → 151,900, then 9,000; at the end lr × λ_max is about 2, at
# the edge of stability. That is why the run settles into its zigzag instead of blowing up:
# along the steepest direction each step multiplies the error by 1 − lr × λ_max, about −1,
# flipping its sign while barely changing its size. Far above 2 there is no flatter place to
# reach in time: the cost explodes, or the first steps kill units.
#
# With the **mean** cost, N hardly changes lr × λ_max (0.0002 at both sizes, to one digit): the
# mean's step at lr = 1e-5 is N times smaller than the sum's, so it barely moves. Give the mean
# a thousand times the lr (0.01) and it takes the summed cost's steps at N = 1,000, at any N.

# %% [markdown] lang="zh" en="a2ae486462f5"
# 代价的变化是 38,900 → 65,400 → 151,900，然后是 9,000；到最后，lr × λ_max 约为 2，正处在稳定的边缘。这就是这次运行陷入锯齿而不是爆炸的原因：沿最陡的方向，每一步都把误差乘以 1 − lr × λ_max，约为 −1，翻转它的符号，却几乎不改变它的大小。远高于 2 时，来不及到达更平坦的地方：代价会爆炸，或者最初几步就把单元杀死。
#
# 使用**求平均**的代价时，N 几乎不改变 lr × λ_max（两种规模下都是 0.0002，保留一位有效数字）：lr = 1e-5 时，求平均的步长只有求和的 N 分之一，所以权重几乎不动。给求平均的代价一千倍的 lr（0.01），那么无论 N 多大，它迈的步子都和 N = 1,000 时求和代价的步子一样。

# %%
mean = [liverun.run(liverun.DEFAULT.replace(n=n, reduction="mean")) for n in (1000, 10_000)]
assert round(big.ratio / default.ratio) == 10 and 2 < big.ratio < 2.2
assert big.diagnosis.kind == "converging" and big.diagnosis.evidence["pairs_falling"] > 0.9 and big.epochs == 1000
assert all(round(m.ratio, 4) == 0.0002 for m in mean) and abs(mean[1].ratio / mean[0].ratio - 1) < 0.1
print(f"lr x lambda_max: sum {default.ratio:.3g} -> {big.ratio:.3g};  mean {mean[0].ratio:.2g} -> {mean[1].ratio:.2g}")

# %% [markdown]
# **2. Which seeds get stuck.** The final cost of the first five seeds, with the default settings,
# then the stuck ones again with a linear (`identity`) output layer:

# %% [markdown] lang="zh" en="02bc535bec49"
# **2. 哪些随机种子会卡住。** 下面先给出默认设置下前五个随机种子的最终代价，再用线性（`identity`）输出层重跑卡住的那几个：

# %%
finals = [liverun.trained(liverun.DEFAULT.replace(seed=s)).run().cost[-1] for s in range(5)]
stuck = [s for s, f in enumerate(finals) if f > 100 * min(finals)]
rescued = [liverun.trained(liverun.DEFAULT.replace(seed=s, output_activation="identity")).run().cost[-1] for s in stuck]
assert stuck == [3, 4] and all(r < 10 for r in rescued)
print("final cost by seed:", [round(float(f), 1) for f in finals])
print("stuck seeds", stuck, "with an identity output:", [round(float(r), 1) for r in rescued])

# %% [markdown]
# Seeds 3 and 4 freeze near 5,300, hundreds of times above the others: one output unit is
# as good as dead, and LEAK = 1e-4 lets almost no gradient through it. A linear output
# cannot die, and both seeds then train to below 10.
#
# **3. LEAK = 0, lr = 1e-3.** lr × λ_max is about 20, ten times over the limit. Update 1
# overshoots: the cost jumps about 1,600-fold (4x the rule, for the reason given under
# Exploding gradients), to epoch 1's value. From there, update 2
# pushes every hidden unit's input below 0 on every sample; with plain ReLU nothing flows
# back, and the cost freezes (the caption blames update 1's jump: it threw the weights to
# where the gradient, and so update 2's step, is over 100 times larger):

# %% [markdown] lang="zh" en="0bbe9f5f698e"
# 随机种子 3 和 4 停滞在 5,300 附近，比其他随机种子高出数百倍：有一个输出单元形同死亡，而 LEAK = 1e-4 几乎不让梯度通过它。线性输出不会死，换上之后，这两个随机种子都能训练到 10 以下。
#
# **3. LEAK = 0，lr = 1e-3。** lr × λ_max 约为 20，是界限的十倍。第 1 步更新冲过了头：代价跳升约 1,600 倍（是规则预测的 4 倍，原因见上文“梯度爆炸”一段），这就是第 1 轮的代价。接着，第 2 步更新把每个隐藏单元在每个样本上的输入都推到 0 以下；用普通 ReLU 时，没有任何梯度能传回来，于是代价停滞（图注把原因归于第 1 步更新的跳升：它把权重甩到了梯度大 100 多倍的地方，第 2 步更新的步长也就大了这么多）：

# %%
relu = liverun.run(liverun.DEFAULT.replace(leak=0.0, lr=1e-3))
widgets.static(relu)

# %%
dead = relu.history.dead_fraction
assert round(relu.ratio) == 20 and relu.diagnosis.kind == "dead"
assert (dead[2:] == 1).all() and (dead[1] < 1).all()  # every unit of both layers, dead from epoch 2 on
print(f"lr x lambda_max = {relu.ratio:.1f}; dead share at the end: hidden {dead[-1, 0]:.0%}, output {dead[-1, 1]:.0%}")

# %% [markdown]
# All 10 hidden units die at epoch 2 and stay dead, and the two output units with them.
# From epoch 2 on every gradient is exactly 0, and a 0 has no place on a log scale: that
# is why the gradient lines stop there. The fit panel's flat row sits at 0, not at the
# targets' mean: a dead output outputs 0. The spike at epoch 1 is one epoch wide on a
# 2,000-epoch panel; the first ten epochs, close up:

# %% [markdown] lang="zh" en="746c4a930a17"
# 全部 10 个隐藏单元在第 2 轮死亡，之后再也没有活过来，两个输出单元也随之死亡。从第 2 轮起，每个梯度都恰好为 0，而 0 在对数坐标上没有位置：这就是梯度曲线在那里中断的原因。fit 面板中那排水平的点位于 0，而不是目标值的均值：死亡的输出单元只会输出 0。第 1 轮的尖峰在 2,000 轮的面板上只有一轮宽；下面是前十轮的特写：

# %%
c_relu = relu.history.cost
print(f"epochs 0, 1, 2: {c_relu[0]:.3g}, {c_relu[1]:.3g}, {c_relu[2]:.3g}")
assert (relu.history.grad_norm[2:] == 0).all() and (relu.fit[1] == 0).all()
assert (relu.history.grad_norm[1] > 100 * relu.history.grad_norm[0]).all()
assert relu.diagnosis.evidence["jump_epoch"] == 1 and relu.diagnosis.evidence["dead_since"] == 2
assert round(c_relu[1] / c_relu[0], -2) == 1600 and c_relu[2] == c_relu[-1] < c_relu[1]
assert round(c_relu[1] / c_relu[0] / (relu.ratio - 1) ** 2) == 4   # 4x 02's rule
widgets.closeup(c_relu, np.arange(11), "LEAK 0, lr 1e-3: the first ten epochs", log=True)

# %% [markdown]
# ## The fixed network, on ten seeds
#
# The mean cost, a linear output layer, leaky ReLU with LEAK = 0.01 in the hidden layer
# (notebook 04's recommendation), He init and small positive biases (lr = 0.05):
# every one of the first ten seeds converges, to a cost more than a thousand times below
# where it started.

# %% [markdown] lang="zh" en="14810b022c39"
# ## 修复后的网络，十个随机种子
#
# 求平均的代价，线性输出层，隐藏层用 LEAK = 0.01 的 Leaky ReLU（笔记本 04 的建议），He 初始化和较小的正偏置（lr = 0.05）：前十个随机种子每一个都收敛了，最终代价都不到起点的千分之一。

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1",
             lr=0.05)
runs = [liverun.run(liverun.DEFAULT.replace(seed=s, **fixed)) for s in range(10)]
assert all(r.diagnosis.kind == "converging" for r in runs)
assert all(r.history.cost[-1] < r.history.cost[0] / 1000 for r in runs)
print("final cost by seed:", [round(float(r.history.cost[-1]), 4) for r in runs])

# %% [markdown]
# ## What to take away
# - A summed cost makes the step N times larger: lr × λ_max crosses 2 and the cost explodes,
#   or (with ReLU) the first big step kills units and the cost freezes.
# - The mean cost, a linear output layer, leaky ReLU 0.01, trainable biases and a fan-in
#   scaled init make the network train on each seed we tried; the adaptive lr rescues a
#   run that overshoots (notebook 06).
#
# Next: [08 Your own network](08_your_own_network.ipynb). Back to the start:
# [00 Start here](00_start_here.ipynb). (The links between notebooks work in JupyterLab;
# the app shows this page only.)

# %% [markdown] lang="zh" en="def0c16d6434"
# ## 要点
# - 求和的代价让步长变大 N 倍：lr × λ_max 越过 2，代价爆炸；或者（用 ReLU 时）第一个大步就把单元杀死，代价停滞。
# - 求平均的代价、线性输出层、泄漏系数 0.01 的 Leaky ReLU、可训练的偏置以及按 fan-in 缩放的初始化，让网络在我们试过的每个随机种子上都能训练；自适应 lr 能挽救冲过头的运行（笔记本 06）。
#
# **下一个笔记本：** [08 · 你自己的网络](08_your_own_network.ipynb)。回到起点：[00 · 从这里开始](00_start_here.ipynb)。（笔记本之间的链接在 JupyterLab 中有效；应用里只显示本页。）

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. A setting this notebook did not try: the default settings (summed cost, readout 0.2 at
#    N = 1,000 and lr = 1e-5), but N = 5,000 and lr = 3e-5. What will the readout
#    lr × λ_max say, and is that above or below the limit? Answer with a pair, such as
#    `(1.5, "below")`.
# 2. Which readout tells you before training starts that the cost will explode?
# 3. **Why** does the N = 10,000 run only oscillate, although its readout, 2.07, is above the
#    limit 2? Give the letter:
#    - (a) the playground trains in float32, whose rounding damps the growth;
#    - (b) the readout belongs to the starting weights only; training soon carries them to
#      where the cost bends less, and there the product settles at about the limit;
#    - (c) the diagnosis halves the learning rate when the cost rises.

# %% [markdown] lang="zh" en="59c4cea64784"
# ## 检验你的理解
# 请根据本笔记本作答；检查器会告诉你哪些答案是对的，并对其余答案给出提示（答案在末尾的参考答案里）。
# 1. 一个本笔记本没有试过的设置：默认设置（求和的代价，在 N = 1,000、lr = 1e-5 时读数为 0.2），但改成 N = 5,000、lr = 3e-5。读数 lr × λ_max 会是多少？它高于还是低于界限？用一个二元组作答，例如 `(1.5, "below")`。
# 2. 哪个读数能在训练开始之前告诉你代价会爆炸？
# 3. N = 10,000 的那次运行，读数 2.07 高于界限 2，**为什么**却只是振荡？给出字母：
#    - (a) 实验台用 float32 训练，它的舍入抑制了增长；
#    - (b) 读数只属于初始权重；训练很快就把权重带到代价曲率更小的地方，在那里这个乘积稳定在界限附近；
#    - (c) 代价上升时，诊断会把学习率减半。

# %%
exercises.check_understanding_07(
    None,   # 1. a pair: (a number, "above" or "below")
    None,   # 2. a name, in quotes
    None);  # 3. a letter, in quotes

# %% [markdown]
#
# ---
# ## Answer key: which number told you so (spoilers)
#
# Try the goal first: for each failure, name the number you would have read. The next cell is
# collapsed, in JupyterLab and on the website: click it to open it.

# %% [markdown] lang="zh" en="03c42aa00094"
# ---
# ## 参考答案：是哪个数字告诉了你（剧透）
#
# 先试着完成本笔记本的目标：对每种失败，说出你本该读的那个数字。下一个单元格是折叠的，在 JupyterLab 中和网站上都一样：点击即可展开。

# %% [markdown] tags=["solution"] jupyter={"source_hidden": true}
# - **It will explode** when the stability readout is well above 2 (lr × λ_max, known before
#   training starts). With a linear output and a real leak (output `identity`, LEAK 0.01,
#   lr 1e-3: lr × λ_max ≈ 20) each step multiplies the error instead of shrinking it, and the
#   cost overflows within a few epochs (the red ×). Just above 2 (N = 10,000 above) it only
#   oscillates.
# - **It will freeze** when a layer's dead share reaches 1: no gradient passes a dead layer,
#   so nothing before it can change. A readout far above 2 with ReLU-like units is the warning
#   (check 3: 20, then every hidden unit dead at epoch 2). An output layer's dead share of 0.5
#   from the very start (seeds 3 and 4: one of the two output units) freezes that output's
#   cost alone, whatever the readout says (0.2 here). For seed 3 the recorded dead share of
#   the output falls back to 0 by the end: the unit comes alive on 0.3% of the samples, which
#   is not enough, and the diagnosis calls it "as good as dead".
# - **It will be slow** when the readout is far below 2 (0.2 by default): the diagnosis says by
#   how much lr could grow.
# - The mean cost keeps the readout the same at every N; the summed cost multiplies it by N.

# %% [markdown] lang="zh" en="759b0c97695c" tags=["solution"] jupyter={"source_hidden": true}
# - **会爆炸**：当稳定性读数远高于 2 时（lr × λ_max，训练开始前就能知道）。用线性输出和真正起作用的泄漏（输出 `identity`，LEAK 0.01，lr 1e-3：lr × λ_max ≈ 20），每一步都在放大误差而不是缩小它，代价在几轮之内就溢出（红色 ×）。刚超过 2 时（上文 N = 10,000 的运行）只会振荡。
# - **会停滞**：当某一层的死亡比例达到 1 时。梯度无法穿过死亡的层，所以它之前的一切都无法改变。ReLU 类单元配上远高于 2 的读数就是警告（检验 3：读数 20，然后在第 2 轮所有隐藏单元都死了）。如果输出层的死亡比例从一开始就是 0.5（随机种子 3 和 4：两个输出单元中的一个），那么停滞的只是那个输出的代价，与读数无关（这里读数是 0.2）。对随机种子 3，记录下的输出层死亡比例到最后又回落到 0：那个单元在 0.3% 的样本上重新活了过来，但这远远不够，诊断称之为“形同死亡”（as good as dead）。
# - **会很慢**：当读数远低于 2 时（默认是 0.2）：诊断会说明 lr 还能增大多少。
# - 求平均的代价让读数在任意 N 下都保持不变；求和的代价则把它乘以 N。

# %%
assert boom.history.diverged and round(boom.ratio) == 20 and boom.history.diverged_at < 10
seeds = {s: liverun.run(liverun.DEFAULT.replace(seed=s)) for s in (3, 4)}
assert all(r.history.dead_fraction[0, 1] == 0.5 and r.diagnosis.kind == "dead" for r in seeds.values())
ev3 = seeds[3].diagnosis.evidence
least_active = min(ev3["active_share"][ev3["dead_layer"]])   # the message's "0.3% of the samples"
assert seeds[3].history.dead_fraction[-1, 1] == 0 and f"{least_active:.1%}" == "0.3%" and "0.3%" in seeds[3].diagnosis.message
assert all(round(r.ratio, 1) == 0.2 for r in seeds.values())
print(f"identity output, LEAK 0.01, lr 1e-3: lr x lambda_max = {boom.ratio:.1f}, overflow at epoch {boom.history.diverged_at}")

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_07((default.ratio * 5 * 3, "above"), "lr x lambda_max", "b")   # x5 for N, x3 for lr: 3, above 2
