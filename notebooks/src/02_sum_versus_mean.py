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

# %% [markdown] lang="zh" en="9d1b57564610"
# # 02 · 求和与求平均：为什么同样的学习率在数据更多时会爆炸
#
# 在笔记本 01 中，原问题的网络在 100 个样本上能训练，在 1000 个样本上却失败了，而学习率同样是 0.01。原回答的第一点就指向代价：它对所有样本的误差**求和**。本笔记本测量这样做的后果，并精确推导出哪些学习率是安全的。
#
# **在本笔记本中，你将：**
# 1. 测出求和代价的梯度与 N 成正比，而平均代价的梯度完全不随 N 变化；
# 2. 学习梯度下降的稳定性规则，先看碗里的一个权重，再看许多个权重：lr × λ_max < 2，其中 λ_max 衡量代价在最陡方向上弯得有多厉害（第 2 节会一步步把它建立起来）；
# 3. 看到求和代价的 λ_max 随 N 增长，并算出临界学习率；
# 4. 在训练之前预测每一步的爆炸倍数，再用一次实际运行来核对；
# 5. 弄清学习者的 sigmoid 网络为什么能挺过同样的一步（以及它在哪里撑不住）；
# 6. 读懂一张画有理论线的 lr × N 相图，然后交互式地探索它。

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

# %% [markdown] lang="zh" en="cfd105337c12"
# 为了单独观察步的大小，排除死亡单元的干扰，我们把原问题的 `[7, 2]` 网络改成**线性**的（恒等激活函数）：这时它的代价恰好是权重的二次函数。
#
# ## 1. 梯度随 N 增长
#
# 保持初始权重不变，让数据集的规模 N 逐渐增大，对每一种**归约**方式（把 N 个样本各自的代价合并成一个数的方式：求和或求平均），看起点处梯度的大小（范数）：

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

# %% [markdown] lang="zh" en="846218579850"
# 在双对数坐标图上，求和代价的梯度是一条斜率为 1 的直线：数据多十倍，梯度就大十倍，于是在同样的学习率下，步也大十倍。平均代价的斜率为 0。除此之外没有任何区别：求和代价恰好是平均代价的 N 倍。
#
# ### 练习 1：平均代价
# 编写 `my_mean_cost(out, Y)`：计算 `0.5 * (Y - out)**2`，对输出求和，再对 N 个样本（行）求平均，返回一个数。（原回答自己的修复写的是 `0.5 * np.mean(...)`，这样还会再除以输出的个数：只差一个常数因子，无害，但不是 nnlib 的约定。）

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

# %% [markdown] lang="zh" en="d3fb318020ed"
# ## 2. 梯度下降什么时候稳定？
#
# ### 先看一个权重
#
# 从最简单的碗开始：一个权重 w，代价 C(w) = λ w² / 2，碗底在 w = 0。λ 这个数表示碗弯得有多急：它是代价的二阶导数，即代价的**曲率**。梯度是 C′(w) = λ w，所以一步梯度下降是
#
# w ← w − lr · λ w = (1 − lr·λ) w。
#
# 每一步都把 w 乘以同一个因子 1 − lr·λ。起作用的只有乘积 lr·λ：
# - **lr·λ < 1**：因子在 0 和 1 之间，w 从一侧逐渐缩向碗底；
# - **1 < lr·λ < 2**：因子在 −1 和 0 之间，每一步都越过碗底，落到另一侧，但离碗底更近。这是一种仍在缩小的之字形振荡；
# - **lr·λ > 2**：因子小于 −1，每次越过碗底，都比上一次落得更远。w 来回振荡，并且**爆炸**。
#
# 从 w = 1 出发，lr·λ 分别取 0.5、1.5 和 2.5 时的前八步：

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

