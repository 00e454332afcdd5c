# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Gradient checking: how to know backpropagation is right
#
# The question's author wrote: *"only costFunctionPrime seems to break the gradient
# descent"*. They suspected their backward pass, and could not tell. There is a
# mechanical way to tell: compare backprop's gradient with one computed from the cost
# alone, by finite differences. If the two agree, backprop is right and the trouble is
# elsewhere. Section 2 runs that check on the question's own `costFunctionPrime`.
#
# **In this notebook you will**
# 1. compute a gradient with **central differences** and see why they beat one-sided ones;
# 2. measure agreement with the **relative error**, read it against thresholds, and
#    check the question's own backprop;
# 3. meet the **ReLU kink**, which can make a correct backprop look wrong;
# 4. use all this to **find a bug planted** in a copy of the backward pass.

# %% [markdown] lang="zh" en="c078b1b215a7"
# # 05 · 梯度检验：如何确认反向传播是对的
#
# 学习者在原问题中写道：*“似乎只有 costFunctionPrime 把梯度下降搞坏了”*，怀疑自己的反向传播有问题，却无法确定。其实有一种机械的判断办法：把反向传播得到的梯度，与只用代价本身、通过有限差分算出的梯度相比较。如果两者一致，反向传播就是对的，毛病出在别处。第 2 节会对原问题自己的 `costFunctionPrime` 做这项检验。
#
# **在本笔记本中，你将：**
# 1. 用**中心差分**计算梯度，并弄清它为什么胜过单侧差分；
# 2. 用**相对误差**衡量两者的一致程度，对照阈值来解读它，并检验原问题自己的反向传播；
# 3. 认识 **ReLU 的折点**，它可能让正确的反向传播看起来是错的；
# 4. 综合运用这些方法，在反向传播的一个副本中**找出故意埋下的错误**。

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
from nnlib import exercises, gradcheck

# %% [markdown]
# ## 1. Slopes from the function alone
#
# The derivative of f at x is the limit of a difference quotient. With a small but
# finite step h there are two obvious choices:
#
# - forward: (f(x + h) − f(x)) / h, error proportional to h;
# - central: (f(x + h) − f(x − h)) / 2h, error proportional to h², because the h terms cancel.
#
# Try f(x) = x³ at x = 1, where the true slope is 3, for many step sizes.

# %% [markdown] lang="zh" en="e1fde77b9e1d"
# ## 1. 只用函数本身求斜率
#
# f 在 x 处的导数是差商的极限。取一个很小但有限的步长 h，有两种显而易见的做法：
#
# - 前向差分：(f(x + h) − f(x)) / h，误差与 h 成正比；
# - 中心差分：(f(x + h) − f(x − h)) / 2h，误差与 h² 成正比，因为 h 的一次项相互抵消了。
#
# 在 x = 1 处试一试 f(x) = x³（真实斜率为 3），取许多不同的步长。

# %%
hs = np.logspace(-13, -1, 49)
f = lambda x: x ** 3
forward_err = np.abs((f(1 + hs) - f(1)) / hs - 3)
central_err = np.abs((f(1 + hs) - f(1 - hs)) / (2 * hs) - 3)

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(hs, forward_err, "o-", ms=3, label="forward difference")
ax.loglog(hs, central_err, "s-", ms=3, label="central difference")
ax.set(xlabel="step h", ylabel="|numeric - true slope|", title="f(x) = x³ at x = 1")
ax.legend();

# %% [markdown]
# On the right of the figure (large h) the lines are straight: the error falls like h
# (slope 1) for the forward difference and like h² (slope 2) for the central one. On the
# left it rises again: f(x + h) and f(x − h) agree in almost all their digits, and
# float64's rounding error (about 1e-16 of the value) is divided by a tiny h.
# The central difference is best for h around 1e-6 to 1e-5; its error stays below 1e-9
# from h = 1e-7 to 2e-5, while at h = 1e-4 it is already about h² = 1e-8. That is why
# `nnlib.gradcheck` uses h = 1e-5. The cell below measures these numbers.

