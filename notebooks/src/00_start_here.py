# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 00 · Start here: why does my network's cost go to infinity, or freeze?
#
# A learner built a small neural network in NumPy. On the question's 100-sample toy data
# it seems to train. On their real, larger data set the total cost grew without bound from
# the first step; with a sigmoid activation it trained, with ReLU it got stuck and never
# trained. This course takes that network apart, one defect at a time, until it trains on
# every seed, and explains each failure **in numbers**.
#
# **Who it is for:** you can read NumPy and know what gradient descent does; you have
# perhaps written a network of your own. No deep-learning framework is needed.
#
# **How long:** 3¾ to 5½ hours for notebooks 01 to 06 if the maths is new
# to you (the map below gives each one's range), best taken in two or three sessions, then
# as long as you like in the playground (07).
#
# **In this notebook you will**
# 1. see both symptoms of the question (a cost that freezes, a cost that explodes) next to a network that trains;
# 2. learn how the course is laid out and how to launch it;
# 3. try the exercise checkers once, on a warm-up.

# %% [markdown] lang="zh" en="1f4d7df13072"
# # 00 · 从这里开始：网络的代价为什么会涨到无穷大，或者停滞不动？
#
# 一位学习者用 NumPy 写了一个小型神经网络。在原问题那份 100 个样本的玩具数据上，它看上去能训练；可换到自己真实的、更大的数据集上，总代价从第一步起就一路上涨，没有尽头。用 sigmoid 激活函数时它能训练，换成 ReLU 就卡住了，再也训练不动。本课程把这个网络拆开，一次修一个缺陷，直到它在每个随机种子下都能训练；每一种失败都会**用数字**讲清楚。
#
# **适合谁：** 你能读懂 NumPy 代码，知道梯度下降在做什么；也许还自己写过网络。不需要任何深度学习框架。
#
# **需要多久：** 如果这些数学对你来说是新的，笔记本 01 到 06 需要 3¾ 到 5½ 小时（下面的课程地图给出了每一本的时间范围），最好分两三次学完；之后在实验台（07）里想玩多久都行。
#
# **在本笔记本中，你将：**
# 1. 看到原问题的两种症状（代价停滞不动、代价爆炸），并和一个能正常训练的网络放在一起对比；
# 2. 了解课程的结构，以及如何启动它；
# 3. 在一道热身题上试用一次练习检查器。

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

# %% [markdown]
# ## The symptom in one figure
#
# `nnlib.Network([7, 2])` with its defaults is the question's network: ReLU on every
# layer (the output too), weights drawn from U(-1, 1), no biases. We train it as the
# question did: the **summed** cost over all samples and a learning rate of 0.01, on
# 1000 random samples. (How the per-sample errors are combined into one cost, summed or
# averaged, is called the *reduction*; nnlib takes it by name: `reduction="sum"` or
# `reduction="mean"`.)

# %% [markdown] lang="zh" en="5d4f238e6e69"
# ## 一张图看清症状
#
# `nnlib.Network([7, 2])` 取默认参数时，就是原问题的网络：每一层（包括输出层）都用 ReLU，权重从 U(−1, 1) 中随机抽取，没有偏置。我们按原问题的方式训练它：代价对所有样本**求和**，学习率为 0.01，数据是 1000 个随机样本。（把各个样本的误差合并成一个代价的方式，即求和还是求平均，称为*归约*（reduction）；在 nnlib 中用名字来指定它：`reduction="sum"` 或 `reduction="mean"`。）

# %%
X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
question_net = nnlib.Network([7, 2], seed=0)
frozen = nnlib.train(question_net, X, Y, lr=0.01, epochs=300, reduction="sum")
frozen

# %% [markdown]
# The same net with a linear ("identity") activation does not freeze: it explodes.

# %% [markdown] lang="zh" en="75f69adb9aa2"
# 同样的网络换成线性激活函数（“identity”，即恒等函数）后，代价不再停滞，而是爆炸。