# %% [markdown] lang="zh" en="ffcb106f197c"
# 走了八步之后，前两种情况下 w 都是 0.0039（一种从一侧逼近，一种来回振荡），第三种情况下是 25.6。所以对一个权重来说，规则是 **lr·λ < 2**，临界学习率是 2 / λ：碗弯得越急，它能容忍的步就越小。
#
# ### 再看七个权重
#
# 对线性网络来说，权重矩阵中对应一个输出的那一列 w（7 个权重）的求和代价是 C(w) = ½ Σₙ (xₙ·w − yₙ)² = ½ |X w − y|²，即对样本（X 的各行 xₙ）求和。它仍然是一个碗，不过是在 7 维空间里，而且在某些方向上可能比另一些方向弯得更急。它的梯度来自链式法则，一次看一个样本：½ (xₙ·w − yₙ)² 对 w 的导数是 (xₙ·w − yₙ) xₙ，对所有样本求和就是
#
# 梯度 = Xᵀ(X w − y) = XᵀX w − Xᵀy。
#
# 有两个词用来描述它怎样弯曲：
# - **黑塞矩阵**（Hessian）H 是由代价的二阶导数组成的 7 × 7 矩阵：第 (i, j) 个元素表示权重 j 变动时，梯度的第 i 个分量变化得有多快。在这里，把 w 移动一个小量 d，梯度恰好改变 XᵀX d，所以 H = XᵀX。它扮演的正是 λ 的角色。
# - 用 H 乘一个方向 v，通常会让它转向。有些特殊方向只会被拉伸：H v = λ v。它们是 H 的**特征向量**，每个拉伸倍数 λ 是一个**特征值**，也就是碗沿那个方向的曲率。这个 H 有七个特征值，对应的特征向量两两垂直（任何黑塞矩阵的特征向量都可以这样选取，因为它的第 (i, j) 个元素等于第 (j, i) 个元素）。当几个特征值相等时，会有一整族方向共享它们：这些特征向量的任意组合都被同一个 λ 拉伸，所以也是特征向量。第 3 节会遇到六个相等的特征值。
#
# 沿每个特征向量，这个碗恰好就是上面那个单权重的碗。设 w* 为碗底（梯度为零：XᵀX w* = Xᵀy），e = w − w* 为误差。梯度是 XᵀX w − XᵀX w* = H e，所以一步更新是 e ← e − lr·H e。现在把 e 拆开：因为七个特征向量两两垂直，任何 e 都可以写成七个分量之和，每个分量沿一个特征向量。H 把每个分量按它自己的 λ 拉伸，方向保持不变，所以走一步之后，每个分量仍沿着它的特征向量，只是乘上了 1 − lr·λ。每个分量各自独立地变化，就像上面那一个权重。每个分量都需要 lr·λ < 2；最陡的那个分量，即对应最大特征值 **λ_max** 的那个，最先失稳：
#
# **只要 lr × λ_max < 2，梯度下降就是稳定的**，所以临界学习率是 2 / λ_max。超过它时，误差每步按 |1 − lr·λ_max| 倍增长，而代价是误差的平方，按这个倍数的平方增长。
#
# ## 3. λ_max 随 N 增长
#
# XᵀX = Σ x xᵀ 是对样本的求和，每个样本贡献一个 7 × 7 的项。样本越多，项越多：它的特征值随 N 增长。平均而言，每个样本贡献 E[x xᵀ]；对 x ~ U(0, 1)⁷，它的元素很容易写出来：
# - 对角线上，E[xᵢ²] = ∫₀¹ x² dx = 1/3，也就是 1/12 + 1/4（U(0, 1) 的方差，加上它的均值 1/2 的平方）；
# - 对角线外，E[xᵢ xⱼ] = E[xᵢ] E[xⱼ] = 1/4（各输入相互独立）。
#
# 所以 E[x xᵀ] = I/12 + 11ᵀ/4，其中 **1** 是七个分量全为一的向量，11ᵀ 是元素全为一的 7 × 7 矩阵。它的特征值也很好求。用 11ᵀ 乘 1：每一行都是七个一相加，所以 11ᵀ 1 = 7 · 1。全一方向是一个特征向量，特征值为 7。任何与它垂直的方向（各分量之和为 0）都被映射为 0：它们全都是特征值为 0 的特征向量，这一整族方向（六个线性无关的方向）共享同一个特征值，正如第 2 节所允许的那样。所以 11ᵀ/4 的特征值是 7/4 和 0，加上 I/12 会给每个特征值都加上 1/12：E[x xᵀ] 的 λ_max 为 1/12 + 7/4 ≈ 1.83，方向是全一方向，即“所有权重一起增大”。它之所以这么大，是因为每个输入都是正的，均值为 1/2：七个输入都把输出往同一个方向推（**标准化**后的输入经过平移和缩放，均值为 0、标准差为 1，就没有这个 7/4 了：见笔记本 04）。
#
# 所以 λ_max ≈ 1.83 N，求和代价的临界学习率按 1/N 下降。平均代价的黑塞矩阵是 XᵀX / N：无论 N 多大，它的临界学习率都在 2 / 1.83 ≈ 1.1 附近。