# %% [markdown] lang="zh" en="07e1b4b1f86e"
# 在图的右侧（h 较大），两条线都是直的：前向差分的误差随 h 线性下降（斜率 1），中心差分的误差按 h² 下降（斜率 2）。在左侧，误差又回升了：f(x + h) 和 f(x − h) 几乎每一位数字都相同，而 float64 的舍入误差（约为数值本身的 1e-16）又被除以一个极小的 h。
# 中心差分在 h 约为 1e-6 到 1e-5 时最准；从 h = 1e-7 到 2e-5，它的误差都低于 1e-9，而在 h = 1e-4 时，误差已经约为 h² = 1e-8。这就是 `nnlib.gradcheck` 取 h = 1e-5 的原因。下面的单元格测出了这些数字。

# %%
big = hs > 1e-4
forward_slope = np.polyfit(np.log(hs[big]), np.log(forward_err[big]), 1)[0]
central_slope = np.polyfit(np.log(hs[big]), np.log(central_err[big]), 1)[0]
best_h = hs[np.argmin(central_err)]
print(f"slopes: forward {forward_slope:.2f}, central {central_slope:.2f}; "
      f"best central h = {best_h:.0e}, error {central_err.min():.0e}")
assert abs(forward_slope - 1) < 0.05 and abs(central_slope - 2) < 0.05
assert 1e-6 <= best_h <= 1e-5 and central_err.min() < 1e-9
assert np.all(central_err[(hs >= 1e-7) & (hs <= 2e-5)] < 1e-9)
assert 5e-9 < central_err[np.isclose(hs, 1e-4)][0] < 2e-8
assert central_err[np.isclose(hs, 1e-5)][0] < 2e-10

# %% [markdown]
# ### Exercise 1: a central-difference gradient
# Write `my_numeric_gradient(f, x, h)`: for a function `f` of a 1-D array `x` that returns
# a number, return the array of partial derivatives, one per entry of `x`. Move one entry
# at a time by +h and −h, leaving all other entries alone.

# %% [markdown] lang="zh" en="e18ea709636a"
# ### 练习 1：用中心差分求梯度
# 编写 `my_numeric_gradient(f, x, h)`：对于以 1 维数组 `x` 为自变量、返回一个数的函数 `f`，返回它的偏导数数组，`x` 的每个元素对应一个偏导数。每次只把一个元素分别移动 +h 和 −h，其他元素保持不变。

# %%
def my_numeric_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    # your code here
    return grad


exercises.check_central_difference(my_numeric_gradient);

# %% [markdown]
# ## 2. Checking a network, and the relative error
#
# A network's cost is a function of all its weights and biases laid out as one vector
# (`net.get_params()`). `nnlib.gradcheck.numeric_gradient` applies the central
# difference to every entry; `analytic_gradient` is backprop's answer in the same layout.

# %% [markdown] lang="zh" en="5abd937d34dd"
# ## 2. 检验一个网络，以及相对误差
#
# 把网络的全部权重和偏置排成一个向量（`net.get_params()`），网络的代价就是这个向量的函数。`nnlib.gradcheck.numeric_gradient` 对向量的每个元素做中心差分；`analytic_gradient` 则是反向传播按同样排列给出的结果。

# %%
X, Y = nnlib.datasets.sincos(n=50, seed=0)
net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                    weight_init="he", bias_init=0.1, seed=0)
numeric = gradcheck.numeric_gradient(net, X, Y, reduction="mean")
analytic = gradcheck.analytic_gradient(net, X, Y, reduction="mean")
print(f"{numeric.size} parameters; largest |analytic - numeric| = {np.abs(analytic - numeric).max():.1e}")