# %%
linear_net = nnlib.Network([7, 2], activation="identity", seed=0)
exploding = nnlib.train(linear_net, X, Y, lr=0.01, epochs=300, reduction="sum")
exploding

# %% [markdown]
# And here is a network that trains, on the answer's data set (targets
# `[sum(sin x), sum(cos x)]`). It changes five things, each explained later in the course:
# 1. the **mean** cost instead of the sum (notebook 02);
# 2. a **linear** output layer (no activation at all), which cannot die (notebook 03);
# 3. a hidden layer of **leaky ReLU** units: a ReLU that lets a small slope (here 0.01)
#    through for negative inputs instead of 0, so a unit cannot go silent for good (notebook 03);
# 4. **He-scaled** starting weights: random weights whose size is matched to the number of
#    inputs of each layer, instead of U(−1, 1) whatever the layer (notebook 04);
# 5. small positive **biases** (0.1), which the question's net does not have at all (notebook 04).

# %% [markdown] lang="zh" en="d763c4d5c1aa"
# 下面是一个能正常训练的网络，用的是原回答的数据集（目标为 `[sum(sin x), sum(cos x)]`）。它改了五处，每一处在课程后面都会解释：
# 1. 代价**求平均**，而不是求和（笔记本 02）；
# 2. **线性**输出层（完全没有激活函数），它不会死亡（笔记本 03）；
# 3. 一个由 **Leaky ReLU**（带泄漏 ReLU）单元组成的隐藏层：这种 ReLU 在输入为负时不输出 0，而是保留一个小斜率（这里是 0.01），因此单元不会永远沉默（笔记本 03）；
# 4. 按 **He 方法缩放**的初始权重：随机权重的大小与每一层的输入个数相匹配，而不是不论哪一层都用 U(−1, 1)（笔记本 04）；
# 5. 较小的正**偏置**（0.1），而原问题的网络根本没有偏置（笔记本 04）。

# %%
Xs, Ys = nnlib.datasets.sincos(n=1000, seed=0)
fixed_net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                          weight_init="he", bias_init=0.1, seed=0)
fixed = nnlib.train(fixed_net, Xs, Ys, lr=0.05, epochs=300, reduction="mean")
fixed

# %%
zero_output_cost = 0.5 * np.sum(Y ** 2)                 # what a net that outputs 0 costs
fig, (ax_all, ax_zoom) = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
for hist, label in [(exploding, "identity, summed cost: explodes"),
                    (frozen, "ReLU, summed cost: freezes"), (fixed, "fixed network: trains")]:
    nplt.cost_curve(hist, ax=ax_all, label=label)
nplt.cost_limits(ax_all, 1e-3, 1e30)                    # the top of the figure: a cost of 1e30
ax_all.set(ylabel="cost, log scale", title="Three networks, three fates (300 epochs)")
ax_zoom.plot(frozen.cost[:21], ".-", color="C1", label="ReLU, summed cost")
ax_zoom.axhline(zero_output_cost, color="k", ls="--", lw=1, label="0.5 × sum(Y²)")
ax_zoom.set(xlabel="epoch", ylabel="cost", title="The frozen net, first 20 epochs")
ax_zoom.legend(fontsize=8);

# %% [markdown]
# Read the left figure from the top:
# - the linear net's cost is multiplied by about 300 at every update: it leaves the top of
#   the figure (10³⁰) within a dozen epochs and keeps growing until it overflows to
#   infinity, at the epoch the dotted line marks (both epochs are printed below);
# - the ReLU net's cost hardly moves on this scale; the right figure zooms in: it dips
#   for two steps, rises, and from epoch 4 on it is frozen at 0.5 × sum(Y²), exactly what
#   a network that outputs 0 for every sample costs;
# - the fixed net's cost falls by a factor of more than 100.
#
# The next cell prints and checks each of those claims, so this text cannot go stale.

