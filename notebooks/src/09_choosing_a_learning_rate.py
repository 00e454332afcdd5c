# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 09 · Choosing a learning rate: the limit moves
#
# Notebook 02 gave a rule: gradient descent is stable while lr × λ_max < 2, where λ_max is
# the cost's steepest curvature. The playground (07) measures λ_max once, at the initial
# weights, and two of its runs seem to break the rule:
# - the exploding run has lr × λ_max = 20.4, so 02's rule predicts (20.4 − 1)² ≈ 376-fold
#   growth per update, but the cost grows about 7.6 × 10⁷-fold per update;
# - check 1 reads lr × λ_max = 2.07, above the limit, and still the cost falls.
#
# Both have one cause: **λ_max is not a constant.** You have met this before: 02's section 5
# showed the curvature moving with the weights (its sigmoid run's lr × λ_max fell from 8.5 to
# 0.16 in one step), and 07 explained its 2.07 with two measurements, at the start and at the
# end. What this notebook adds: λ_max measured along the **whole** run, the *edge of
# stability* it settles at, how fast a diverging run really grows, and then the question you
# will face with your next network: which learning rate to choose.
#
# Words used below: the *sharpness* is another name for λ_max (the steepest curvature); the
# *cost* is what the course has called it all along (most tools call it the *loss*, as the
# names in section 5's code do: `found.losses`).
#
# **In this notebook you will**
# 1. watch λ_max over training against 2 / lr: it rises to 2 / lr and hovers there (the
#    *edge of stability*), or levels off below it;
# 2. measure why 07's exploding run grows so much faster than 02's rule says;
# 3. see why 07's check 1 can read 2.07 while its cost falls;
# 4. test the update-to-weight ratio's rule of thumb, about 1e-3, against the best lr;
# 5. run a learning-rate range test on our network, compare each of its rules with the
#    measured stable and best learning rates, and read a benchmark of 240 runs that does
#    the same comparison.

# %% [markdown] lang="zh" en="c67301400cc6"
# # 09 · 选择学习率：界限会移动
#
# 笔记本 02 给出过一条规则（下文称“02 的规则”）：只要 lr × λ_max < 2，梯度下降就是稳定的，其中 λ_max 是代价最陡方向上的曲率。实验台（07）只在初始权重处测一次 λ_max，而它有两次运行看上去违反了这条规则：
# - 爆炸的那次运行读数为 lr × λ_max = 20.4，按这条规则，代价每步更新应增长 (20.4 − 1)² ≈ 376 倍，实际却每步增长约 7.6 × 10⁷ 倍；
# - 检验 1 的那次运行读数为 lr × λ_max = 2.07，已超过界限，代价却仍在下降。
#
# 两件事的原因相同：**λ_max 不是常数。** 其实你已经见过这一点：笔记本 02 的第 5 节展示了曲率随权重而变（那里 sigmoid 运行的 lr × λ_max 一步之内就从 8.5 降到 0.16），笔记本 07 也用开始和结束时的两次测量解释了那里的 2.07。本笔记本要补充的是：沿**整个**运行过程测量 λ_max，看它最终停在哪里，即*稳定性边缘*（edge of stability）；看发散的运行实际增长得有多快；最后回答你训练下一个网络时一定会遇到的问题：学习率该选多少。
#
# 先说明下文的两个用词：*锐度*（sharpness）是 λ_max（最陡方向上的曲率）的另一个名字；*代价*沿用本课程一直以来的叫法（多数工具把它叫作*损失*，第 5 节代码里的名字也是这样：`found.losses`）。
#
# **在本笔记本中，你将：**
# 1. 在训练过程中对照 2 / lr 观察 λ_max：它要么升到 2 / lr 并在那里徘徊（即*稳定性边缘*），要么在它下方趋于平稳；
# 2. 通过测量弄清，为什么 07 中爆炸的运行比 02 的规则所说的增长得快得多；
# 3. 弄清为什么 07 的检验 1 读数是 2.07，代价却在下降；
# 4. 拿最佳 lr 来检验“更新量与权重之比约为 1e-3”这条经验法则；
# 5. 在我们的网络上做一次学习率范围测试，把它的各条规则与实测的稳定学习率和最佳学习率相比较，再解读一个做同样比较、共 240 次运行的基准测试。

# %%
# Setup, written by tools/course_links.py: on Colab it installs nnlib; on your machine nothing.
import importlib.util, sys
if importlib.util.find_spec("nnlib") is None and "google.colab" in sys.modules:
    raise ModuleNotFoundError("nnlib is not installed and cannot be: the course's public address is not set yet")
from nnlib.live import notebook; notebook.setup()  # figures: inline; live ones by ipympl or as images

# %%
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import nnlib
import nnlib.plotting as nplt
from nnlib import doctor, exercises, lrfind
from nnlib.live import liverun

# %% [markdown]
# ## 1. λ_max over training, against 2 / lr
#
# The fixed network of notebook 07 (`[7, 10, 2]`, leaky ReLU 0.01, linear output, He init,
# biases 0.1, the **mean** cost, sin/cos data with N = 1000), trained by full-batch gradient
# descent at three learning rates for 1000 epochs. Every 25 epochs we stop and measure λ_max
# at the current weights (`lrfind.sharpness` does both: plain gradient descent keeps no
# state, so training in pieces is the same run).

# %% [markdown] lang="zh" en="d8f37c9c18a9"
# ## 1. 训练过程中的 λ_max 与 2 / lr
#
# 用笔记本 07 中修复后的网络：`[7, 10, 2]`，隐藏层用泄漏系数 0.01 的 Leaky ReLU（带泄漏 ReLU），线性输出，He 初始化，偏置 0.1，**求平均**的代价，数据是 N = 1000 的 sin/cos 数据。以三个学习率各做 1000 轮全批量梯度下降。每隔 25 轮停下来，在当前权重处测量 λ_max（`lrfind.sharpness` 把两件事一起做了：普通梯度下降不保存任何状态，所以分段训练和一口气训练是同一次运行）。

# %%
fixed = dict(reduction="mean", output_activation="identity", leak=0.01, weight_init="he", bias_init="0.1")
s_fixed = liverun.DEFAULT.replace(**fixed)
X, Y = liverun.data(s_fixed)
paths = {lr: lrfind.sharpness(s_fixed.network(), X, Y, lr, epochs=1000, every=25)
         for lr in (0.05, 0.1, 0.2)}

# %%
fig, (ax, axc) = plt.subplots(2, 1, figsize=(7, 5.4), sharex=True, height_ratios=(3, 2))
for (lr, (at, lam, cost)), color in zip(paths.items(), ("tab:blue", "tab:orange", "tab:green")):
    ax.plot(at, lam, "o-", ms=3, color=color, label=f"lr = {lr}")
    ax.hlines(2 / lr, 0, 1000, color=color, linestyle="--", linewidth=1)
    ax.text(1015, 2 / lr, f"2 / lr = {2 / lr:g}", color=color, va="center", fontsize=8)
    axc.semilogy(cost, color=color, linewidth=1)
ax.set_xlim(-20, 1200)
ax.set_ylabel("λ_max at the current weights")
ax.set_ylim(0, 45)
ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.42, 1.0))
ax.set_title("λ_max rises to 2 / lr, or levels off below it", fontsize=10)
axc.set_xlabel("epoch")
axc.set_ylabel("cost")
fig.tight_layout()