# %% [markdown]
# How small is small? An absolute difference means nothing by itself: with the summed
# cost every gradient is N times larger, and so is every absolute error. The **relative
# error** divides the difference by the size of the two numbers:
#
# relative error = |a − n| / (|a| + |n|)
#
# It is 0 when they agree, 1 when one is 0 or they have opposite signs, and it does not
# change when both are scaled. (Some sources divide by max(|a|, |n|) instead of the sum;
# their numbers are up to twice ours, so compare with their thresholds, not these.)
# Rules of thumb in float64 with h = 1e-5, for this definition:
#
# | max relative error | verdict |
# |---|---|
# | below 1e-7 | backprop is right |
# | 1e-7 to 1e-4 | look closer: a kink (section 3) or a very small gradient entry |
# | above 1e-4 | almost certainly a bug |

# %% [markdown] lang="zh" en="43a48ccbfe20"
# 多小才算小？绝对差值本身说明不了什么：用求和的代价时，每个梯度都大 N 倍，每个绝对误差也一样。**相对误差**用两个数的大小去除它们的差：
#
# 相对误差 = |a − n| / (|a| + |n|)
#
# 两者一致时它为 0；其中一个为 0 或两者符号相反时，它为 1；两者同时缩放时，它不变。（有些资料除以的是 max(|a|, |n|)，而不是两者之和；它们的数值最多是我们的两倍，所以要和它们自己的阈值比较，而不是和这里的阈值比较。）按这个定义，在 float64 下取 h = 1e-5 时，经验规则如下：
#
# | 最大相对误差 | 结论 |
# |---|---|
# | 低于 1e-7 | 反向传播是对的 |
# | 1e-7 到 1e-4 | 仔细看看：可能是折点（第 3 节），也可能是某个很小的梯度元素 |
# | 高于 1e-4 | 几乎可以肯定有错误 |

# %%
errors = {red: nnlib.gradient_check(net, X, Y, reduction=red) for red in ("sum", "mean")}
abs_diff = {red: np.abs(gradcheck.analytic_gradient(net, X, Y, red)
                        - gradcheck.numeric_gradient(net, X, Y, red)).max() for red in ("sum", "mean")}
for red in errors:
    print(f"{red:>4}: max relative error {errors[red]:.1e}, max absolute difference {abs_diff[red]:.1e}")

# %% [markdown]
# Backprop passes: both reductions give a maximum relative error below 1e-7, although the
# summed cost's absolute differences are many times larger (its gradients are N = 50
# times larger).

# %% [markdown] lang="zh" en="21f6c9be3147"
# 反向传播通过了检验：求和与求平均两种方式的最大相对误差都低于 1e-7，尽管求和代价的绝对差值要大很多倍（它的梯度大 N = 50 倍）。

# %%
assert errors["sum"] < 1e-7 and errors["mean"] < 1e-7
assert all(1.5e-8 < e < 3.5e-8 for e in errors.values())     # the summary's "2e-8 and 3e-8"
assert abs_diff["sum"] > 10 * abs_diff["mean"]

# %% [markdown]
# ### The question's own backprop
#
# Now the code the asker suspected. `nnlib.question.original.OriginalNet` is our re-creation of the
# question's class (notebook 01). Its `cost_function_prime` returns `DcostDw`, backprop's
# gradient of the summed cost (over samples and both outputs). We compare it with
# central differences of the question's own `cost_function`, one weight at a time:

# %% [markdown] lang="zh" en="7f7ccbb2b862"
# ### 原问题自己的反向传播
#
# 现在来看学习者怀疑的那段代码。`nnlib.question.original.OriginalNet` 是我们对原问题中那个类的重现（笔记本 01）。它的 `cost_function_prime` 返回 `DcostDw`，即反向传播算出的求和代价（对样本和两个输出求和）的梯度。我们把它与原问题自己的 `cost_function` 的中心差分相比较，一次一个权重：

# %%
from nnlib.question import original

Xq, Yq = nnlib.datasets.random_targets(n=50, seed=0)
original.use_data(Xq, Yq)                    # defect 5: the class reads the global targets
question_net = original.OriginalNet(Xq, Yq, nodes=(7, 2), seed=0, train=False)
w = question_net.weights[0].ravel().copy()