# %% [markdown] lang="zh" en="96d51d46059c"
# 从上往下看左图：
# - 线性网络的代价每次更新都乘以约 300：十来轮之内就冲出图的上边界（10³⁰），之后继续增长，直到溢出为无穷大，也就是虚线标出的那一轮（这两个轮次在下面都会打印出来）；
# - ReLU 网络的代价在这个尺度上几乎不动。右图把它放大来看：代价先下降两步，再上升，从第 4 轮起就停在 0.5 × sum(Y²) 不动，这恰好是一个对每个样本都输出 0 的网络的代价；
# - 修复后网络的代价降到了起点的 100 分之一以下。
#
# 下一个单元格会打印并检查上面的每一条说法，所以这段文字不会过时。

# %%
growth = exploding.cost[1:exploding.diverged_at] / exploding.cost[:exploding.diverged_at - 1]
leaves_figure = int(np.argmax(exploding.cost > 1e30))
print(f"explodes: x{np.median(growth):.0f} per step, above 1e30 at epoch {leaves_figure}, "
      f"overflow at epoch {exploding.diverged_at}")
print(f"freezes: {frozen.cost[0]:.1f} -> {frozen.cost[-1]:.1f} = 0.5 * sum(Y**2) = {zero_output_cost:.1f}")
print(f"trains: {fixed.cost[0]:.2f} -> {fixed.cost[-1]:.4f}")
assert exploding.status == "diverged" and 200 < np.median(growth) < 400 and leaves_figure <= 12
assert np.isclose(frozen.cost[-1], zero_output_cost) and np.all(frozen.cost[4:] == frozen.cost[-1])
assert frozen.cost[1] < frozen.cost[0] and frozen.cost[2] < frozen.cost[1] < frozen.cost[3] < frozen.cost[4]
assert np.all(frozen.dead_fraction[-1] == 1.0)          # every output unit is dead
assert fixed.cost[0] / fixed.cost[-1] > 100

# %% [markdown]
# **Four words for one loop.** Every network in this course is trained by full-batch gradient
# descent: each pass computes the gradient on *all* the samples and then changes the weights
# once. The course keeps four words apart:
# - an **update** is that one change of the weights, w ← w − lr × gradient;
# - the **step** is the change itself, lr × gradient: a step is "too large" when the update
#   overshoots. Each update makes one step, so "per step" means per update;
# - an **epoch** counts the updates on the axis of a cost curve: "the cost at epoch k" is
#   the cost after k updates (epoch 0 is the start, before any update);
# - an **iteration** is one turn of the question's own loop, which makes one update too;
#   the course uses the word only for the question's code (notebook 01).
#
# With full batches one epoch is one update, so "the cost grows 300-fold per step" and "per
# epoch" say the same thing; with mini-batches, as most training code uses, an epoch holds
# many updates.
#
# Why the first two networks freeze and explode, and why the same learning rate worked on 100 samples, is
# what notebooks 01 to 04 explain. (Notebook 01 also shows the ReLU net going to infinity
# rather than freezing, when its inputs are standardised.)
#
# ## The map
#
# | notebook | question it answers | time |
# |---|---|---|
# | [01 The original network](01_the_original_network.ipynb) | What exactly does the question's code do, defect by defect? | 30-45 min |
# | [02 Sum versus mean](02_sum_versus_mean.ipynb) | Why does the same learning rate blow up on more data? When is gradient descent stable? Why did the sigmoid net survive? | 60-90 min |
# | [03 Dead ReLUs](03_dead_relus.ipynb) | What is a dead unit, and why does no gradient bring it back? | 30-45 min |
# | [04 The fixes](04_the_fixes.ipynb) | Which fix matters how much, measured over 20 seeds? Does the answer's rewrite work? | 45-60 min |
# | [05 Gradient checking](05_gradient_checking.ipynb) | How do I know my backpropagation is right? | 30-45 min |
# | [06 Learning rates and optimizers](06_learning_rates_and_optimizers.ipynb) | Halving the learning rate, momentum, Adam: what do they rescue? | 30-45 min |
# | [07 Playground](07_playground.ipynb) | Every slider at once. | as long as you like |
# | [08 Your own network](08_your_own_network.ipynb) | Your own NumPy training loop, watched by a "doctor" that names the first bad number. | 30-60 min |
# | [09 Choosing a learning rate](09_choosing_a_learning_rate.ipynb) | Which learning rate for my next network? Why does the stability limit move during training, and how good are the range test's rules? | 60-75 min |
#
# The times are for a first reading by a learner to whom eigenvalues and the chain rule are
# not daily tools, with the exercises and each notebook's closing questions; the low end is
# for a reader fluent in the maths. A first reading of the previous edition took a learner
# about 4.5 hours for 01 to 06, and 02 (stability) was the longest. Two or three sessions
# work: 01 to 03 answer *why* it explodes or freezes (2 to 3 hours); 04 to 06 are about the
# fixes (1¾ to 2½ hours).