# %%
E_xx = np.eye(7) / 12 + np.ones((7, 7)) / 4             # E[x x^T] for x ~ U(0, 1)^7
eigenvalues, eigenvectors = np.linalg.eigh(E_xx)
print(f"eigenvalues of E[x x^T]: {eigenvalues.round(4)}; top eigenvector: {eigenvectors[:, -1].round(3)}")
assert np.isclose(eigenvalues[-1], 1 / 12 + 7 / 4) and np.allclose(eigenvalues[:-1], 1 / 12)
assert np.allclose(np.abs(eigenvectors[:, -1]), 1 / np.sqrt(7))     # the all-ones direction

# %% [markdown]
# On the data, N = 100 and N = 1000:

# %% [markdown] lang="zh" en="76905e1bb1a1"
# 在实际数据上，取 N = 100 和 N = 1000：

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

# %% [markdown] lang="zh" en="8f17debe4963"
# 这就是原问题的学习率在 100 个样本上没有问题的原因（笔记本 01）：N = 100 时界限是 0.0103，lr = 0.01 刚好在界限之内。lr × λ_max = 1.94，属于来回振荡的情形：误差每一步都变号，但在缩小，每步乘以 0.94。到 N = 1000 时，界限是 0.0011，同样的 lr = 0.01 是界限的九倍，太大了。
#
# ### `nnlib.critical_lr` 如何求出 λ_max：幂迭代
#
# `nnlib.critical_lr` 并不知道网络是线性的，所以没法直接写出 XᵀX。它用的是**幂迭代**（power iteration）：取一个随机方向 v，用 H 一次又一次地去乘它，每次都重新缩放到长度为 1。每乘一次，v 沿每个特征向量的分量都会乘上相应的特征值，所以沿最陡特征向量的分量增长最快，很快就只剩下它了；这时用 v·Hv 就能读出 λ_max（如果 H v = λ v 且 |v| = 1，那么 v·Hv = λ v·v = λ）。这个方法只需要乘积 H v，也就是沿 v 每走单位长度，梯度改变多少。nnlib 用两个梯度求出它，一个在 w + εv 处，一个在 w − εv 处（二者之差除以 2ε），完全不需要构造 H，因此适用于任何网络。下面在 H = XᵀX 上手工演示：

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

# %% [markdown] lang="zh" en="bd1ca88c220c"
# 乘一次就已经落在 λ_max 的 1% 以内，乘两次则在 0.01% 以内：下一个特征值大约小 20 倍（按每个样本算，约 1/12 对 1.83），所以每乘一次，其他每个方向相对于最陡方向都会缩小约 20 倍。如果一个网络最大的两个特征值更接近，就需要乘更多次。上面 `nnlib.critical_lr` 给出的结果与闭式解 2 / λ_max(XᵀX) 相差不到 2%。
#
# ### 练习 2：N = 10,000 时的临界学习率
# 计算线性网络在 `X10k` 上**求和**代价的临界学习率。只用 NumPy（不用 nnlib）。

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