def question_cost(weights):                  # the question's cost, summed over both outputs
    question_net.weights[0] = weights.reshape(7, 2)
    question_net.forward(Xq)
    return question_net.cost_function().sum()


numeric_q = np.array([(question_cost(w + e) - question_cost(w - e)) / 2e-5 for e in np.eye(w.size) * 1e-5])
question_net.weights[0] = w.reshape(7, 2)
backprop_q = question_net.cost_function_prime()[0].ravel()
question_error = gradcheck.relative_errors(backprop_q, numeric_q).max()
print(f"the question's DcostDw against central differences: max relative error {question_error:.1e}")

# %% [markdown]
# Below 1e-7: the question's `costFunctionPrime` is right. It computes exactly the
# gradient of the cost it was given. The trouble was that cost: summed over the samples,
# its gradient is N times the mean's, and so was every step (notebook 02). A gradient
# check cannot see that: it tells you the gradient is right, not that the step is sensible.

# %% [markdown] lang="zh" en="e4cdd5980795"
# 低于 1e-7：原问题的 `costFunctionPrime` 是对的。它精确地算出了给定代价的梯度。毛病出在这个代价本身：它对样本求和，梯度就是平均代价梯度的 N 倍，每一步更新也就大了 N 倍（笔记本 02）。梯度检验看不出这一点：它只告诉你梯度是对的，不告诉你步长是否合理。

# %%
assert question_error < 1e-7 and np.abs(backprop_q).max() > 1

# %% [markdown]
# ### Exercise 2: the relative error
# Write `my_relative_error(a, n)` for two arrays of the same shape, elementwise. When an
# entry of both is exactly 0 they agree: return 0 there, not NaN.

# %% [markdown] lang="zh" en="44c7a72a69ee"
# ### 练习 2：相对误差
# 编写 `my_relative_error(a, n)`，对两个形状相同的数组逐元素计算。如果某个位置上两者都恰好为 0，它们就是一致的：在那里返回 0，而不是 NaN。

# %%
def my_relative_error(a, n):
    return np.abs(a - n)  # replace this line with your answer


exercises.check_relative_error(my_relative_error);

# %% [markdown]
# ## 3. The ReLU kink
#
# ReLU's slope jumps from 0 to 1 at 0. If some pre-activation z lies closer to 0 than the
# step h, the central difference straddles the jump: one side sees the unit off, the
# other on, and the numeric slope is a mixture that matches neither side. Backprop is
# still right; the check is not.
#
# We take a ReLU network and nudge one bias so that unit 0 of the hidden layer has
# pre-activation 1e-6 on sample 0, closer to the kink than h = 1e-5.
#
# **Predict** before you run the next cells: will the maximum relative error stay below
# 1e-7? And what happens if we shrink h below 1e-6?

# %% [markdown] lang="zh" en="dfac3f301c98"
# ## 3. ReLU 的折点
#
# ReLU 的斜率在 0 处从 0 跳到 1。如果某个预激活值 z 离 0 比步长 h 还近，中心差分就会跨过这个跳变：一侧看到的单元未激活，另一侧已激活，算出的数值斜率是两者的混合，与哪一侧都不符。反向传播仍然是对的，检验却不对了。
#
# 我们取一个 ReLU 网络，微调一个偏置，使隐藏层的单元 0 在样本 0 上的预激活值为 1e-6，离折点比 h = 1e-5 还近。
#
# **先预测**，再运行接下来的单元格：最大相对误差会保持在 1e-7 以下吗？如果把 h 缩小到 1e-6 以下，又会怎样？

# %%
relu_net = nnlib.Network([7, 10, 2], activation="relu", output_activation="identity",
                         weight_init="he", bias_init=0.1, seed=0)