# %% [markdown] lang="zh" en="b0a5d1ab7c94"
# **一个循环，四个词。** 本课程中的每个网络都用全批量梯度下降训练：每一遍都在*全部*样本上计算梯度，然后改变一次权重。本课程严格区分下面四个词：
# - **更新**（update）是对权重的那一次改变，w ← w − lr × 梯度；
# - **步**（step）指改变量本身，即 lr × 梯度：更新冲过了头，我们就说这一步“太大”。每次更新走一步，所以“每步”就是每次更新；
# - **轮**（epoch）是代价曲线横轴上对更新的计数：“第 k 轮的代价”是 k 次更新之后的代价（第 0 轮是起点，还没做任何更新）；
# - **迭代**（iteration）指原问题自己那个循环转一圈，它同样做一次更新；课程只在谈原问题的代码时用这个词（笔记本 01）。
#
# 用全批量时，一轮就是一次更新，所以说“代价每步增长 300 倍”和说“每轮增长”是一回事；而大多数训练代码用的是小批量，那时一轮包含许多次更新。
#
# 前两个网络为什么一个停滞、一个爆炸，同样的学习率为什么在 100 个样本上却没问题，这些由笔记本 01 到 04 来解释。（笔记本 01 还会展示：把输入标准化之后，ReLU 网络不再停滞，而是冲向无穷大。）
#
# ## 课程地图
#
# | 笔记本 | 回答的问题 | 时间 |
# |---|---|---|
# | [01 原始网络](01_the_original_network.ipynb) | 原问题的代码到底做了什么？逐个缺陷来看。 | 30-45 分钟 |
# | [02 求和与求平均](02_sum_versus_mean.ipynb) | 为什么同样的学习率在数据更多时会爆炸？梯度下降什么时候稳定？为什么 sigmoid 网络挺过来了？ | 60-90 分钟 |
# | [03 死亡 ReLU](03_dead_relus.ipynb) | 什么是死亡单元？为什么没有梯度能让它复活？ | 30-45 分钟 |
# | [04 修复方法](04_the_fixes.ipynb) | 每种修复各有多大作用（在 20 个随机种子上测量）？原回答的重写版本管用吗？ | 45-60 分钟 |
# | [05 梯度检验](05_gradient_checking.ipynb) | 怎么知道我的反向传播写对了？ | 30-45 分钟 |
# | [06 学习率与优化器](06_learning_rates_and_optimizers.ipynb) | 学习率减半、动量、Adam：它们各自能挽救什么？ | 30-45 分钟 |
# | [07 实验台](07_playground.ipynb) | 所有滑块一起调。 | 想玩多久都行 |
# | [08 你自己的网络](08_your_own_network.ipynb) | 你自己写的 NumPy 训练循环，由一个“诊断器”盯着，它会指出第一个出问题的数。 | 30-60 分钟 |
# | [09 选择学习率](09_choosing_a_learning_rate.ipynb) | 下一个网络该用多大的学习率？为什么稳定界限会在训练中移动？学习率范围测试的那些经验规则有多可靠？ | 60-75 分钟 |
#
# 这些时间是按第一次阅读估计的：读者平时不常用特征值和链式法则，并且会做练习和每个笔记本末尾的思考题；区间的下限适用于熟悉这些数学的读者。在上一版课程中，一位学习者第一次读完 01 到 06 用了大约 4.5 小时，其中 02（稳定性）耗时最长。分两三次学比较合适：01 到 03 回答代价*为什么*会爆炸或停滞（2 到 3 小时）；04 到 06 讲修复方法（1¾ 到 2½ 小时）。