# %% [markdown] lang="zh" en="a8a26866b981"
# ## 4. 先预测爆炸，再核对
#
# 原问题在 N = 1000 时用 lr = 0.01 训练。这大约是临界值的 9 倍。理论表明，误差每一步乘以 |1 − 0.01 × λ_max| ≈ 17，因此代价每一步乘以约 290。训练并测量一下：

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
# matches the prediction to within 0.1%: the 292.6 that notebook 01 measured on the
# question's own code, predicted from the data alone.
#
# ### Exercise 3: the blow-up factor at N = 10,000
# With the same lr = 0.01 and the 10,000 samples `X10k`, by what factor does the **size**
# of the error grow per step? (One positive number: the absolute value.)

# %% [markdown] lang="zh" en="8c49a20cd4dc"
# 几步之后，误差就几乎完全落在最大特征值对应的特征向量方向上，实测的倍数与预测值相差不到 0.1%：这正是笔记本 01 在原问题自己的代码上测出的 292.6，现在只凭数据就预测出来了。
#
# ### 练习 3：N = 10,000 时的爆炸倍数
# 同样用 lr = 0.01，在 10,000 个样本 `X10k` 上，误差的**大小**每一步增长多少倍？（一个正数：取绝对值。）

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

# %% [markdown] lang="zh" en="1f5a695141c3"
# ## 5. sigmoid 网络为什么挺过了同样的一步
#
# 学习者的 sigmoid 网络正是用这一步训练成功的（笔记本 01，第 4 节）。上面的规则可以解释原因。对 sigmoid 输出，out = σ(z)，z = x·w。链式法则把斜率 σ′(z) 带进每个样本的梯度 (σ(z) − y) σ′(z) x，也带进梯度的变化（即黑塞矩阵），得到两项：σ′(z)² x xᵀ，以及误差 σ(z) − y 乘以 σ″(z) x xᵀ（σ″ 是 σ′ 的斜率）。在碗底附近误差很小，第二项可以忽略，于是
#
# H ≈ Σₙ σ′(zₙ)² xₙ xₙᵀ
#
# （写成矩阵形式为 Xᵀ diag(σ′(z)²) X，其中 diag(…) 是 N × N 的对角矩阵，对角线上是各个 σ′(zₙ)²，其余位置为零）：也就是把 XᵀX = Σ x xᵀ 中每个样本的项各自乘上它的 σ′(z)²。而 σ′ 最大为 1/4（在 z = 0 处），所以 σ′² ≤ 1/16：λ_max 至少比线性网络的小 16 倍，临界学习率至少大 16 倍，即 2 × 16 / λ_max(XᵀX)：

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
# the linear or ReLU net's 0.0011 (σ′ is below 1/4 for most samples, so it exceeds
# the lower bound of 0.0177). lr = 0.01 is **below** it: the same step that is 9 times too large for
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

# %% [markdown] lang="zh" en="bf300a4c23f1"
# 在初始权重处测得，sigmoid 网络的临界学习率约为 0.033，是线性或 ReLU 网络的 0.0011 的 30 倍（对大多数样本来说 σ′ 都小于 1/4，所以实测值超过了 0.0177 这个下界）。lr = 0.01 **低于**这个值：同样的一步，对 ReLU 是界限的 9 倍，对 sigmoid 却是稳定的。而且 σ′ 永远不会恰好为 0，所以 sigmoid 单元可能学得很慢，但永远不会死亡。（处于激活状态的 ReLU 单元是线性的，所以它的曲率就是线性网络的曲率。）
#
# **这就是本节的核心。** 本节余下的两部分在第一次阅读时是**选读**（大约 20 分钟，也是本笔记本中最密集的内容）：一部分检验这个估计在初始权重处是否成立，另一部分跟踪 N = 10,000 时的 sigmoid 网络。课程后面只用到其中一个事实：数据多十倍时，lr = 0.01 也超过了 sigmoid 的界限，它的代价在一个上限之下来回振荡，而不是下降。如果愿意，可以直接跳到第 6 节。