# %%
lam0 = paths[0.05][1][0]
settled = {lr: np.nanmedian(lam[len(lam) // 2:]) for lr, (at, lam, cost) in paths.items()}
print(f"lambda_max at the initial weights: {lam0:.1f}")
for lr, (at, lam, cost) in paths.items():
    print(f"lr {lr}: lambda_max over the second half {settled[lr]:.1f} (2 / lr = {2 / lr:g}); cost {cost[0]:.1f} -> {cost[-1]:.4f}; "
          f"{np.isnan(lam).sum()} of {len(lam)} measurements did not settle")
ups = {lr: int((np.diff(cost) > 0).sum()) for lr, (at, lam, cost) in paths.items()}
print("updates that raised the cost:", ups)
assert round(lam0, 1) == 13.8
assert 30 < settled[0.05] < 36 and np.nanmax(paths[0.05][1]) < 40      # sharpened, still below 2 / lr
assert round(settled[0.05] / lam0, 1) == 2.4
assert abs(settled[0.1] / 20 - 1) < 0.05 and abs(settled[0.2] / 10 - 1) < 0.05
assert round(0.2 * lam0, 2) == 2.76 and paths[0.2][2][-1] < paths[0.2][2][0] / 1000
assert all(np.isnan(lam).sum() < len(lam) / 4 for at, lam, cost in paths.values())
assert ups[0.1] > 100 and ups[0.2] > 100 and ups[0.05] == 0        # on average, not every update

# %% [markdown]
# At the initial weights λ_max is 13.8 for all three runs (the same net). Then it moves:
# - at **lr = 0.05** it rises to about 33, 2.4 times its start, and levels off below
#   2 / lr = 40. The curvature grows as the network learns: this is called *progressive
#   sharpening*;
# - at **lr = 0.1** it rises until it meets 2 / lr = 20, and hovers there (within 5% over
#   the second half of the run);
# - at **lr = 0.2** lr × λ_max starts at 2.76, above the limit, so 02's rule says the run
#   must blow up. It falls a thousandfold all the same, and λ_max hovers at 2 / lr = 10.
#
# A gap in a curve is a measurement left out: the power iteration that measures λ_max did
# not settle (it is slow when the two largest curvatures are nearly equal). Where the gaps
# fall can change from one computer to the next; the curves around them do not.
#
# What happens in the first updates at lr = 0.2? λ_max and the cost after each of the first
# five:

# %% [markdown] lang="zh" en="a6b65f5e27ad"
# 在初始权重处，三次运行的 λ_max 都是 13.8（网络是同一个）。之后它就变了：
# - **lr = 0.05** 时，它升到约 33，是起点的 2.4 倍，然后在 2 / lr = 40 之下趋于平稳。曲率随着网络的学习而增大，这叫作*渐进锐化*（progressive sharpening）；
# - **lr = 0.1** 时，它一直升到 2 / lr = 20，然后在那里徘徊（运行的后半段偏离不超过 5%）；
# - **lr = 0.2** 时，lr × λ_max 一开始就是 2.76，超过了界限，按 02 的规则这次运行必然爆炸。可代价照样降到了原来的千分之一，λ_max 则在 2 / lr = 10 附近徘徊。
#
# 曲线上有缺口，是因为那里的测量被略去了：测量 λ_max 用的幂迭代没有收敛（最大的两个曲率几乎相等时，它收敛得很慢）。缺口出现在哪里，可能因计算机而异；缺口两侧的曲线则不会变。
#
# lr = 0.2 时，最初几步更新里发生了什么？下面是前五步更新后各自的 λ_max 和代价：

# %%
at5, lam5, cost5 = lrfind.sharpness(s_fixed.network(), X, Y, 0.2, epochs=5, every=1)
print("epoch:     ", at5.tolist())
print("lambda_max:", np.round(lam5, 1))
print("cost:      ", np.round(cost5, 3))
assert round(lam5[0], 1) == 13.8 and cost5[1] < cost5[0] / 4       # above 2 / lr, and the cost falls
assert np.nanmax(lam5[1:4]) > 20 and np.nanmin(lam5[4:]) < 10      # bounces, then a flatter place

# %% [markdown]
# The first update cuts the cost more than fourfold, although lr × λ_max is 2.76: it
# overshoots only along the steepest direction, which holds a small share of the cost,
# while every other direction shrinks. The next updates bounce (λ_max jumps above 20 and
# back, the cost up and down) until the weights reach a flatter place: after five updates
# λ_max is below 2 / lr = 10. The cost panel under the figure shows the rest: at lr = 0.1
# and 0.2 the cost rises on hundreds of updates (counted above), yet falls on average;
# at lr = 0.05, below the edge, it falls on every one.
#
# Cohen et al. (2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of
# Stability") found this on many networks: under full-batch gradient descent λ_max rises
# until it reaches about 2 / lr, and then stays there while the cost keeps falling, not
# smoothly but on average. So 02's rule describes the **current** weights, not the run:
# lr × λ_max at the start says whether the first updates overshoot, not how the run ends.
#
# ## 2. Why 07's exploding run grows so much faster than 02's rule predicts
#
# The exploding run of 07: a linear output, LEAK 0.01, lr 1e-3, the summed cost on N = 1000.
# Here is lr × λ_max measured at the start of each update, against the cost's growth in that
# update:

# %% [markdown] lang="zh" en="33dd84ba8d7f"
# 尽管 lr × λ_max 是 2.76，第一步更新就把代价降到了原来的四分之一以下：它只在最陡的方向上冲过了头，而这个方向只占代价的一小部分，其余各个方向都在收缩。接下来几步来回反弹（λ_max 跳到 20 以上又落回，代价也忽升忽降），直到权重到达一处更平坦的地方：五步更新之后，λ_max 已低于 2 / lr = 10。图中下方的代价面板展示了之后的情况：lr = 0.1 和 0.2 时，有数百步更新让代价上升（上面统计过），但平均来看代价在下降；lr = 0.05 处在边缘之下，代价每一步都在下降。
#
# Cohen 等人（2021，“Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability”）在许多网络上都发现了这个现象：用全批量梯度下降训练时，λ_max 会一直上升到约 2 / lr，然后停在那里，而代价仍在下降：不是平稳地降，而是平均来看在降。所以 02 的规则描述的是**当前**权重，而不是整次运行：开始时的 lr × λ_max 能说明最初几步更新会不会冲过头，却说明不了整次运行的结局。
#
# ## 2. 为什么 07 中爆炸的运行比 02 的规则预测的增长得快得多
#
# 07 中爆炸的那次运行：线性输出，LEAK 0.01，lr 1e-3，N = 1000 上求和的代价。下面逐步重新测量 lr × λ_max（每步更新开始时测一次），并与这一步中代价的增长倍数对照：

# %%
s_boom = liverun.DEFAULT.replace(output_activation="identity", leak=0.01, lr=1e-3)
X_boom, Y_boom = liverun.data(s_boom)
at, lam_boom, c_boom = lrfind.sharpness(s_boom.network(), X_boom, Y_boom, 1e-3, epochs=3,
                                        every=1, reduction="sum")
ratio_boom = 1e-3 * lam_boom[:3]                 # lr x lambda_max at the start of updates 1, 2, 3
predicted = (ratio_boom - 1) ** 2                # 02's rule: the cost's growth on a quadratic
actual = c_boom[1:] / c_boom[:-1]
net_boom, norms = s_boom.network(), []    # the same run again, to read its weights
for k in range(3):
    norms.append([np.linalg.norm(W) for W in net_boom.weights])
    nnlib.train(net_boom, X_boom, Y_boom, lr=1e-3, epochs=1, reduction="sum", record=False)
for k in range(3):
    print(f"update {k + 1}: |W1| {norms[k][0]:7.3g}, |W2| {norms[k][1]:7.3g}; lr x lambda_max {ratio_boom[k]:8.4g}, "
          f"rule predicts x{predicted[k]:.3g}, cost grew x{actual[k]:.3g} ({actual[k] / predicted[k]:.2g} times the rule)")
print(f"over the three updates: x{(c_boom[3] / c_boom[0]) ** (1 / 3):.3g} per update on average")

# %%
gap = actual / predicted
assert round(ratio_boom[0], 1) == 20.4 and round(predicted[0], -1) == 380
assert np.all(np.diff(ratio_boom) > 0) and ratio_boom[1] > 600
assert round(actual[0], -2) == 1600 and actual[2] > 1e15
assert round((c_boom[3] / c_boom[0]) ** (1 / 3) / 1e7, 1) == 7.6
assert 0.25 < gap[1] < 4 and 3e8 < gap[2] < 6e8                  # the rule holds for update 2, not 3
assert norms[2][0] > 100 * norms[1][0] and norms[2][1] > 100 * norms[1][1]

# %% [markdown]
# 02's rule, (lr × λ_max − 1)², holds on a quadratic, whose curvature is the same everywhere,
# and even there only once the steepest direction dominates the error (02's runs showed it
# from the second or third step on). Our network's cost is not a quadratic: its output
# multiplies the two layers' weights, so the gradient for the first layer's weights W1 is
# multiplied by W2, and the curvature along W1 grows like |W2|² (and along W2 like the
# squared size of the hidden units, which grow with W1). Each step is so large that it lands
# where the cost is far steeper:
# - before update 1, lr × λ_max is 20.4 (the rule predicts ×376); the cost grows about
#   1,600-fold, and after it lr × λ_max is over 600;
# - by update 2 the steepest direction dominates, the case where the rule holds on a
#   quadratic, and it holds for that one update: lr × λ_max is 639, and the cost grows
#   within a factor 4 of the rule's ×4 × 10⁵;
# - but update 2 multiplies both layers' weights over 100-fold (|W1| and |W2| above), and
#   the curvature with them: update 3 grows the cost about 4 × 10⁸ times more than the
#   curvature at its start predicts.
#
# The average over the three updates, about 7.6 × 10⁷ per update, is the caption's
# "7.62e7-fold" in 07. On a quadratic the cost of a diverging run grows by the same factor
# every update; here the factor itself grows, which is why 07's cost panel of this run bends
# upward on its log scale. 02's rule still tells you the run will explode; it cannot tell
# you how fast.
#
# ## 3. Why 07's check 1 reads 2.07 while the cost falls
#
# Check 1 of 07: the default playground at N = 10,000 (summed cost, lr 1e-5). Its readout,
# lr × λ_max = 2.07, is measured at the initial weights. Measured as the run goes, in float32
# as the playground trains, and on 3,000 of the samples scaled to N as its readout does:

# %% [markdown] lang="zh" en="ee67eedd9944"
# 02 的规则 (lr × λ_max − 1)² 适用于二次函数（二次函数的曲率处处相同）；而且即便在二次函数上，也要等最陡方向在误差中占了主导才成立（笔记本 02 中的运行从第二或第三步起才体现出这一点）。我们网络的代价不是二次函数：它的输出是两层权重相乘的结果，所以第一层权重 W1 的梯度要乘上 W2，沿 W1 的曲率随 |W2|² 增长（沿 W2 的曲率则随隐藏单元大小的平方增长，而隐藏单元又随 W1 增大）。每一步都迈得太大，落到了代价陡峭得多的地方：
# - 更新 1 之前，lr × λ_max 是 20.4（规则预测 ×376）；代价增长了约 1,600 倍，这一步之后 lr × λ_max 超过了 600；
# - 到更新 2 时，最陡方向已占主导，这正是二次函数上规则成立的条件，而规则在这一步也确实成立：lr × λ_max 是 639，代价的增长与规则预测的 ×4 × 10⁵ 相差不到 4 倍；
# - 但更新 2 把两层的权重都放大了 100 多倍（见上面的 |W1| 和 |W2|），曲率也随之变大：更新 3 中代价的增长倍数，是按这一步开始时的曲率所预测的约 4 × 10⁸ 倍。
#
# 三步平均下来，每步约增长 7.6 × 10⁷ 倍，这就是 07 图注中的“7.62e7 倍”。在二次函数上，发散运行的代价每步都按同一个倍数增长；这里倍数本身也在增长，所以在笔记本 07 中这次运行的代价面板上，曲线在对数坐标里向上弯。02 的规则仍能告诉你这次运行会爆炸，却无法告诉你它爆炸得多快。
#
# ## 3. 为什么 07 的检验 1 读数为 2.07，代价却在下降
#
# 07 的检验 1：默认设置的实验台，N = 10,000（求和的代价，lr 1e-5）。它的读数 lr × λ_max = 2.07 是在初始权重处测的。下面改为在运行过程中测量：和实验台训练时一样用 float32，也和它的读数一样，在其中 3,000 个样本上测量，再按 N 放大：

# %%
s_big = liverun.DEFAULT.replace(n=10_000)
X_big, Y_big = liverun.data(s_big)
marks = (0, 1, 2, 3, 10, 30, 300, 1000)
_, lam_big, big_cost = lrfind.sharpness(s_big.network(), X_big, Y_big, 1e-5, epochs=1000, every=marks,
                                        samples=3000, reduction="sum", dtype="float32")
ratio_big = 1e-5 * lam_big
print("epoch:          ", marks)
print("lr x lambda_max:", np.round(ratio_big, 2))
print("cost:           ", np.round(big_cost[list(marks)], -2))

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2))
ax1.semilogx(np.array(marks) + 1, ratio_big, "o", label="measured")
ax1.axhline(2, color="k", linestyle="--", linewidth=1, label="limit 2")
ax1.set_xlabel("epoch + 1 (so that epoch 0 fits a log axis)")
ax1.set_ylabel("lr × λ_max")
ax1.legend(fontsize=8)
ax1.set_title("N = 10,000, summed: the readout moves", fontsize=10)
ax2.loglog(np.arange(1, len(big_cost) + 1), big_cost)
ax2.set_xlabel("epoch + 1")
ax2.set_ylabel("cost")
ax2.set_title("its cost", fontsize=10)
fig.tight_layout()

# %%
r = dict(zip(marks, ratio_big))
assert round(r[0], 2) == 2.07 and round(r[1]) == 4 and r[2] < 1.5 and abs(r[3] - 2.2) < 0.05  # up, below 2, just above
assert big_cost[1] > big_cost[0] and big_cost[2] > big_cost[1] and big_cost[3] < big_cost[0] / 4 and big_cost[4] < big_cost[3]
# r[1000] is a power iteration at weights whose two top curvatures are close (07 says so too):
# it reads 1.971 to 2.005 across BLAS kernels, so it is 'about 2', on either side of the limit
assert 1.7 < r[30] < 1.85 and abs(r[1000] - 2) < 0.05 and r[30] < r[300] < r[1000]

# %% [markdown]
# The readout's 2.07 holds only at epoch 0. The first update overshoots (lr × λ_max is about
# 4 at the weights it reaches, and the cost rises for two updates), the second lands on
# flatter weights, where lr × λ_max is below 1.5, and the third brings the cost far down. At
# epoch 3 lr × λ_max is back above 2, and still the cost falls: just above 2 only the
# steepest direction grows, by |1 − lr × λ_max|, about 1.2 times per update, and it holds a
# small share of the cost, while every other direction shrinks. Then the sharpening of
# section 1 sets in: lr × λ_max climbs back, from about 1.8 at epoch 30 to about 2, the
# limit, at epoch 1000, where the zigzag of 07's close-up lives. So 07's readout is a warning
# about the first updates, and that is what it is for: it is known before training.
#
# The playground can draw this curve too, for any settings it runs with plain gradient
# descent: add the panel option `"sharpness"`:
#
#     from nnlib.live import livefig, widgets
#     widgets.Playground(panels=livefig.DEFAULT_PANELS + ("sharpness",))
#
# (it measures λ_max at six epochs of the run, so each move costs one more run).
#
# ## 4. The update-to-weight ratio and its rule of thumb
#
# Another number is often read to choose lr: the **update-to-weight ratio**, the size of one
# update relative to the size of the weights it changes, ‖lr · gradient‖ / ‖W‖, for each
# layer at each epoch (`History.update_ratio`, an epochs × layers array). A rule of thumb
# from Stanford's CS231n course says it should be around 1e-3: much larger and lr is
# probably too high, much smaller and too low. 07's caption quotes it (its *median update*).
# Does it hold here? The fixed network for 500 epochs at 13 learning rates, four per decade
# from 0.001 to 1. One number per run, as 07's caption reads it: the median of the ratios of
# both layers at all epochs, pooled together (and, to see how it moves, of the first 10 and
# the last 50 epochs only):

# %% [markdown] lang="zh" en="dd127e4eaca3"
# 读数 2.07 只在第 0 轮成立。第一步更新冲过了头（在它到达的权重处 lr × λ_max 约为 4，代价连升两步），第二步落到更平坦的权重上，那里 lr × λ_max 低于 1.5，第三步则让代价大幅下降。到第 3 轮，lr × λ_max 又回到 2 以上，代价却仍在下降：刚过 2 时，只有最陡方向在增长，每步增长 |1 − lr × λ_max| 倍，约 1.2 倍，而这个方向只占代价的一小部分，其余各个方向都在收缩。随后第 1 节的锐化开始起作用：lr × λ_max 重新攀升，从第 30 轮的约 1.8 升到第 1000 轮的约 2，也就是界限本身，07 特写图中的锯齿就出现在这里。所以 07 的读数是对最初几步更新的警告，这正是它的用途：它在训练开始之前就能算出来。
#
# 实验台也能画出这条曲线，只要用的是普通梯度下降，任何设置都行。加上面板选项 `"sharpness"` 即可：
#
#     from nnlib.live import livefig, widgets
#     widgets.Playground(panels=livefig.DEFAULT_PANELS + ("sharpness",))
#
# （它要在运行中的六个轮次上测量 λ_max，所以每调一次控件，都相当于多跑一次运行。）
#
# ## 4. 更新量与权重之比及其经验法则
#
# 选 lr 时人们还常看另一个数：**更新量与权重之比**（update-to-weight ratio），即一步更新的大小相对于它所改变的权重的大小，‖lr · gradient‖ / ‖W‖，每层每轮各有一个值（`History.update_ratio`，一个“轮数 × 层数”的数组）。斯坦福 CS231n 课程有一条经验法则：这个比值应在 1e-3 左右；比它大得多，lr 多半太高；小得多，则多半太低。笔记本 07 的图注引用了它（即图注里的 *median update*，更新量中位数）。这条法则在这里成立吗？用修复后的网络，在 13 个学习率上各训练 500 轮，学习率从 0.001 到 1，每个数量级取四个。和 07 的图注一样，每次运行只取一个数：两层在所有轮次上的比值放在一起取中位数（为了看它怎样变化，另外也只取前 10 轮和最后 50 轮各算一次）：

# %%
lrs = 10 ** np.arange(-3, 0.01, 0.25)
hists = [nnlib.train(s_fixed.network(), X, Y, lr=lr, epochs=500, reduction="mean") for lr in lrs]
final = np.array([np.inf if h.diverged else h.cost[-1] for h in hists])
median_ratio = np.array([np.nanmedian(h.update_ratio) for h in hists])
first_ratio = np.array([np.nanmedian(h.update_ratio[:10]) for h in hists])
last_ratio = np.array([np.nanmedian(h.update_ratio[-50:]) for h in hists])
best = int(np.argmin(final))
near = int(np.argmin(np.abs(np.log10(median_ratio[np.isfinite(final)] / 1e-3))))   # the lr the rule picks

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ok = np.isfinite(final)
ax1.loglog(lrs[ok], final[ok], "o-", label="final cost")
ax1.plot(lrs[~ok], np.ones((~ok).sum()), "rx", ms=8, clip_on=False, transform=ax1.get_xaxis_transform(),
         label="diverged (cost inf)")
ax1.set_ylabel("final cost (500 epochs)")
ax1.set_title("the cost each lr reaches", fontsize=10)
for ratio, label, color in ((median_ratio, "median over the run", "tab:blue"), (first_ratio, "first 10 epochs", "tab:orange"),
                            (last_ratio, "last 50 epochs", "tab:purple")):      # green is the best lr's
    ax2.loglog(lrs[ok], ratio[ok], "o-", ms=3, color=color, label=label)
ax2.axhline(1e-3, color="k", linestyle="--", linewidth=1, label="rule of thumb 1e-3")
ax2.set_ylabel("update / weight")
ax2.set_title("the update-to-weight ratio", fontsize=10)
for ax in (ax1, ax2):
    ax.axvline(lrs[near], color="0.5", linestyle=":", linewidth=1)
    ax.axvline(lrs[best], color="tab:green", linewidth=1.5, alpha=0.7)
    ax.set_xlabel(f"lr (dotted: {lrs[near]:.2g}, the rule's pick; green: {lrs[best]:.2g}, the best)")
    ax.legend(fontsize=7)
fig.tight_layout()

# %%
print(f"best lr {lrs[best]:.3g}: final cost {final[best]:.2g}, median ratio {median_ratio[best]:.2g}, last 50 updates {last_ratio[best]:.2g}")
print(f"ratio nearest 1e-3 at lr {lrs[near]:.3g} ({median_ratio[near]:.2g}): final cost {final[near]:.2g}")
print(f"first 10 epochs read {np.min(first_ratio[ok] / median_ratio[ok]):.0f} to {np.max(first_ratio[ok] / median_ratio[ok]):.0f} times the median")
hot = ok & (lrs >= 0.1)
print(f"lr 0.1 to {lrs[hot].max():.2g}: median ratio {median_ratio[hot].min():.2g} to {median_ratio[hot].max():.2g}, final cost up to {final[hot].max():.2g}")

# %%
assert round(lrs[best], 3) == 0.056 and round(lrs[near], 3) == 0.032 and final[near] < 2 * final[best]
assert 0.9e-3 < median_ratio[near] < 1.1e-3 and last_ratio[best] < 1.5e-4
spread = first_ratio[ok] / median_ratio[ok]
assert abs(spread.min() / 3 - 1) < 0.17 and abs(spread.max() / 38 - 1) < 0.05 and abs(last_ratio[best] / 9e-5 - 1) < 0.1
assert hot.sum() == 3 and np.all(median_ratio[hot] > 8e-3) and np.all(median_ratio[hot] < 2e-2)
assert round(median_ratio[hot].min() / 1e-3) == 9 and round(median_ratio[hot].max() / 1e-3) == 19  # "9 to 19 times"
assert np.all(final[hot] < 0.05)
assert last_ratio[best] == last_ratio[ok].min() and median_ratio[best] < median_ratio[near] / 1.5  # the dip
assert median_ratio[hot].min() > 10 * median_ratio[best]                                            # the jump
assert np.isinf(final[lrs > 0.5]).all()

# %% [markdown]
# Where the rule holds: the learning rate whose median ratio is nearest 1e-3 is 0.032, and it
# ends within a factor 2 of the best final cost of the sweep (the best lr is 0.056, the next
# point of the grid). For this network the rule of thumb picks a good lr.
#
# Two features of the right panel: the ratio **dips** at the best lr, 0.056, because that
# run converges fastest, and the gradient shrinks as the cost falls (its last 50 epochs read
# the lowest ratio of the sweep). It **jumps** more than tenfold at lr 0.1 and above: those
# runs sit at the edge of stability of section 1, zigzagging across the valley, so their
# gradient, and with it each update, stays large while the cost still falls.
#
# Where it misleads:
# - **When you read it.** Over the first 10 epochs the ratio is 3 to 38 times its median
#   over the run; near the end of a converged run it is far smaller (9e-5 over the last 50
#   epochs at the best lr, because the gradient shrinks as the cost falls). One
#   reading says "too high" early and "too low" late for the same, best, lr.
# - **It does not see the limit.** lr = 0.1 to 0.32 read 9 to 19 times the rule's 1e-3,
#   "too high", yet all three converge (to costs below 0.05): the edge of stability of
#   section 1 at work. The real limit is a jump, not a slope: between 0.32 and 0.56 the runs
#   go from converging to overflowing. Only a measurement of the limit shows where it is.
#
# ## 5. The range test: fastai's and Lightning's rules against the truth
#
# The usual tool to choose a learning rate is a **range test** (Leslie Smith's, as fastai's
# `lr_find` and Lightning's learning rate finder run it): train for 100 updates while lr
# grows exponentially from 1e-7 to 10, one update at each lr, record the cost, smooth it,
# and apply a rule to the smoothed curve. The test stops early once the smoothed cost is 4
# times its lowest value, so the curve ends where the runs start to diverge. The rules:
#
# | rule | from | it suggests |
# |---|---|---|
# | *valley* | fastai's default | a point a little past the middle of the longest falling stretch of the curve |
# | *slide* | fastai | moving left from the end, the first lr where the curve's slope at two points 15 apart differs by less than 0.005 |
# | *minimum/10* | fastai | a tenth of the lr where the smoothed cost is lowest |
# | *steep* | fastai | the lr where the cost falls fastest against log lr |
# | *steepest* | Lightning | the same, measured per update and skipping the first 10 |
#
# `doctor.find_lr` runs the same test on any `train(settings, steps) -> costs` and applies
# all five, and it also measures the largest stable lr by *bisection*: it finds one stable
# and one unstable lr, then tries the lr halfway between them (on a log scale), keeps the
# half where the answer changes, and repeats until the two are within 5%. Each try is a
# short run (100 updates); "stable" means every cost finite and the last tenth of the run
# below its first cost. Our fixed network as such a train function:

# %% [markdown] lang="zh" en="37ce6a290628"
# 法则成立的地方：比值的中位数最接近 1e-3 的学习率是 0.032，它的最终代价与这次扫描的最佳最终代价相差不到 2 倍（最佳 lr 是 0.056，就是网格上的下一个点）。对这个网络来说，这条经验法则选出了一个不错的 lr。
#
# 右图有两个特点：比值在最佳 lr 0.056 处**下凹**，因为那次运行收敛得最快，而梯度随代价下降而变小（它最后 50 轮的比值是整个扫描中最低的）。在 lr 0.1 及以上，比值**跳升**了十倍以上：这些运行处在第 1 节的稳定性边缘，在山谷两壁之间来回折返，所以尽管代价仍在下降，它们的梯度一直很大，每步更新也就一直很大。
#
# 法则误导人的地方：
# - **取决于什么时候读。** 前 10 轮的比值是它在整次运行上的中位数的 3 到 38 倍；而在收敛的运行临近结束时，它要小得多（最佳 lr 下最后 50 轮为 9e-5，因为梯度随代价下降而变小）。同一个 lr，而且是最佳的 lr，早期读出来是“太高”，后期读出来却是“太低”。
# - **它看不见界限。** lr = 0.1 到 0.32 的读数是法则中 1e-3 的 9 到 19 倍，属于“太高”，可这三次运行都收敛了（代价降到 0.05 以下）：这正是第 1 节的稳定性边缘在起作用。真正的界限是一处跳变，而不是一段斜坡：在 0.32 与 0.56 之间，运行从收敛一下子变为溢出。只有把界限测出来，才知道它在哪里。
#
# ## 5. 范围测试：fastai 与 Lightning 的规则对照真实值
#
# 选学习率的常用工具是**学习率范围测试**（简称范围测试，由 Leslie Smith 提出，fastai 的 `lr_find` 和 Lightning 的学习率查找器都按这种方法实现）：做 100 步更新，同时让 lr 从 1e-7 按指数增长到 10，每个 lr 只更新一步，记下代价，将其平滑，再对平滑后的曲线套用一条规则。一旦平滑后的代价达到其最低值的 4 倍，测试就提前停止，所以曲线止于运行开始发散的地方。这些规则是：
#
# | 规则 | 出处 | 它建议的 lr |
# |---|---|---|
# | *valley* | fastai 的默认规则 | 曲线最长下降段中点稍靠后的一个点 |
# | *slide* | fastai | 从末端向左找，第一个满足以下条件的 lr：曲线在相隔 15 个点的两处斜率之差小于 0.005 |
# | *minimum/10* | fastai | 平滑代价最低处的 lr 的十分之一 |
# | *steep* | fastai | 代价对 log lr 下降最快处的 lr |
# | *steepest* | Lightning | 同上，但按每步更新计算，并跳过前 10 步 |
#
# `doctor.find_lr` 对任意一个 `train(settings, steps) -> costs` 运行同样的测试，套用全部五条规则；它还用*二分法*（bisection）测出最大稳定 lr：先找到一个稳定的 lr 和一个不稳定的 lr，再试两者（在对数刻度上）的中点，保留结论发生变化的那一半，如此反复，直到两者相差不到 5%。每次尝试都是一次短运行（100 步更新）；“稳定”指每个代价都是有限值，并且运行最后十分之一的代价都低于它的第一个代价。把我们修复后的网络写成这样一个训练函数：

# %%
spec = dict(sizes=[7, 10, 2], activation="leaky_relu", output_activation="identity", leak=0.01,
            weight_init="he", bias_init=0.1, data="sincos", n=1000, reduction="mean", lr=0.05)  # = s_fixed in doctor's format
found = doctor.find_lr(lrfind.runspec_train, spec)
print(found)
assert np.allclose(lrfind.runspec_train({**spec, "lr": lrs[best]}, 500), hists[best].cost)  # section 4's net

# %%
ax = nplt.lr_range(found, best_lr=lrs[best])
ax.set_title("Range test on the fixed network: each rule, the measured limit, the best lr", fontsize=10);

# %%
i_low = int(np.argmin(found.smoothed))
memory = 1 / (1 - lrfind.BETA)                                         # updates the average remembers
decades = memory * np.log10(10 / 1e-7) / 99                            # lr grows 8 decades over 99 steps
print(f"the smoothing remembers about {memory:.0f} updates: {decades:.1f} decades of lr")
print(f"{len(found.lrs)} of 100 updates before the test stopped, at lr {found.lrs[-1]:.2g}")
print(f"raw cost {found.losses[0]:.3g} -> lowest {found.losses.min():.2g}; smoothed {found.smoothed[0]:.3g} -> lowest "
      f"{found.smoothed[i_low]:.2g} at lr {found.lrs[i_low]:.2g}")
assert len(found.lrs) < 100 and 0.4 < found.lrs[-1] < 2 and round(decades) == 4
assert abs(found.losses.min() / 0.6 - 1) < 0.1 and abs(found.smoothed.min() / 13 - 1) < 0.1
assert round(found.smoothed[0]) == 22 and len(found.lrs) == 85 and round(found.lrs[-1], 2) == 0.61

# %% [markdown]
# The smoothed curve (black) falls only from about 22 to 13 while the raw cost (grey) falls
# to about 0.6: the smoothing is fastai's, an average that weighs each new cost by 0.02, so
# it remembers about the last 50 updates, and over this test those span four decades of
# lr. The rules read that lagging curve, so their answers trail the raw cost's fall. The
# test stopped after 85 updates, at lr 0.61, where the smoothed cost passed 4 times its
# lowest value: that is why the axis ends there and not at 10.
#
# Is the measured limit the limit of a real run? The same bisection on runs of 500 updates,
# as long as section 4's:

# %% [markdown] lang="zh" en="a77420c90cc8"
# 平滑后的曲线（黑色）只从约 22 降到 13，原始代价（灰色）却降到了约 0.6：这里的平滑沿用 fastai 的做法，即一种指数加权的滑动平均，每个新代价只占 0.02 的权重，所以它大约记得最近 50 步更新，而在这次测试中，这些更新跨越了 lr 的四个数量级。各条规则读的是这条滞后的曲线，所以它们的答案落后于原始代价的下降。测试在 85 步更新后、lr 为 0.61 时停止，此时平滑代价超过了其最低值的 4 倍：这就是横轴止于此处、而不是 10 的原因。
#
# 测得的界限是不是真实运行的界限？在 500 步更新的运行上做同样的二分，和第 4 节的运行一样长：

# %%
full_lo, full_hi, _, _ = lrfind.stable_limit(lrfind.runspec_train, spec, found.stable_lr, steps=500)
print(f"limit on 100-update runs: {found.stable_lr:.3g}; on 500-update runs: stable at {full_lo:.3g}, unstable at {full_hi:.3g}")
assert abs(found.stable_lr / 0.54 - 1) < 0.05 and abs(full_lo / 0.54 - 1) < 0.05

# %% [markdown]
# And how well does each suggestion train, 500 epochs as in section 4?

# %% [markdown] lang="zh" en="f04b48a6d4bd"
# 那么按每条规则建议的 lr 训练，效果如何？和第 4 节一样训练 500 轮：

# %%
outcome = {}
for name, lr in found.suggestions.items():
    outcome[name] = nnlib.train(s_fixed.network(), X, Y, lr=lr, epochs=500, reduction="mean").cost[-1]
    print(f"{name:>10}: lr {lr:.2g} = {lr / lrs[best]:.2g} x the best lr, {lr / full_lo:.2g} x the limit; final cost {outcome[name]:.2g}")

# %%
sug = found.suggestions
assert 8 < full_lo / lrs[best] < 12
assert all(sug[k] / lrs[best] > 0.4 for k in ("minimum/10", "steep", "steepest"))
assert all(v < full_lo / 10 for v in sug.values()) and sug["slide"] < 1e-4 and sug["valley"] < 1e-3
assert 0.02 < sug["minimum/10"] < 0.03 and 0.02 < sug["steep"] < 0.04 and 0.02 < sug["steepest"] < 0.04
assert round(sug["steep"], 3) == round(sug["steepest"], 3) == 0.031 and round(sug["minimum/10"], 3) == 0.024
assert round(sug["valley"], 5) == 2.5e-4 and round(sug["slide"], 5) == 1e-5
assert outcome["steep"] < 2 * final[best] and outcome["valley"] > 100 * final[best] and outcome["slide"] > 10
assert np.isnan(found.growth_lr)

# %% [markdown]
# On our network:
# - the measured limit is about 0.54 on runs of 100 and of 500 updates alike, and the best
#   lr of section 4's sweep, 0.056, is about a tenth of it;
# - *steep* and *steepest* (0.031, one line on the other) and *minimum/10* (0.024) land
#   within a factor 2.5 of the best lr, and *steep*'s run ends within a factor 2 of the
#   best final cost;
# - *valley* (2.5e-4) and *slide* (1e-5) land decades lower, and their runs barely train in
#   500 epochs. Both rules were designed for the noisy minibatch curves of large networks:
#   *valley* takes the middle of the longest falling stretch, and on a smooth full-batch
#   curve that stretch starts at the smallest lr; *slide* compares the cost's slope with a
#   threshold (0.005) in the cost's own units, so it depends on how large the cost is.
# - the doctor's growth estimate (notebook 08: 2 lr / (1 + √g) for a cost growing g-fold
#   per update) needs a steady geometric blow-up, and this network's diverging runs speed
#   up as their weights grow (section 2): it gives none.
#
# One network proves little. `benchmarks/lr_truth.py` measures the same on 240 small runs
# (nnlib nets of depth 1 to 4 with five activations, three inits, three biases, three data
# sets, sum and mean; plain NumPy linear models and MLPs, full batch and minibatch), each
# with its true stable lr (bisection on full-length runs) and best lr (lowest final cost on
# a log grid). Its table, from `benchmarks/lr_truth.json`: for each estimator, how far its
# answer is from each truth in decades (the median of |log10(estimate / truth)|, the 90th
# percentile in brackets), the *signed* median (below 0: too low), the share within 15% of
# the stable lr, the share of runs it answers on, and *unstable*, the share of its answers
# at which training is unstable:

# %% [markdown] lang="zh" en="c857843c7d62"
# 在我们的网络上：
# - 无论运行是 100 步还是 500 步更新，测得的界限都约为 0.54；第 4 节扫描得到的最佳 lr 0.056 约为它的十分之一；
# - *steep* 和 *steepest*（0.031，两条线重合）以及 *minimum/10*（0.024）都落在最佳 lr 的 2.5 倍以内，且 *steep* 的运行最终代价与最佳最终代价相差不到 2 倍；
# - *valley*（2.5e-4）和 *slide*（1e-5）则低了几个数量级，它们的运行在 500 轮里几乎没训练起来。这两条规则都是为大型网络那种带噪声的小批量曲线设计的：*valley* 取最长下降段的中点，而在平滑的全批量曲线上，这一段从最小的 lr 就开始了；*slide* 把代价的斜率与一个阈值（0.005）相比，这个阈值以代价本身为单位，所以结果取决于代价有多大。
# - 诊断器的增长估计（笔记本 08：代价每步增长 g 倍时，界限为 2 lr / (1 + √g)）要求代价每步按同一倍数增长，而这个网络的发散运行会随权重增大而越来越快（第 2 节），所以它给不出答案。
#
# 一个网络说明不了多少问题。`benchmarks/lr_truth.py` 在 240 次小规模运行上做了同样的测量（nnlib 网络，深度 1 到 4，五种激活函数、三种初始化、三种偏置、三个数据集，求和与求平均；还有纯 NumPy 的线性模型和 MLP，全批量和小批量都有），每次运行都有它真实的稳定 lr（在完整长度的运行上二分得到）和最佳 lr（在对数网格上最终代价最低的那个）。下面是它的表，取自 `benchmarks/lr_truth.json`。对每种估计方法，表中依次给出：它的答案与每个真实值相差几个数量级（|log10(estimate / truth)| 的中位数，方括号里是第 90 百分位数）；*signed*（有符号）中位数，小于 0 即偏低；落在稳定 lr 15% 以内的比例；它给出答案的运行所占的比例（*answers*）；以及 *unstable*（不稳定），即按它的答案训练时不稳定的比例：

# %%
# the repository's benchmarks/, from notebooks/ (or notebooks/zh/, the Chinese edition)
here = next(p for p in (Path(".."), Path("../..")) if (p / "benchmarks" / "lr_truth.json").exists())
bench = json.loads((here / "benchmarks" / "lr_truth.json").read_text())
full = bench["summary"]["full batch"]
print(f"{bench['counts']['full batch']} full-batch runs")
print(lrfind.score_table(full))
runs = [r for r in bench["results"] if r["full_batch"] and np.isfinite([r["stable_lr"], r["best_lr"]]).all()]
best_over_limit = np.median([r["best_lr"] / r["stable_lr"] for r in runs])
print(f"best lr / stable lr: median {best_over_limit:.2f} over {len(runs)} runs; ours {lrs[best] / full_lo:.2f}")

# %%
rules = ("valley", "slide", "minimum/10", "steep", "steepest")
below = [-full[k]["stable_lr"]["signed_median"] for k in rules]
assert bench["counts"]["full batch"] >= 150 and bench["runs"] == 240
assert round(full["bisection"]["stable_lr"]["within15"], 2) == 0.96 and full["bisection"]["diverged"] < 0.1
assert all(full["bisection"]["stable_lr"]["median"] < full[k]["stable_lr"]["median"] for k in full if k != "bisection")
lam_row = full["2/lambda_max"]["stable_lr"]
assert round(lam_row["median"], 2) == 0.34 and round(lam_row["signed_median"], 2) == -0.34
assert round(full["growth"]["stable_lr"]["given"], 2) == 0.62 and round(full["growth"]["diverged"], 2) == 0.53
assert round(min(below), 2) == 0.73 and round(max(below), 2) == 4.07 and round(max(full[k]["diverged"] for k in rules), 2) == 0.10
always = [k for k in full if full[k]["stable_lr"]["given"] >= 0.9]
assert full["bisection"]["best_lr"]["median"] == min(full[k]["best_lr"]["median"] for k in always)
assert round(best_over_limit, 2) == 0.75 and lrs[best] / full_lo < 0.15

# %% [markdown]
# What the full-batch runs say (the minibatch runs are in the JSON file too):
# - **find_lr's bisection** lands within 15% of the true stable lr on 96% of the runs and,
#   of the estimators that always answer, it is the closest to the best lr as well: on most
#   of these small runs the best lr is close to the limit (the median of best lr / stable lr
#   is 0.75). Our network is the opposite case: its best lr is a tenth of its limit.
# - **2 / λ_max at the initial weights** is off by a median of 0.34 decades (a factor about
#   2.2), and its signed median, −0.34, says it is mostly too low: the limit moves (sections
#   1 to 3).
# - **The growth estimate** answers on 62% of the runs (it needs a steady blow-up), and
#   training at its answer is unstable on 53% of them: read from an overshooting run, it is
#   an upper bound more than an estimate.
# - **The range-test rules** are rarely unstable (10% of the runs or fewer) because they
#   sit far below the limit: their signed medians run from −0.73 decades (minimum/10, a
#   factor 5 below) to −4.07 (slide). They pick a safe lr, not the best.
#
# So which lr, once the limit is measured? On the benchmark the best lr is most often near
# the limit, on our network a tenth of it. Two tries cover both: the limit / 2 and the
# limit / 10. How far the nearer of the two is from the best lr, on the benchmark's runs,
# and what both give on our network:

# %% [markdown] lang="zh" en="9831326a8546"
# 全批量运行的结果说明了什么（小批量运行的结果也在这个 JSON 文件里）：
# - **find_lr 的二分法**在 96% 的运行上落在真实稳定 lr 的 15% 以内；在总能给出答案的估计方法中，它离最佳 lr 也最近：在这些小规模运行中，最佳 lr 多半接近界限（最佳 lr 与稳定 lr 之比的中位数为 0.75）。我们的网络恰恰相反：它的最佳 lr 只有界限的十分之一。
# - **初始权重处的 2 / λ_max** 偏差的中位数为 0.34 个数量级（约 2.2 倍），有符号中位数为 −0.34，说明它大多偏低：界限会移动（第 1 至 3 节）。
# - **增长估计**只在 62% 的运行上给出答案（它要求代价每步按同一倍数增长），而在其中 53% 的运行上，按它的答案训练并不稳定：从一次冲过头的运行里读出来，它与其说是估计，不如说是一个上界。
# - **范围测试的规则**很少导致训练不稳定（不超过 10% 的运行），因为它们远在界限之下：它们的有符号中位数从 −0.73 个数量级（minimum/10，相差约 5 倍）到 −4.07（slide）。它们选出的是安全的 lr，而不是最佳的 lr。
#
# 那么，测出界限之后该选哪个 lr？在基准测试中，最佳 lr 大多接近界限；在我们的网络上，却只有界限的十分之一。试两次就能兼顾两种情况：界限 / 2 和界限 / 10。下面看在基准测试的运行中，两者里离得近的那个与最佳 lr 相差多少，以及两者在我们网络上的结果：

# %%
near_try = [min(abs(np.log10(r["best_lr"] / (r["stable_lr"] / k))) for k in (2, 10)) for r in runs]
share = np.mean(np.array(near_try) <= np.log10(2))
print(f"benchmark: the nearer of limit/2 and limit/10 is within a factor 2 of the best lr on {share:.0%} of {len(runs)} runs")
tries = {k: nnlib.train(s_fixed.network(), X, Y, lr=full_lo / k, epochs=500, reduction="mean").cost[-1] for k in (2, 10)}
print(f"ours: limit/2 ends at {tries[2]:.2g}, limit/10 at {tries[10]:.2g}; the sweep's best {final[best]:.2g}")
assert round(share, 2) == 0.99 and min(tries.values()) < 1.5 * final[best] and tries[10] < tries[2] / 3

# %% [markdown]
# The nearer try is within a factor 2 of the best lr on 99% of the benchmark's runs, and on
# our network the limit / 10 ends within 1.5 times the sweep's best cost (the limit / 2
# ends several times higher).
#
# ## Summary
# - λ_max (the sharpness) is a property of the current weights. Under full-batch gradient
#   descent it rises until lr × λ_max reaches about 2, or levels off below: 02's rule, read
#   at the initial weights, says whether the first updates overshoot, not how the run ends.
# - A diverging network's growth speeds up because its curvature grows with its weights.
# - To choose lr: measure the largest stable lr (a few short runs, `doctor.find_lr`), then
#   try the limit / 2 and the limit / 10, and keep the better one: on most of the
#   benchmark's runs the best lr is close to the limit, on ours it is a tenth of it. The
#   range test's rules are safe, and often too timid; the update-to-weight ratio is a rough
#   guide, read over the whole run, not at its start.
#
# Back to the start: [00 Start here](00_start_here.ipynb). The playground:
# [07 Playground](07_playground.ipynb).

# %% [markdown] lang="zh" en="dd7228087d0b"
# 在基准测试 99% 的运行上，两次尝试中离得近的那个与最佳 lr 相差不到 2 倍；在我们的网络上，界限 / 10 的最终代价不到扫描最佳代价的 1.5 倍（界限 / 2 的最终代价则高出好几倍）。
#
# ## 小结
# - λ_max（锐度）是当前权重的属性。用全批量梯度下降训练时，它会一直上升到 lr × λ_max 约为 2，或者在此之下趋于平稳：在初始权重处套用 02 的规则，只能说明最初几步更新会不会冲过头，说明不了运行的结局。
# - 发散的网络，代价增长得越来越快，因为它的曲率随权重一起增长。
# - 选择 lr：先测出最大稳定 lr（几次短运行，`doctor.find_lr`），再试界限 / 2 和界限 / 10，留下较好的那个：在基准测试的多数运行中，最佳 lr 接近界限，在我们的网络上则是界限的十分之一。范围测试的各条规则很安全，但往往过于保守；更新量与权重之比只是粗略的参考，要看整次运行，不能只看开头。
#
# 回到起点：[00 从这里开始](00_start_here.ipynb)。实验台：[07 实验台](07_playground.ipynb)。

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. 02's rule run backwards turns a cost's growth per update g into the limit,
#    2 lr / (1 + √g): the doctor's growth estimate. On 07's exploding run (lr 1e-3, about
#    7.6 × 10⁷-fold per update) it gives a wrong limit. Why? Answer with a letter (printed
#    below).
# 2. Our fixed network at lr = 0.25: it starts at λ_max = 13.8, so lr × λ_max = 3.45, above
#    2. If the run converges, near what value does λ_max end?
# 3. Why can a run that starts with lr × λ_max = 2.07 still converge? Answer with a letter.

# %% [markdown] lang="zh" en="63620d9375df"
# ## 检验你的理解
# 请根据本笔记本作答；检查器会告诉你哪些答案是对的，并对其余答案给出提示（答案在末尾的参考答案里）。
# 1. 把 02 的规则倒过来用，就能由代价每步的增长倍数 g 得出界限 2 lr / (1 + √g)：这就是诊断器的增长估计。在 07 中爆炸的那次运行上（lr 1e-3，每步约增长 7.6 × 10⁷ 倍），它给出的界限是错的。为什么？用一个字母作答（选项打印在下方）。
# 2. 我们修复后的网络，lr = 0.25：开始时 λ_max = 13.8，所以 lr × λ_max = 3.45，高于 2。如果这次运行收敛，λ_max 最后会接近什么值？
# 3. 为什么一次以 lr × λ_max = 2.07 开始的运行仍然能收敛？用一个字母作答。

# %%
for question, options in ((1, exercises.choosing.WHY_GROWTH_FAILS), (3, exercises.choosing.WHY_2_07_CONVERGES)):
    print(f"Question {question}:", *(f"  {k}. {text}" for k, text in options.items()), sep="\n")

# %%
exercises.check_understanding_09(
    None,   # 1. a letter, in quotes
    None,   # 2. a number
    None);  # 3. a letter, in quotes

# %% [markdown]
# **Next:** back to [07 Playground](07_playground.ipynb) with the fixed settings at lr 0.2,
# started from its link (the line printed below goes into
# `widgets.playground(state=...)`, or after the app's address). Before you run it, write
# down what you expect the cost to do in its first epochs, and where lr × λ_max ends.

# %% [markdown] lang="zh" en="e51ce51a16aa"
# **下一步：** 回到 [07 实验台](07_playground.ipynb)，通过链接打开修复后的设置，并把 lr 设为 0.2（链接就是下面打印的那一行：可以传给 `widgets.playground(state=...)`，也可以接在应用的地址后面）。运行之前，先写下你预计代价在最初几轮会怎样变化，以及 lr × λ_max 最后停在哪里。

# %%
link = s_fixed.replace(lr=0.2).to_query()
print(f"?{link}")
assert nnlib.RunSpec.from_query(link) == nnlib.RunSpec(lr=0.2, leak=0.01, bias_init="0.1", reduction="mean",
                                                       output_activation="identity", weight_init="he")

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% [markdown] lang="zh" en="29adbcc6ece6" tags=["solution"]
# ---
# ## 参考答案（剧透）
# 下面几个单元格的代码在 JupyterLab 中是折叠的；点击折叠条即可展开。

# %% tags=["solution"] jupyter={"source_hidden": true}
# 1. b: 02's rule holds when the curvature stays put. Section 2: the cost grows 1,600-fold in
#    update 1 and over 1e15-fold in update 3, as the weights and the curvature grow.
# 2. At the edge of stability lr x lambda_max hovers near 2: lambda_max near 2 / 0.25 = 8.
#    The run at lr 0.25, measured: lambda_max ends near 8, and, as at lr 0.2, even the first
#    update lowers the cost (its overshoot is along the steepest direction only).
# 3. b: lambda_max moves with the weights; the first updates reach flatter weights.
at25, lam25, cost25 = lrfind.sharpness(s_fixed.network(), X, Y, 0.25, epochs=1000, every=250)
print(f"lr 0.25: cost {cost25[0]:.3g} -> {cost25[1]:.3g} after one update, {cost25[-1]:.2g} at the end; "
      f"lambda_max at epochs {at25.tolist()}: {np.round(lam25, 1)}")
assert cost25[1] < cost25[0] and cost25[-1] < cost25[0] / 100 and abs(np.nanmedian(lam25[2:]) / 8 - 1) < 0.1
assert exercises.check_understanding_09("b", 2 / 0.25, "b")