# %%
minutes = {"01": (30, 45), "02": (60, 90), "03": (30, 45), "04": (45, 60), "05": (30, 45), "06": (30, 45)}
total, why, fixes = (np.sum([minutes[k] for k in ks], axis=0) / 60 for ks in
                     (minutes, ("01", "02", "03"), ("04", "05", "06")))
print(f"01-06: {total[0]:g} to {total[1]:g} h; 01-03: {why[0]:g} to {why[1]:g} h; 04-06: {fixes[0]:g} to {fixes[1]:g} h")
assert tuple(total) == (3.75, 5.5) and tuple(why) == (2, 3) and tuple(fixes) == (1.75, 2.5)
assert total[0] <= 4.5 <= total[1]             # the measured first reading lies inside the range

# %% [markdown]
#
# ## How to launch it
# - **On your machine:** `make lab` in the project folder creates a virtual environment
#   on first use and opens JupyterLab here, in `notebooks/`.
# - **In the browser, nothing to install:** if the course is published on GitHub, its
#   README has a Binder link that opens this notebook on mybinder.org (the first start
#   takes a few minutes); the `binder/` folder holds the environment it builds.
# - **As an app, without code:** `make app` serves the playground with Voilà.
#
# ## How to use the sliders
# The widget sections need a running kernel: run the notebook top to bottom
# (*Run → Run All Cells*). Each widget has a static figure above it, so you can read the
# notebook on GitHub without running anything. Drag a slider, or click its handle and
# use the arrow keys for one step at a time; the network is retrained from scratch and
# the figure redrawn on every move. Before each widget the notebook asks you to
# **predict** what will happen: write your guess down before you move anything.
#
# ## How the exercises work
# Each notebook has one to three exercises. You write a small function and hand it to a
# checker from `nnlib.exercises`, which tests it on random inputs against nnlib's own
# code and prints `Correct!` or a hint. Worked solutions are at the end of each notebook,
# in cells whose code is collapsed: try first, then compare. Notebooks 01 to 07 also end
# with two or three short questions, *Check your understanding*, answered with a number, a
# name or the letter of one of three reasons, and checked the same way. Most ask *why*, or
# for a number from the notebook's rule on a case it did not show, so you know before moving
# on whether the idea, not only the page, stuck.
#
# **For teachers:** every solution cell (and each notebook's "Solutions" heading) carries
# the cell tag `solution`, so a copy for students without them is one command:
#
# ```bash
# jupyter nbconvert --to notebook --TagRemovePreprocessor.enabled=True \
#     --TagRemovePreprocessor.remove_cell_tags solution --output-dir student notebooks/*.ipynb
# ```
#
# (`enabled=True` is needed: without it nbconvert keeps the cells.) The stripped notebooks
# run the same, since no other cell uses a solution.
#
# ### Exercise 1 (warm-up): ReLU
# Write `my_relu(z)`: return `z` where `z > 0` and 0 elsewhere, for an array of any shape.