# %% [markdown]
# ### Optional: is the estimate fair at the starting weights?
#
# We derived H ≈ Σ σ′² x xᵀ near the bottom, and the starting weights are far from it. Is it
# still a fair estimate there? The dropped term carries the error σ(z) − y, which is
# positive for some samples and negative for others, so it partly cancels in the sum.
# Compare the estimate with the full curvature that `nnlib.critical_lr` measured:

# %% [markdown] lang="zh" en="e2ef18c2159e"
# ### 选读：这个估计在初始权重处可靠吗？
#
# 我们是在碗底附近推导出 H ≈ Σ σ′² x xᵀ 的，而初始权重离碗底很远。在那里它还算可靠的估计吗？被丢掉的那一项带有误差 σ(z) − y，它对一些样本为正，对另一些为负，所以在求和中会部分抵消。把这个估计与 `nnlib.critical_lr` 测得的完整曲率比较一下：

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

# %% [markdown] lang="zh" en="999303891d61"
# 估计值给出 λ_max ≈ 84，完整曲率为 61：两者大小相当（估计值是后者的 1.4 倍），所以即使在起点，σ′² 的论证也成立。
#
# ### 选读：N = 10,000 时的 sigmoid 网络
#
# sigmoid 并不能治好求和代价的问题，它只是挪动了界限。它的 λ_max 同样随 N 增长，数据多十倍时，lr = 0.01 又超过了界限。我们保存每一轮的预激活值 z（`snapshots`），以便跟踪曲率的估计值：

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
# 6.0, as at N = 1000.)

# %% [markdown] lang="zh" en="8afd1edc4b64"
# N = 10,000 时，sigmoid 的临界学习率约为 0.0033，所以 lr = 0.01 是它的 3 倍：lr × λ_max ≈ 6.0。如果是在碗里，误差每一步会增长约 5 倍（|1 − 6.0|），代价增长 25 倍，直到溢出。实际上，代价在第一步跳到原来的 2.6 倍，然后在起点的大约**两倍**处（中位数）来回振荡了 300 步。与碗相比，有两点不同：
# - **代价有上限。** σ(z) 介于 0 和 1 之间，这里的目标也是，所以任何样本的误差都不会超过 1：代价永远不会超过 ½ Σ max(y², (1 − y)²)，这里是 5831，为起点的 4.8 倍。它不可能跑到无穷大。
# - **曲率随权重移动。** 第一次冲过头就把权重甩得很远，那里 |z| 很大，σ′(z) 很小，曲率随之骤降：一步之后，lr × λ_max 从 8.5 跌到 0.16，小了 50 倍，远低于 2。接下来的几步都很小；当它们把权重带回中间区域时，曲率又升过 2，下一次冲过头又把权重甩出去，如此往复。
#
# （8.5 是右图画的 σ′² 估计值；在起点，它是完整曲率 6.0 的 1.4 倍，与 N = 1000 时一样。）

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

# %% [markdown] lang="zh" en="281f8620aa7a"
# 把两幅图放在一起看：从 lr × λ_max 高于 2 的某一轮出发，下一步通常会让代价上升（这样的步中有 70% 到 90%），就像越过界限的碗一样；从低于 2 的某一轮出发，下一步几乎总会让代价下降（超过 85%）。曲率一次次上下穿过 2，代价也随之在上限之下来回振荡。这次运行是混沌的：换一个 CPU，求和时的舍入顺序不同，画出的振荡曲线也不同，但比例仍落在同样的范围内。所以，学习者遇到的“ReLU 从来训练不动，sigmoid 却可以”，是同一个原因的两种面貌：步随 N 增大，而 sigmoid 的斜率（≤ 1/4，永不为 0，权重走得越远就越小）在学习者的数据上掩盖了这一点。
#
# ## 6. 相图
#
# 现在把所有因素放在一起：线性网络训练 300 轮，取 19 个学习率 × 7 种数据规模 × 两种归约方式（`nnlib.sweep` 负责跑完这个网格）。如果一次运行的最终代价不低于初始代价，就算它“爆炸”了。图中的线是理论值 2 / λ_max(N)。

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