before = nnlib.gradient_check(relu_net, X, Y), gradcheck.kinks(relu_net, X)
_, cache = relu_net.forward(X)
A0, Z0 = cache[0]                 # the hidden layer's input and pre-activations, (N, 10)
relu_net.biases[0][0] += 1e-6 - Z0[0, 0]    # sample 0, unit 0: pre-activation now 1e-6
after = {h: (nnlib.gradient_check(relu_net, X, Y, h=h), gradcheck.kinks(relu_net, X, h=h))
         for h in (1e-5, 1e-7)}
print(f"before the nudge: max relative error {before[0]:.1e}, kinks within h: {before[1]}")
for h, (err, k) in after.items():
    print(f"after, h = {h:.0e}: max relative error {err:.1e}, kinks within h: {k}")

# %% [markdown]
# Before the nudge no pre-activation is within h of 0 and the check passes. After it,
# `gradcheck.kinks` counts one kink within h = 1e-5 and the maximum relative error jumps
# above 1e-4, a false alarm; with h = 1e-7 the kink is outside the step and the check
# error falls back far below the bug threshold of 1e-4, though not quite to the smooth
# case: rounding error grows as h shrinks (section 1). When a ReLU network fails a
# check, count kinks first.

# %% [markdown] lang="zh" en="688b750046e3"
# 微调之前，没有哪个预激活值与 0 的距离在 h 以内，检验通过。微调之后，`gradcheck.kinks` 数出 h = 1e-5 以内有一个折点，最大相对误差跳到 1e-4 以上，这是一次误报；取 h = 1e-7 时，折点落在步长之外，检验误差回落到远低于错误阈值 1e-4 的水平，只是还没有回到光滑情形那么低：h 越小，舍入误差越大（第 1 节）。ReLU 网络没有通过检验时，先数一数折点。

# %%
assert before[0] < 1e-7 and before[1] == 0
assert after[1e-5][0] > 1e-4 and after[1e-5][1] == 1
assert after[1e-7][0] < 1e-5 and after[1e-7][1] == 0

# %% [markdown]
# ## 4. Find the planted bug
#
# `exercises.buggy_gradients(net, X, Y)` is a copy of the backward pass with **one**
# mistake in it. Do not read its code: find the mistake the way you would in your own
# network, by checking each block of parameters (`W0`, `b0`, `W1`, `b1`) separately.
# `exercises.blocks(net, flat)` splits a flat vector into those blocks.

# %% [markdown] lang="zh" en="ca17ad9c4201"
# ## 4. 找出埋下的错误
#
# `exercises.buggy_gradients(net, X, Y)` 是反向传播的一个副本，其中有**一处**错误。不要去读它的代码：像在你自己的网络里那样去找，即分别检验每一块参数（`W0`、`b0`、`W1`、`b1`）。`exercises.blocks(net, flat)` 会把一个扁平的向量切分成这几块。

# %%
def flatten(dWs, dbs):
    return np.concatenate([np.concatenate([dW.ravel(), db]) for dW, db in zip(dWs, dbs)])


suspect = exercises.blocks(net, flatten(*exercises.buggy_gradients(net, X, Y)))
reference = exercises.blocks(net, numeric)
block_errors = {k: gradcheck.relative_errors(suspect[k], reference[k]).max() for k in reference}

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(list(block_errors), list(block_errors.values()))
ax.axhline(1e-4, color="r", ls="--", label="1e-4: a bug")
ax.axhline(1e-7, color="g", ls=":", label="1e-7: right")
ax.set(yscale="log", ylabel="max relative error", title="buggy_gradients, block by block")
ax.legend();

# %% [markdown]
# ### Exercise 3: which blocks does the bug break?
# Read the figure and give the set of block names whose gradients are wrong, for
# example `{"W1"}`. Then think: which step of the backward pass produces those blocks
# and not the others? (The worked solution names the bug.)

# %% [markdown] lang="zh" en="e38cb1eb7971"
# ### 练习 3：这个错误破坏了哪几块？
# 读图，给出梯度有误的参数块名称的集合，例如 `{"W1"}`。然后想一想：反向传播的哪一步产生了这几块，而不产生其他几块？（参考答案里的详细解答会指明这个错误。）