# %% [markdown] lang="zh" en="3d689c9ce413"
# ## 如何启动
# - **在你自己的电脑上：** 在项目文件夹中运行 `make lab`。第一次使用时它会创建一个虚拟环境，然后在这里（`notebooks/` 目录）打开 JupyterLab。
# - **在浏览器里，什么都不用装：** 如果课程已经发布在 GitHub 上，它的 README 里有一个 Binder 链接，可以在 mybinder.org 上打开本笔记本（第一次启动要等几分钟）；`binder/` 文件夹里是它所构建的环境。
# - **作为应用，不看代码：** `make app` 会用 Voilà 把实验台作为网页应用运行起来。
#
# ## 如何使用滑块
# 带控件的小节需要一个正在运行的内核：从头到尾运行整个笔记本（*Run → Run All Cells*）。每个控件上方都有一张静态图，所以不运行任何东西，也能在 GitHub 上阅读本笔记本。拖动滑块，或者点击滑块的手柄后用方向键一次移动一格；每动一下，网络都会从头重新训练，图也会重画。每个控件之前，笔记本都会请你先**预测**会发生什么：在动任何东西之前，先把你的猜测写下来。
#
# ## 练习怎么做
# 每个笔记本有一到三道练习。你写一个小函数，交给 `nnlib.exercises` 中的检查器；检查器在随机输入上把它和 nnlib 自己的代码对比，然后打印 `Correct!` 或一条提示。参考答案在每个笔记本的末尾，放在代码折叠起来的单元格里：先自己做，再对照。笔记本 01 到 07 的末尾还有两三道小题，即*检验你的理解*，答案是一个数、一个名称，或者从三个理由中选一个字母，也用同样的方式检查。大多数小题问的是*为什么*，或者要你用本笔记本的规则，去算一个笔记本里没有演示过的情形。这样，在继续往下学之前，你就能知道自己掌握的是道理本身，而不只是记住了这一页的内容。
#
# **给教师：** 每个参考答案单元格（以及每个笔记本的“参考答案”标题）都带有单元格标签 `solution`，所以只需一条命令，就能做出不含答案的学生版：
#
# ```bash
# jupyter nbconvert --to notebook --TagRemovePreprocessor.enabled=True \
#     --TagRemovePreprocessor.remove_cell_tags solution --output-dir student notebooks/*.ipynb
# ```
#
# （`enabled=True` 必不可少：没有它，nbconvert 会保留这些单元格。）去掉答案后的笔记本运行结果完全一样，因为没有其他单元格用到答案。
#
# ### 练习 1（热身）：ReLU
# 编写 `my_relu(z)`：对任意形状的数组，在 `z > 0` 的位置返回 `z`，其余位置返回 0。

# %%
def my_relu(z):
    return z  # replace this line with your answer


exercises.check_relu(my_relu);

# %% [markdown]
# ## Summary
# - The question's network shows two symptoms: with ReLU the cost **freezes** at
#   0.5 × sum(Y²) because every output unit is dead; without ReLU it **explodes**, about
#   300-fold per step.
# - A network with a mean cost, a linear output, leaky ReLU, He init and small biases
#   trains on the same kind of data.
# - Every number in these notebooks is computed and checked in a cell.
#
# **Next:** [01 The original network](01_the_original_network.ipynb): the question's own
# code, re-created, and run exactly as the learner ran it.

# %% [markdown] lang="zh" en="e8feba6d4d5d"
# ## 小结
# - 原问题的网络表现出两种症状：用 ReLU 时，因为每个输出单元都死了，代价**停滞**在 0.5 × sum(Y²)；不用 ReLU 时，代价**爆炸**，每步增长约 300 倍。
# - 一个采用平均代价、线性输出层、Leaky ReLU、He 初始化和较小偏置的网络，在同类数据上能正常训练。
# - 这些笔记本中的每个数字，都在单元格里计算并检查过。
#
# **下一个笔记本：** [01 原始网络](01_the_original_network.ipynb)：重现原问题自己的代码，并完全按学习者当初的方式运行。

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% [markdown] lang="zh" en="29adbcc6ece6" tags=["solution"]
# ---
# ## 参考答案（剧透）
# 下面各单元格的代码在 JupyterLab 中是折叠的，点击折叠条即可展开。

# %% tags=["solution"] jupyter={"source_hidden": true}
def relu_solution(z):
    return np.where(z > 0, z, 0.0)


assert exercises.check_relu(relu_solution)