# %% [markdown] lang="zh" en="84d80cba31c5"
# 用求和代价时，边界按 1/N 下降：在 N = 10 时安全的学习率，到 N = 1000 时就会爆炸。用平均代价时，边界几乎是平的，在 0.95 和 1.11 之间。每个方格是一次运行，以它自己的 lr 和 N 为中心绘制：线以下没有一次运行爆炸，而且在每一列中，第一个爆炸的学习率就是线以上的第一个网格值（网格每格相差约 2.15 倍）。有些运行离线太近，方格碰到了线：在平均代价那幅图中，N = 30 处的线（0.95）穿过 lr = 1.0 处的红色方格，这次运行只比界限高 5%；在求和代价那幅图中，N = 300 和 N = 3000 处最低的红色方格也只是界限的 1.26 倍和 1.29 倍。原问题自己的那个点，即星号，则深深地落在红色区域里：

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

# %% [markdown] lang="zh" en="22006ed12e5d"
# ## 7. 交互探索
#
# 下面的探索器按你选择的 N 和 lr，用任一种归约方式训练线性网络 300 轮。左图是代价，右图是 lr × λ_max 与界限 2 的对比。下面是 N = 10,000、求和代价、lr = 0.001 时它显示的结果（静态图，不需要内核）：

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

# %% [markdown] lang="zh" en="e60cdbd446b3"
# 在 N = 10,000 时，lr = 0.001 约为界限的 9 倍，所以 lr × λ_max ≈ 18.5，代价在 14 步之内溢出（图中的第 14 轮）。
#
# ### 选读：为什么是第 14 轮，而第 4 节的运行到第 124 轮才溢出？
#
# （这是一段关于数值格式的题外话；第一次阅读时可以跳到下面的“先预测”。）第 4 节的运行，以及笔记本 00 和 01 中的运行，都在第 124 轮溢出。这里是另一次运行（N = 10,000、lr = 0.001，对比 N = 1000、lr = 0.01），但它的 lr × λ_max 差不多，所以代价增长得差不多一样快：每步约 300 倍。差别主要来自数值格式。为了速度，探索器用 **float32** 训练，它能表示的最大数约为 3.4e38，而 float64 是 1.8e308。按十的幂来数：代价每步增长约 300 倍（这里 (18.5 − 1)² ≈ 300，与第 4 节一样），每步增加 log10(300) ≈ 2.48 个数量级。它从 2.43e5，即约 10^5.39 出发，而 float32 的上限约为 10^38.53，所以需要 (38.53 − 5.39) / 2.48 ≈ 13.4 步：第 14 步溢出。float64 的上限约为 10^308.25，需要 (308.25 − 5.39) / 2.48 ≈ 122.3 步：同一次运行改用 float64（`dtype="float64"`）会在第 123 轮溢出，比第 4 节的运行早一步，后者的起点更低（约 10^3，对比 10^5.39）。除非你另行指定，`nnlib.train` 都使用 float64。

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

# %% [markdown] lang="zh" en="012ca9419724"
# ### 先预测，再探索
#
# **先预测。** 探索器的初始设置是 N = 1000、求和代价、lr = 0.001：这是稳定的，因为 0.001 < 0.0011。在动任何东西之前，先写下：
# - lr = 0.001 时，N 增大到多少，求和代价开始爆炸（第 6 节的相图中恰好有一行运行是 lr = 0.001：在求和代价那幅图中沿这一行读）；
# - 在 N = 3000 时，读数 lr × λ_max 大约是多少（上图显示 N = 10,000 时为 18.5，而 lr × λ_max 与 N 成正比）；
# - 在 N = 10,000 时换成平均代价，会发生什么。
#
# 然后移动滑块来验证。

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