# %%
exercises.check_bug_location(set());  # put the names of the wrong blocks in the set

# %% [markdown]
# One more lesson hides in this bug. Give the same network large biases, so that every
# hidden pre-activation is positive on every sample, and check again:

# %% [markdown] lang="zh" en="dbf0340447f7"
# 这个错误里还藏着一个教训。给同一个网络设置很大的偏置，让每个隐藏单元的预激活值在每个样本上都为正，然后再检验一次：

# %%
positive_net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                             weight_init="he", bias_init=5.0, seed=0)
_, cache = positive_net.forward(X)
A0, Z0 = cache[0]                 # hidden pre-activations, (N, 10)
all_positive = bool((Z0 > 0).all())
hidden_bug_error = gradcheck.relative_errors(
    flatten(*exercises.buggy_gradients(positive_net, X, Y)),
    gradcheck.numeric_gradient(positive_net, X, Y)).max()
print(f"every hidden unit on for every sample: {all_positive}; "
      f"buggy gradients' max relative error: {hidden_bug_error:.1e}")

# %% [markdown]
# Every hidden unit is on, and the buggy gradients pass the check (maximum relative
# error below 1e-7). A gradient check only tests the regime your weights and data put the
# network in: check with units on both sides of the kink, and with more than one seed.

# %% [markdown] lang="zh" en="dbe9edca8395"
# 每个隐藏单元都处于激活状态，而有错误的梯度却通过了检验（最大相对误差低于 1e-7）。梯度检验检验的只是网络在你当前的权重和数据下所处的那种状态：检验时要让单元分布在折点的两侧，并且要用不止一个随机种子。

# %%
assert all_positive and hidden_bug_error < 1e-7
assert block_errors["W0"] > 1e-4 and block_errors["W1"] < 1e-7

# %% [markdown]
# ## Summary
# - Central differences have an error proportional to h²; with float64, h = 1e-5 gives
#   about 1e-10 on a smooth function, before rounding takes over at smaller h.
# - Judge a gradient by the **relative** error: below 1e-7 right, above 1e-4 a bug. It is
#   the same for summed and averaged costs up to rounding (here 2e-8 and 3e-8), so a right
#   gradient of a summed cost can still drive the huge steps of notebook 02: a gradient
#   check cannot catch a bad reduction.
# - The question's own `costFunctionPrime` passes the check: its backprop was right, its
#   cost was summed.
# - A pre-activation within h of ReLU's kink makes a correct backprop fail the check:
#   count kinks with `gradcheck.kinks`, or shrink h.
# - Check block by block to locate a bug, and in a regime where units are both on and off.

# %% [markdown] lang="zh" en="676b55ee6a3e"
# ## 小结
# - 中心差分的误差与 h² 成正比；在 float64 下，h = 1e-5 在光滑函数上给出约 1e-10 的误差，h 再小，舍入误差就会占上风。
# - 用**相对**误差来评判梯度：低于 1e-7 是对的，高于 1e-4 就是有错误。除去舍入误差，它对求和与求平均的代价都一样（这里分别是 2e-8 和 3e-8），所以求和代价的一个正确梯度照样会带来笔记本 02 中那样的巨大步长：梯度检验发现不了“该求平均却求了和”这类问题。
# - 原问题自己的 `costFunctionPrime` 通过了检验：它的反向传播是对的，错在代价是求和的。
# - 如果某个预激活值离 ReLU 的折点不到 h，正确的反向传播也会通不过检验：用 `gradcheck.kinks` 数一数折点，或者缩小 h。
# - 要逐块检验来定位错误，并且要在既有激活单元、也有未激活单元的状态下检验。

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. A smooth function this notebook did not try: its central difference with h = 1e-2 is
#    off by 3e-5. About how far off is it with h = 2e-3 (well above where rounding matters)?
# 2. Backprop gives a = 3.0, central differences n = 3.003. What is their relative error, and
#    would you call it right, suspect, or a bug?
# 3. A gradient check on a ReLU network fails, though the backward pass may be right. What do
#    you count first?