# %% [markdown] lang="zh" en="9acf46c94f35"
# ## 小结
# - 求和代价是平均代价的 N 倍，所以它的梯度，以及固定学习率下的步，都与 N 成正比地增长（双对数图上斜率为 1，而平均代价为 0）。
# - 碗 C = λw²/2 中的一个权重：每一步把 w 乘以 1 − lr·λ，所以只要 lr·λ < 2，它就会缩小（大于 1 时来回振荡），超过 2 就爆炸。有许多权重时，沿黑塞矩阵的每个特征向量都是如此，起决定作用的是最陡的那个，即 λ_max：只要 lr × λ_max < 2，梯度下降就是稳定的。
# - 对求和代价，在这份数据上 λ_max ≈ 1.83 N（每个样本 1/12 + 7/4，其中 7/4 来自各输入共同的均值），所以 N = 100 时临界学习率为 0.0103（lr = 0.01 刚好在界限之内），N = 1000 时为 0.0011（这时学习率是界限的九倍，太大了），并按 1/N 下降；对平均代价，临界学习率始终在 1.1 附近。
# - 超过界限时，误差每一步按 |1 − lr·λ_max| 倍增长：在 lr = 0.01、N = 1000 时约为 17，所以代价每步增长约 290 倍，与实测完全一致。
# - 原问题的根本原因：对 1000 个样本来说，lr = 0.01 是界限的 9 倍，太大了。用恒等激活函数时，代价爆炸；用 ReLU 时，在这些全为正的输入上，最初那几个巨大的步会杀死单元（笔记本 03）；而在标准化后、有正有负的输入上，一些单元保持激活，ReLU 网络的代价同样会溢出（笔记本 01）。
# - sigmoid 的斜率最大为 1/4，所以它的曲率至少小 16 倍（实测为 30 倍）：N = 1000 时，lr = 0.01 低于它的界限，这就是学习者的 sigmoid 网络能训练的原因。到 N = 10,000 时它同样会失败：界限仍然按 1/N 下降。不过它不会爆炸：它的代价有上限，而且每次冲过头都会把权重甩到 σ′ 很小、曲率也随之很小的地方，所以代价来回振荡，而不是下降。

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

# %% [markdown] lang="zh" en="7f49fdabbc4c"
# ## 检验你的理解
# 请根据本笔记本作答；检查器会告诉你哪些答案是对的，并对其余答案给出提示（答案在末尾的“参考答案”中）。
# 1. 在单权重的碗中，取 lr·λ = 2.2（图中没有画出的情形），一次更新会把 w 乘以多少？w 会缩小还是增大？
# 2. 不用任何数据：根据第 3 节的 λ_max ≈ (1/12 + 7/4) N，预测线性网络在 **500** 个样本 x ~ U(0, 1)⁷ 上求和代价的临界学习率。
# 3. 学习者的 sigmoid 网络在 N = 1000、lr = 0.01 时能训练，而线性网络却爆炸了，**为什么**？给出字母：
#    (a) sigmoid 的输出介于 0 和 1 之间，所以它的代价有上限，不会增长；
#    (b) σ′ ≤ 1/4 使曲率中每个样本的项都乘上 σ′² ≤ 1/16，所以 λ_max 小得多，lr = 0.01 低于 sigmoid 网络的临界学习率；
#    (c) sigmoid 单元不会死亡，所以在任何学习率下都能训练。

# %%
exercises.check_understanding_02(
    None,   # 1. a number
    None,   # 2. a number
    None);  # 3. a letter, in quotes

# %% [markdown]
# **Next:** [03 Dead ReLUs](03_dead_relus.ipynb): what the huge step does to ReLU units.

# %% [markdown] lang="zh" en="0f8e3242d3be"
# **下一个笔记本：** [03 死亡 ReLU](03_dead_relus.ipynb)：巨大的一步对 ReLU 单元做了什么。

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% [markdown] lang="zh" en="29adbcc6ece6" tags=["solution"]
# ---
# ## 参考答案（剧透）
# 下面各单元格的代码在 JupyterLab 中是折叠的，点击折叠条即可展开。

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