# %% [markdown] lang="zh" en="1d6dc9585e72"
# ## 检验你的理解
# 请根据本笔记本作答；检查器会告诉你哪些答案是对的，并对其余答案给出提示（答案在末尾的“参考答案”中）。
# 1. 一个本笔记本没有试过的光滑函数：h = 1e-2 时，它的中心差分偏差为 3e-5。h = 2e-3 时（h 还远没有小到舍入误差起作用的程度），偏差大约是多少？
# 2. 反向传播给出 a = 3.0，中心差分给出 n = 3.003。它们的相对误差是多少？你会判定为正确、可疑，还是有错误？
# 3. 一个 ReLU 网络的梯度检验没有通过，但反向传播可能是对的。你首先要数什么？

# %%
exercises.check_understanding_05(
    None,   # 1. a number
    None,   # 2. a number (the checker takes the number; the verdict is for you)
    None);  # 3. a name, in quotes

# %% [markdown]
# **Next:** [06 Learning rates and optimizers](06_learning_rates_and_optimizers.ipynb):
# what halving the learning rate, momentum and Adam do to the exploding run.

# %% [markdown] lang="zh" en="89e1f0ab9edb"
# **下一个笔记本：** [06 学习率与优化器](06_learning_rates_and_optimizers.ipynb)：把学习率减半、动量和 Adam 分别会给那次爆炸的运行带来什么。

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% [markdown] lang="zh" en="29adbcc6ece6" tags=["solution"]
# ---
# ## 参考答案（剧透）
# 下面各单元格的代码在 JupyterLab 中是折叠的，点击折叠条即可展开。

# %% tags=["solution"] jupyter={"source_hidden": true}
def numeric_gradient_solution(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


assert exercises.check_central_difference(numeric_gradient_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
def relative_error_solution(a, n):
    size = np.abs(a) + np.abs(n)
    return np.abs(a - n) / np.where(size > 0, size, 1.0)  # 0 / 1 = 0 where both are 0


assert exercises.check_relative_error(relative_error_solution)

# %% [markdown] tags=["solution"] jupyter={"source_hidden": true}
# **Exercise 3.** Only the hidden layer's blocks `W0` and `b0` are wrong; the output
# layer's `W1` and `b1` agree. The gradient of the hidden layer passes back through its
# activation: δ₀ = (δ₁ W₁ᵀ) ⊙ act′(Z₀). The planted bug drops the factor act′(Z₀). For
# leaky ReLU that factor is 1 for positive pre-activations, which is why the bug is
# invisible when every unit is on.

# %% [markdown] lang="zh" en="b2f45c796ad2" tags=["solution"] jupyter={"source_hidden": true}
# **练习 3。** 只有隐藏层的 `W0` 和 `b0` 两块是错的；输出层的 `W1` 和 `b1` 是一致的。隐藏层的梯度要反向经过它的激活函数：δ₀ = (δ₁ W₁ᵀ) ⊙ act′(Z₀)。埋下的错误丢掉了因子 act′(Z₀)。对 Leaky ReLU 来说，预激活值为正时这个因子是 1，所以当每个单元都处于激活状态时，这个错误是看不出来的。

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_bug_location({"W0", "b0"})

# %% tags=["solution"] jupyter={"source_hidden": true}
error_2e3 = 3e-5 * (2e-3 / 1e-2) ** 2        # the error goes as h^2: 25 times smaller
rel = abs(3.0 - 3.003) / (abs(3.0) + abs(3.003))
assert 1e-4 < rel < 1e-3                         # 5e-4: above 1e-4, a bug (or a kink)
assert exercises.check_understanding_05(error_2e3, rel, "pre-activations within h of zero (kinks)")
