# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The original network, run as the learner ran it
#
# The question's code is a two-layer network (7 inputs, 2 outputs) trained by full-batch
# gradient descent. `nnlib.question.original` is our re-creation of it, **deliberately broken**:
# every defect is kept and marked `# DEFECT n` in its source, which we print below. Here
# we run it exactly as the learner did and watch it fail in the two ways they described.
#
# **In this notebook you will**
# 1. read the code, with its eight defects marked;
# 2. see it seem to train on 100 random samples, and freeze on 1000;
# 3. explain the frozen number: 0.5 × sum(Y²), the cost of a network that outputs 0;
# 4. replace ReLU by the identity and watch the cost multiply by about 300 per update, and
#    by a sigmoid (what the learner used for their "expected" output) and watch it train;
#    then standardise the inputs and watch the *ReLU* net go to infinity too, and see why;
# 5. meet the smaller defects: a progress line that fires every iteration, a global
#    variable read instead of an argument, no biases, a crash when the net is made deeper;
# 6. check that `nnlib.Network`, configured like the question, does exactly the same.
#
# The data and the seed are the ones notebooks 00, 02 and 03 use, so every number here
# is the same number there.

# %% [markdown] lang="zh" en="0e5d1eeb9eca"
# # 01 · 原始网络：按学习者的方式运行
#
# 原问题的代码是一个两层网络（7 个输入，2 个输出），用全批量梯度下降训练。`nnlib.question.original` 是我们对它的重现，而且**有意保留了错误**：每个缺陷都原样保留，并在源代码里标上 `# DEFECT n`，下面会把源代码打印出来。本笔记本完全按学习者的方式运行它，看它怎样以学习者描述的那两种方式失败。
#
# **在本笔记本中，你将：**
# 1. 阅读这段代码，其中八个缺陷都已标出；
# 2. 看到它在 100 个随机样本上似乎能训练，在 1000 个样本上却停滞不动；
# 3. 解释停滞时的那个数：0.5 × sum(Y²)，即一个输出恒为 0 的网络的代价；
# 4. 把 ReLU 换成恒等函数，看代价每次更新乘以约 300；再换成 sigmoid（学习者心目中“正常”的那组输出就是用它得到的），看它正常训练；然后把输入标准化，看 *ReLU* 网络也冲向无穷大，并弄清原因；
# 5. 认识几个较小的缺陷：每次迭代都触发的进度输出、读全局变量而不读参数、没有偏置、网络一加深就崩溃；
# 6. 验证按原问题配置的 `nnlib.Network` 与它的行为完全相同。
#
# 这里的数据和随机种子与笔记本 00、02 和 03 所用的相同，所以这里的每个数在那几本里也都一样。

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
from nnlib import exercises
from nnlib.question import original

# %% [markdown]
# ## 1. The code
#
# This is the network class of `nnlib/question/original.py`: the question's `Neural_Net` with its
# methods renamed to snake_case, plus a few lines that record what it prints (so a cell
# can check it). Each **forward** pass computes, per layer, z = a · W (the
# **pre-activation**, the unit's input before the activation function) and a = relu(z).
# Look for the `# DEFECT` comments; the rest of this notebook shows each one at work.

# %% [markdown] lang="zh" en="5df7274f5ce1"
# ## 1. 代码
#
# 下面是 `nnlib/question/original.py` 中的网络类：它就是原问题的 `Neural_Net`，只是方法名改成了 snake_case 风格，另外加了几行代码记录它打印的内容（以便单元格检查）。每次**前向传播**都逐层计算 z = a · W（**预激活值**，即单元在激活函数之前的输入）和 a = relu(z)。留意 `# DEFECT` 注释；本笔记本的其余部分会逐个展示这些缺陷怎样起作用。

# %%
print(inspect.getsource(original.OriginalNet))

# %% [markdown]
# ## 2. On 100 samples it seems to train
#
# The question's script starts with 100 random samples: inputs and targets both uniform
# on (0, 1), unrelated to each other. The network reads them from module-level variables,
# so we set those first, as the learner's script does at its top.

# %% [markdown] lang="zh" en="8c9f58fb69ec"
# ## 2. 在 100 个样本上，它似乎能训练
#
# 原问题的脚本一开始用的是 100 个随机样本：输入和目标都服从 (0, 1) 上的均匀分布，彼此毫无关系。网络从模块级变量中读取它们，所以我们先设置这些变量，就像学习者的脚本在开头做的那样。

# %%
X100, Y100 = original.toy_data(n=100, seed=0)
original.use_data(X100, Y100)
small = original.OriginalNet(X100, Y100, seed=0)     # trains 1000 iterations, lr 0.01
print("first three lines:", *small.printed[:3], sep="\n  ")
print("last two lines:", *small.printed[-2:], sep="\n  ")

# %% [markdown]
# Each printed line holds the cost of each of the two outputs; the very last line is
# their mean. The costs fall, so the network seems to learn (it cannot learn much: the
# targets are unrelated to the inputs). Rounded:

# %% [markdown] lang="zh" en="7f44a974cc13"
# 打印出的每一行包含两个输出各自的代价；最后一行是它们的平均值。代价在下降，所以网络看起来在学习（其实它学不到多少东西：目标和输入毫无关系）。四舍五入后：

# %%
first, last = small.costs[0], small.costs[-1]
print(f"from {first.round(1)} to {last.round(1)}; final line (mean) {small.final_line:.2f}")
assert np.all(last < first / 3) and np.isclose(small.final_line, last.mean())

# %% [markdown]
# When we ran the question's script itself, with its unseeded random data (so every run
# differs), its costs fell in the same way. The question posts no numbers for this run.
#
# ## 3. On 1000 samples it freezes
#
# Now the same code on 1000 samples, standing in for the learner's "big data set".
# `big.costs` holds the per-output cost each iteration printed:

# %% [markdown] lang="zh" en="f600560b1a19"
# 我们直接运行原问题的脚本时（它的随机数据没有设定随机种子，所以每次运行结果都不同），代价也是这样下降的。原问题没有给出这次运行的数字。
#
# ## 3. 在 1000 个样本上，它停滞了
#
# 现在在 1000 个样本上运行同样的代码，用来代表学习者的“大数据集”。`big.costs` 保存了每次迭代打印出的各个输出的代价：

# %%
X1000, Y1000 = original.toy_data(n=1000, seed=0)
original.use_data(X1000, Y1000)
big = original.OriginalNet(X1000, Y1000, seed=0)
print(big.costs[:6])
print("final line:", big.final_line)

# %% [markdown]
# The first update throws output 1 into a region where it outputs 0 for every sample: its
# cost jumps a little and then never moves again. Output 2 wobbles for three more
# iterations and then does the same. From iteration 4 on nothing moves, ever again.
#
# **Why that number?** After those steps, every pre-activation of both output units is
# negative on every sample, so ReLU outputs 0 for everything. A network that outputs 0
# costs 0.5 × sum over samples of y², per output. And ReLU's slope is 0 there, so the
# gradient is exactly 0 and the weights never change: the units are **dead**.

# %% [markdown] lang="zh" en="b6c8e4d56846"
# 第一次更新就把输出 1 推进了一个对每个样本都输出 0 的区域：它的代价略微上跳，之后再也不动。输出 2 又摇摆了三次迭代，然后也是一样。从第 4 次迭代起，再也没有任何变化。
#
# **为什么是这个数？** 经过这几步之后，两个输出单元在每个样本上的预激活值全是负数，于是 ReLU 对所有样本都输出 0。一个输出恒为 0 的网络，每个输出的代价是 0.5 × 各样本 y² 之和。而 ReLU 在那里的斜率为 0，所以梯度恰好为 0，权重再也不会改变：这些单元已经**死亡**。

# %%
Z = np.asarray(X1000) @ big.weight_arrays()[0]         # output pre-activations (1000, 2)
zero_output_cost = 0.5 * np.sum(np.asarray(Y1000) ** 2, axis=0)
changes = np.flatnonzero(np.any(big.costs[1:] != big.costs[:-1], axis=1)) + 1
print("largest pre-activation per output:", Z.max(axis=0))
print("frozen cost per output:", big.costs[-1], "  0.5*sum(Y**2):", zero_output_cost)
print("last iteration whose cost changed:", changes.max())
assert np.all(Z.max(axis=0) < 0) and np.allclose(big.costs[-1], zero_output_cost)
assert big.costs[1, 0] == big.costs[-1, 0] > big.costs[0, 0]       # output 1: up, then frozen
assert changes.max() == 4                                            # output 2 frozen from 4 on

# %% [markdown]
# Every draw of 1000 targets from U(0, 1) freezes near the same value. For one target
# y ~ U(0, 1), E[y²] = 1/3 and E[y⁴] = 1/5, so y² has variance 1/5 − (1/3)² = 1/5 − 1/9.
# Summed over 1000 samples and halved, one output's frozen cost is 0.5 × 1000 / 3 ≈ 166.7,
# give or take 0.5 × √(1000 × (1/5 − 1/9)) ≈ 4.7 (one standard deviation). The final line
# is the **mean of the two outputs**, and averaging two independent outputs divides that
# spread by √2: 166.7 give or take 3.3. When we ran the question's code as written, with
# its unseeded data, its final line froze at 165.5. Our seeded final line and that 165.5
# both fit:

# %% [markdown] lang="zh" en="d19085a8bbbf"
# 从 U(0, 1) 中抽取 1000 个目标，不管抽到哪一组，代价都停滞在差不多同一个值附近。对一个目标 y ~ U(0, 1)，E[y²] = 1/3，E[y⁴] = 1/5，所以 y² 的方差为 1/5 − (1/3)² = 1/5 − 1/9。对 1000 个样本求和再减半，一个输出停滞时的代价是 0.5 × 1000 / 3 ≈ 166.7，上下浮动约 0.5 × √(1000 × (1/5 − 1/9)) ≈ 4.7（一个标准差）。最后一行是**两个输出的平均值**，而对两个独立的输出求平均，会把这个波动除以 √2：166.7，上下浮动 3.3。我们按原样运行原问题的代码时（数据没有设定随机种子），最后一行停在了 165.5。我们设定随机种子后的最后一行和那个 165.5，都落在这个范围之内：

# %%
expected, spread = 1000 / 6, 0.5 * np.sqrt(1000 * (1 / 5 - 1 / 9))   # mean and sd of 0.5*sum(y^2), one output
spread_line = spread / np.sqrt(2)                      # the final line: the mean of two outputs
question_frozen = 165.5                                # our run of the question's code, unseeded
print(f"per output {expected:.1f} +- {spread:.1f}; final line {expected:.1f} +- {spread_line:.1f}; "
      f"ours {big.final_line:.1f}; question's {question_frozen}")
assert abs(big.final_line - expected) < spread_line and abs(question_frozen - expected) < spread_line
assert round(expected, 1) == 166.7 and round(spread, 1) == 4.7 and round(spread_line, 1) == 3.3

# %% [markdown]
# ### Exercise 1: predict the frozen cost
# Without training anything, compute what a network that outputs 0 costs on the 100-sample
# targets `Y100`, one number per output, with the question's cost
# `0.5 * sum((y - out)**2)` summed over the samples.

# %% [markdown] lang="zh" en="14217b95d73f"
# ### 练习 1：预测停滞时的代价
# 不训练任何东西，计算一个输出恒为 0 的网络在 100 个样本的目标 `Y100` 上的代价，每个输出一个数；代价用原问题的 `0.5 * sum((y - out)**2)`，对样本求和。

# %%
my_frozen_cost = None  # your answer: an array with one number per output

exercises.check_frozen_cost(my_frozen_cost, Y100);

# %% [markdown]
# ## 4. Without ReLU it explodes; with a sigmoid it trains
#
# Swap ReLU for the identity (a linear network) and nothing can die. Instead the cost
# grows: each step multiplies it by about 300, until the numbers overflow to infinity.

# %% [markdown] lang="zh" en="c6684170deb2"
# ## 4. 不用 ReLU 就爆炸；用 sigmoid 就能训练
#
# 把 ReLU 换成恒等函数（得到一个线性网络），就没有什么会死亡了。但代价反而增长：每一步都把它乘以约 300，直到数值溢出为无穷大。

# %%
linear = original.OriginalNet(X1000, Y1000, seed=0, activation="identity", iterations=150)
total = linear.costs.sum(axis=1)
growth = total[3:6] / total[2:5]
overflow_at = int(np.argmax(~np.isfinite(total)))
print("total cost:", total[:5])
print(f"growth per update: {growth.round(2)}; infinite from iteration {overflow_at}")
assert np.allclose(growth, 292.6, rtol=1e-3) and np.all(np.isfinite(total[:overflow_at]))

# %% [markdown]
# By the third step the factor has settled near 292.6 per update. Notebook 02 predicts that
# number from the data alone, before training anything, and shows why the same learning
# rate is fine on 100 samples. The root cause is the same in both runs: **the step is far
# too large for 1000 samples**. With ReLU the too-large steps kill the units; without it,
# the steps keep growing.
#
# The question says the falling numbers the learner expected came from a **sigmoid**
# network. Same code, same 1000 samples, same learning rate, sigmoid instead of ReLU:

# %% [markdown] lang="zh" en="7771deeecd3f"
# 到第三步，这个倍数已经稳定在每次更新约 292.6 倍。笔记本 02 会在训练之前、只凭数据就预测出这个数，并说明为什么同样的学习率在 100 个样本上没有问题。两次运行的根本原因相同：**对 1000 个样本来说，这一步迈得太大了**。用 ReLU 时，过大的步把单元杀死；不用 ReLU 时，步子越迈越大。
#
# 原问题提到，学习者期望看到的那种不断下降的数字，来自一个 **sigmoid** 网络。同样的代码、同样的 1000 个样本、同样的学习率，只把 ReLU 换成 sigmoid：

# %%
sigmoid = original.OriginalNet(X1000, Y1000, seed=0, activation="sigmoid")
print("first:", sigmoid.costs[0], " last:", sigmoid.costs[-1])
assert np.all(sigmoid.costs[-1] < 0.75 * sigmoid.costs[0]) and np.all(np.isfinite(sigmoid.costs))
assert np.all(sigmoid.costs[-1] < zero_output_cost / 3)       # far below the frozen ReLU net

# %% [markdown]
# It trains: the cost falls and nothing freezes or explodes. So the learner was right
# that the activation matters, but not about why. A sigmoid's slope is at most 1/4, and
# never exactly 0, and notebook 02 shows that this makes the same step about 30 times
# safer. It does not remove the problem, it only moves the limit: notebook 02 shows the
# sigmoid net failing too on ten times more data.

# %% [markdown] lang="zh" en="78be46793251"
# 它能训练：代价下降，既没有停滞，也没有爆炸。所以学习者认为激活函数有影响，这没错，只是没说对原因。sigmoid 的斜率最大为 1/4，而且永远不会恰好为 0；笔记本 02 会说明，这让它能承受的步大了约 30 倍。但它并没有消除问题，只是挪动了界限：笔记本 02 会展示，数据再多十倍，sigmoid 网络同样会失败。

# %% [markdown]
# ### On standardised inputs the same ReLU net goes to infinity
#
# > **Reading ahead.** This subsection is the hardest of 01 because it borrows a rule from
# > notebook 02. What it shows, the ReLU net overflowing, needs nothing new. *Why* it grows
# > 23-fold per update uses two things 02 explains (its sections 2 and 3) and that you may
# > take on trust here: **λ_max**, the **curvature** of the cost in its steepest direction
# > (how sharply it bends there; `np.linalg.eigvalsh(Z.T @ Z)[-1]` computes it for a linear
# > layer on inputs `Z`), and the rule that each update above the limit multiplies the cost
# > by **(lr × λ_max − 1)²**. Below, **λ_max per sample** is λ_max(XᵀX) / N (the "1.81"),
# > and **the curvature of the samples that pass a gradient** is λ_max computed over only the
# > samples on which a ReLU unit is on (it passes no gradient for the others). On a first
# > reading you may skip to section 5 and come back after notebook 02; nothing else in 01
# > depends on it.
#
# The learner's cost *did* grow to infinity, with ReLU. Our inputs, like the question's,
# are U(0, 1), all positive, and with them the ReLU net always freezes. Real data are
# usually **standardised** first (each input column shifted to mean 0 and scaled to
# standard deviation 1), so the inputs have both signs. Same net, same targets, same
# lr = 0.01, summed cost, same starting weights; only `X1000` standardised:

# %% [markdown] lang="zh" en="576095f7fed7"
# ### 输入标准化后，同一个 ReLU 网络会冲向无穷大
#
# > **提前用到后文。** 这一小节是 01 中最难的，因为它借用了笔记本 02 的一条规则。它展示的现象（ReLU 网络溢出）本身不需要新知识。但要解释代价*为什么*每次更新增长 23 倍，要用到 02 第 2、3 节讲解的两样东西，在这里你可以先直接接受：一是 **λ_max**，即代价在最陡方向上的**曲率**（代价在那个方向上弯得有多厉害；对输入为 `Z` 的线性层，`np.linalg.eigvalsh(Z.T @ Z)[-1]` 就能算出它）；二是一条规则：超过稳定界限时，每次更新都会把代价乘以 **(lr × λ_max − 1)²**。下文中，**每样本 λ_max** 指 λ_max(XᵀX) / N（即那个“1.81”）；**传递梯度的样本的曲率**指只在 ReLU 单元处于激活状态的那些样本上计算的 λ_max（在其余样本上，单元不传递梯度）。第一次阅读时可以直接跳到第 5 节，学完笔记本 02 再回来看；01 中的其他内容都不依赖这一小节。
#
# 但学习者的代价*确实*是在用 ReLU 时涨到了无穷大。我们的输入和原问题的一样，都来自 U(0, 1)，全为正数；在这样的输入上，ReLU 网络总是停滞。真实数据通常会先**标准化**（把每一列输入平移到均值为 0，再缩放到标准差为 1），这样输入就有正有负。同样的网络、同样的目标、同样的 lr = 0.01、求和的代价、同样的初始权重，只把 `X1000` 标准化：

# %%
Xc = (np.asarray(X1000) - np.mean(X1000, axis=0)) / np.std(X1000, axis=0)
centred = nnlib.train(nnlib.Network([7, 2], seed=0), Xc, Y1000, lr=0.01, epochs=1000,
                      reduction="sum", snapshots=(1, 100))
growth_c = np.median(centred.cost[51:101] / centred.cost[50:100])
print(f"{centred.status}: inf at epoch {centred.diverged_at}; growth per epoch {growth_c:.1f}; "
      f"most units ever dead: {centred.dead_fraction.max():.0%}")
assert centred.diverged and 200 < centred.diverged_at < 250 and centred.dead_fraction.max() == 0
assert centred.diverged_at == 226 and round(growth_c) == 23

# %% [markdown]
# It goes to infinity at epoch 226 and no unit ever dies. The cost grows about 23-fold per
# epoch instead of 292.6-fold, so it takes longer to overflow. Notebook 02's rule explains
# the 23, once two changes are counted. The factor per update is (lr × λ_max − 1)², where
# λ_max is the curvature of the samples that pass a gradient:
# - **only about half the samples.** A ReLU unit passes the gradient only of the samples
#   where it is on (here about half of them, shown below), so its curvature is about half;
# - **less curvature per sample.** λ_max per sample is 1.81 for our U(0, 1) inputs (notebook
#   02 derives about 1/12 + 7/4 ≈ 1.83, where the 7/4 comes from the inputs' common mean of
#   1/2); standardised inputs have mean 0, and it falls to 1.15 (notebook 04 comes back to this).
#
# Halving alone would predict (0.01 × 1000 × 1.81 / 2 − 1)² ≈ 65, standardising alone about
# 111; both together, (0.01 × 1000 × 1.15 / 2 − 1)² ≈ 22.7, the 23 measured. (A rough model:
# which half is on changes from step to step, but it stays about half.)

# %% [markdown] lang="zh" en="5a5972746938"
# 它在第 226 轮涨到无穷大，而且始终没有一个单元死亡。代价每轮增长约 23 倍，而不是 292.6 倍，所以要更久才会溢出。只要算上两处变化，笔记本 02 的规则就能解释这个 23。每次更新的倍数是 (lr × λ_max − 1)²，其中 λ_max 是传递梯度的样本的曲率：
# - **只有大约一半的样本。** ReLU 单元只传递它处于激活状态的那些样本的梯度（这里大约是一半，见下文），所以它的曲率约为原来的一半；
# - **每个样本的曲率更小。** 对我们的 U(0, 1) 输入，每样本 λ_max 为 1.81（笔记本 02 推导出约 1/12 + 7/4 ≈ 1.83，其中 7/4 来自各输入共同的均值 1/2）；标准化后的输入均值为 0，它就降到 1.15（笔记本 04 还会回到这一点）。
#
# 只考虑减半，预测值为 (0.01 × 1000 × 1.81 / 2 − 1)² ≈ 65；只考虑标准化，约为 111；两者合起来，(0.01 × 1000 × 1.15 / 2 − 1)² ≈ 22.7，正是实测的 23。（这是一个粗略的模型：单元在哪一半样本上处于激活状态，每一步都在变，但始终大约是一半。）

# %%
lam_per_sample = {name: np.linalg.eigvalsh(Z.T @ Z)[-1] / len(Z) for name, Z in (("U(0,1)", np.asarray(X1000)), ("standardised", Xc))}
predict = {what: (0.01 * 1000 * lam_per_sample[data] * share - 1) ** 2 for what, data, share in
           (("half", "U(0,1)", 0.5), ("standardised", "standardised", 1), ("both", "standardised", 0.5))}
print({k: round(v, 2) for k, v in lam_per_sample.items()}, {k: round(v, 1) for k, v in predict.items()})
assert round(lam_per_sample["U(0,1)"], 2) == 1.81 and round(lam_per_sample["standardised"], 2) == 1.15
assert abs(predict["half"] - 65) < 1 and round(predict["standardised"]) == 111
assert round(predict["both"], 1) == 22.7 and abs(predict["both"] / growth_c - 1) < 0.05

# %% [markdown]
# It is not a lucky draw: four seeds (data and weights), and ten times more samples, which
# overflows sooner:

# %% [markdown] lang="zh" en="0ca9677dc5cc"
# 这不是碰巧抽到的：换四个随机种子（数据和权重都换），再试一次样本多十倍的情形（溢出得更早）：

# %%
def centred_run(n, seed):
    X, Y = nnlib.datasets.random_targets(n=n, seed=seed)
    return nnlib.train(nnlib.Network([7, 2], seed=seed), (X - X.mean(0)) / X.std(0), Y,
                       lr=0.01, epochs=1000, reduction="sum")


seed_runs = [centred_run(1000, s) for s in range(4)]
big_centred = centred_run(10000, 0)
print("N = 1000, seeds 0-3, inf at epoch:", [r.diverged_at for r in seed_runs],
      "; N = 10,000:", big_centred.diverged_at)
assert all(r.diverged and 200 < r.diverged_at < 250 and r.dead_fraction.max() == 0 for r in seed_runs)
assert big_centred.diverged and 80 < big_centred.diverged_at < 100 and big_centred.dead_fraction.max() == 0

# %% [markdown]
# **Why freeze on one and explode on the other?** A unit's input is z = x · w. When every
# input is ≥ 0, an overshoot that makes the unit's weights all negative makes z < 0 on
# **every** sample at once: the unit is dead, its gradient is 0, and the cost freezes.
# That is what happened on U(0, 1) data: after training, output 1's weights are all
# negative. With centred inputs no weight vector can do that: whatever w is, x · w is
# positive on about half of the samples (here 49 to 52 %, at epoch 1 and at epoch 100). The
# unit stays alive there, and on those samples the too-large steps keep growing, as in
# the linear network.

# %% [markdown] lang="zh" en="3d45bcf99a67"
# **为什么一种输入会停滞，另一种却会爆炸？** 单元的输入是 z = x · w。当每个输入都 ≥ 0 时，一次冲过头的更新只要让这个单元的权重全部变成负数，z 就会在**每一个**样本上同时小于 0：单元死亡，梯度为 0，代价停滞。U(0, 1) 数据上发生的正是这件事：训练之后，输出 1 的权重全是负数。而对中心化的输入，任何权重向量都做不到这一点：不管 w 是什么，x · w 都会在大约一半的样本上为正（这里在第 1 轮和第 100 轮，这个比例都在 49% 到 52% 之间）。在这些样本上，单元一直活着，过大的步也就像在线性网络中那样越来越大。

# %%
on_share = np.array([(centred.snapshots[e][0] > 0).mean(axis=0) for e in (1, 100)])
print("U(0,1) data, output 1's weights after training:", big.weight_arrays()[0][:, 0].round(2))
print("centred data, share of samples with z > 0 (epoch 1, epoch 100):\n", on_share)
assert np.all(big.weight_arrays()[0][:, 0] < 0) and np.all((0.49 <= on_share) & (on_share <= 0.52))

# %%
fig, ax = plt.subplots(figsize=(7, 3.5), constrained_layout=True)
ax.plot(np.log10(big.costs.sum(axis=1)), label="inputs U(0, 1): freezes (every unit dead)")
ax.plot(np.log10(centred.cost[:centred.diverged_at]), label=f"inputs standardised: inf at epoch {centred.diverged_at} (no unit dead)")
ax.axvline(centred.diverged_at, color="C1", ls=":", lw=1)
ax.set(xlabel="epoch", ylabel="log10 of the total cost (summed)", xlim=(-6, 300),
       title="The same ReLU net, lr 0.01, N = 1000")
ax.legend(loc="upper left", fontsize=8);

# %% [markdown]
# So the question's two symptoms are one cause, too large a step, meeting two kinds of
# input: all-positive inputs let the step kill every unit (freeze); mixed-sign inputs keep
# some units alive, and the step blows them up (infinity). Notebook 02 computes how large a
# step may be; notebook 04 lists the fixes, standardising included.
#
# ## 5. The smaller defects
#
# **The progress line.** The question prints the cost when `(i/1000.0) == (i/1000)`.
# In Python 2, `i/1000` was integer division, so this was true every 1000th iteration.
# In Python 3 both sides are the same true division: it is true **every** iteration.

# %% [markdown] lang="zh" en="b7b5ff8bd7aa"
# 所以，原问题的两种症状是同一个原因（步太大）遇上了两种输入：输入全为正时，这一步能把每个单元都杀死（停滞）；输入有正有负时，总有一些单元活着，这一步让它们爆炸（无穷大）。笔记本 02 会算出一步最大可以多大；笔记本 04 列出各种修复方法，其中就包括标准化。
#
# ## 5. 较小的缺陷
#
# **进度输出。** 原问题在 `(i/1000.0) == (i/1000)` 时打印代价。在 Python 2 中，`i/1000` 是整数除法，所以这个条件每 1000 次迭代成立一次。在 Python 3 中，两边都是同样的真除法：**每一次**迭代它都成立。

# %%
print(inspect.getsource(original.progress_condition))
print([original.progress_condition(i) for i in range(5)], small.progress_checks, len(small.printed))
assert all(original.progress_condition(i) for i in range(1000)) and small.progress_checks == 1000
assert len(small.printed) == 1001                          # 1000 progress lines + the final one

# %% [markdown]
# ### Exercise 2: the progress line it meant
# Write `my_progress(i)` that is True exactly when `i` is a multiple of 1000.

# %% [markdown] lang="zh" en="148cdbefd115"
# ### 练习 2：它本来想写的进度条件
# 编写 `my_progress(i)`，当且仅当 `i` 是 1000 的倍数时返回 True。

# %%
def my_progress(i):
    return (i / 1000.0) == (i / 1000)  # replace this line with your answer


exercises.check_progress_condition(my_progress);

# %% [markdown]
# **The global targets.** The constructor stores `self.trng_output = trng_output`: the
# module's global, not its `data_output` argument. It works only because the learner
# passes the same targets that the global holds. Give it other targets and it silently
# trains on the old ones:

# %% [markdown] lang="zh" en="80eeda5cab58"
# **目标取自全局变量。** 构造函数里写的是 `self.trng_output = trng_output`：读的是模块的全局变量，而不是参数 `data_output`。它之所以能工作，只是因为学习者传入的目标恰好就是全局变量里的那一份。换一组目标给它，它会不声不响地仍用原来那组训练：

# %%
other_Y = np.zeros((1000, 2))                               # targets it should learn
ignored = original.OriginalNet(X1000, other_Y, seed=0, iterations=1)
print(np.array_equal(ignored.trng_output, Y1000), np.array_equal(ignored.trng_output, other_Y))
assert ignored.trng_output is original.trng_output and not np.array_equal(ignored.trng_output, other_Y)

# %% [markdown]
# **No biases.** `self.bias = 0` is a count of extra input nodes, and it is 0: the network
# has no bias terms at all, so its output at input 0 is always 0. A positive bias would
# have kept the units switched on at the start; it would not revive a dead unit, though:
# a dead unit's bias gets a zero gradient too (notebook 03).
# **Weights** are U(−1, 1) whatever the number of inputs.
# **Two reductions mixed:** the word *reduction* means how the per-sample errors are
# combined into one cost. Here the cost **sums** over samples, but the last printed line
# takes the **mean** over the two outputs. Notebooks 02 to 04 deal with these.

# %% [markdown] lang="zh" en="f7184bcfdce8"
# **没有偏置。** `self.bias = 0` 是额外输入节点的个数，而它为 0：网络根本没有偏置项，所以输入为 0 时，输出总是 0。正的偏置本可以让单元在一开始保持激活；不过它救不活已经死亡的单元：死亡单元的偏置得到的梯度同样为零（笔记本 03）。
#
# **权重**不论输入有多少个，一律取自 U(−1, 1)。
#
# **混用了两种归约：** *归约*指的是把每个样本的误差合并成一个代价的方式。这里的代价对样本**求和**，而打印的最后一行却对两个输出**求平均**。笔记本 02 到 04 会处理这些问题。

# %%
small.bias, small.forward(np.zeros((1, 7)))

# %% [markdown]
# **The crash.** The answer advises a deeper network, `[7, 10, 2]`. The update turns the
# list of weight matrices into one NumPy array, `np.array(self.weights)`, which cannot hold
# a 7×10 and a 10×2 matrix together:

# %% [markdown] lang="zh" en="9e7be1c96b9c"
# **崩溃。** 原回答建议用更深的网络 `[7, 10, 2]`。更新时，代码用 `np.array(self.weights)` 把权重矩阵的列表转换成一个 NumPy 数组，而一个数组装不下一个 7×10 矩阵和一个 10×2 矩阵：

# %%
print(inspect.getsource(original.OriginalNet.backprop))

# %% [markdown]
# Current NumPy refuses (older versions built an object array and worked slowly). The
# cell below catches the error and prints it, so the notebook keeps running:

# %% [markdown] lang="zh" en="a1cf44923532"
# 当前版本的 NumPy 会拒绝这样做（旧版本会构建一个对象数组，能运行，只是很慢）。下面的单元格捕获这个错误并打印出来，让笔记本继续运行：

# %%
try:
    original.OriginalNet(X1000, Y1000, nodes=(7, 10, 2), seed=0)
except ValueError as exc:
    crash = str(exc)
print("ValueError:", crash)
assert "inhomogeneous" in crash

# %% [markdown]
# ## 6. The same network in nnlib
#
# From here on the course uses `nnlib.Network` and `nnlib.train`: fast, tested, and
# every defect is an option. With its defaults, `Network([7, 2])` is the question's net
# (ReLU everywhere, no biases, U(−1, 1) weights), and with the same seed it starts from
# the same weights. With `reduction="sum"` and `lr=0.01` it follows the same costs:

# %% [markdown] lang="zh" en="21d405fec176"
# ## 6. nnlib 中的同一个网络
#
# 从这里开始，课程使用 `nnlib.Network` 和 `nnlib.train`：速度快、经过测试，而且每个缺陷都是一个可选项。取默认参数时，`Network([7, 2])` 就是原问题的网络（处处用 ReLU、没有偏置、权重取自 U(−1, 1)），用同一个随机种子时，它从同样的权重出发。设置 `reduction="sum"` 和 `lr=0.01` 后，它每次迭代的代价都与原网络一致：

# %%
lib_net = nnlib.Network([7, 2], seed=0)
hist = nnlib.train(lib_net, X1000, Y1000, lr=0.01, epochs=1000, reduction="sum")
difference = np.abs(hist.cost[:1000] - big.costs.sum(axis=1)).max()
print("largest difference over 1000 iterations:", difference)
assert np.allclose(hist.cost[:1000], big.costs.sum(axis=1), rtol=1e-9)
assert hist.dead_fraction[-1, 0] == 1.0                    # nnlib counts the dead units too

# %% [markdown]
# ## The symptom gallery
#
# Four runs of the same code, cost per output against iteration (the frozen run and the
# exploding one zoomed in on their first iterations; after that they are flat or infinite):

# %% [markdown] lang="zh" en="f7b35e96e362"
# ## 症状一览
#
# 同一份代码的四次运行，画出每个输出的代价随迭代的变化（停滞的那次和爆炸的那次只放大显示了最初几次迭代；之后它们要么是一条平线，要么已是无穷大）：

# %%
runs = [(small.costs, "ReLU, N = 100: seems to train", "linear"),
        (big.costs[:20], "ReLU, N = 1000: frozen from iteration 4", "linear"),
        (linear.costs[:40], "identity, N = 1000: explodes", "log"),
        (sigmoid.costs, "sigmoid, N = 1000: trains", "linear")]
fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), constrained_layout=True)
for ax, (costs, title, scale) in zip(axes.flat, runs):
    ax.plot(costs, ".-" if len(costs) <= 20 else "-", label=["output 1", "output 2"])
    ax.set(title=title, xlabel="iteration", ylabel="cost per output", yscale=scale, ylim=(0, 1.12 * costs.max()) if scale == "linear" else None)
    ax.legend(loc="best", fontsize=8)

# %% [markdown]
# ## Summary
# - On 100 samples the question's network trains; on 1000 the steps are far too large:
#   both output units die within four iterations, and the cost freezes at 0.5 × sum(Y²)
#   per output.
# - Without ReLU the same step makes the cost grow about 300-fold per update until it
#   overflows; with a sigmoid the same step trains.
# - With standardised (mixed-sign) inputs the same ReLU net does not freeze: no unit can
#   be off on every sample, and the cost overflows to inf (epoch 226 here), growing 23-fold
#   per update: a unit passes about half the samples, and standardised inputs curve less.
# - Smaller defects: the progress line fires on every iteration (Python 3 division), the
#   targets come from a global, there are no biases, and a deeper net crashes in NumPy.
# - `nnlib.Network([7, 2], seed=0)` trained with `reduction="sum", lr=0.01` reproduces it exactly.
#
# The questions the rest of the course answers:
# - Why is a step that is fine on 100 samples too large on 1000? How large may it be?
#   Why does a sigmoid survive it? → [02 Sum versus mean](02_sum_versus_mean.ipynb)
# - What exactly is a dead unit, and what brings it back? → [03 Dead ReLUs](03_dead_relus.ipynb)
# - Which fix matters, and does the answer's rewrite work on every seed? → [04 The fixes](04_the_fixes.ipynb)
# - How would the learner have known their gradient was right? → [05 Gradient checking](05_gradient_checking.ipynb)

# %% [markdown] lang="zh" en="c948e4be72d1"
# ## 小结
# - 在 100 个样本上，原问题的网络能训练；在 1000 个样本上，步太大了：两个输出单元在四次迭代之内都死亡，每个输出的代价停滞在 0.5 × sum(Y²)。
# - 不用 ReLU 时，同样的步会让代价每次更新增长约 300 倍，直到溢出；用 sigmoid 时，同样的步能正常训练。
# - 输入标准化（有正有负）后，同一个 ReLU 网络不会停滞：没有哪个单元能在每个样本上都处于未激活状态，代价溢出为 inf（这里是第 226 轮），每次更新增长 23 倍，比线性网络慢，因为一个单元只让大约一半的样本通过，而且标准化后的输入曲率更小。
# - 较小的缺陷：进度输出每次迭代都触发（Python 3 的除法），目标来自全局变量，没有偏置，网络加深后会在 NumPy 中崩溃。
# - 用 `reduction="sum", lr=0.01` 训练 `nnlib.Network([7, 2], seed=0)`，能精确复现这一切。
#
# 课程余下部分要回答的问题：
# - 为什么在 100 个样本上没问题的一步，到了 1000 个样本上就太大了？一步最大可以多大？为什么 sigmoid 能挺过来？→ [02 求和与求平均](02_sum_versus_mean.ipynb)
# - 死亡单元到底是什么？什么能让它复活？→ [03 死亡 ReLU](03_dead_relus.ipynb)
# - 哪种修复起作用？原回答的重写版本在每个随机种子上都管用吗？→ [04 修复方法](04_the_fixes.ipynb)
# - 学习者本可以怎样确认自己的梯度是对的？→ [05 梯度检验](05_gradient_checking.ipynb)

# %% [markdown]
# ## Check your understanding
# Answer from this notebook; the checker says which answers are right, with a hint for the
# others (the answers are in the Solutions at the end).
# 1. **Why** does the ReLU net's cost (N = 1000) never change again after iteration 4?
#    Give the letter:
#    (a) the learning rate has shrunk to 0;
#    (b) each output unit now receives a sum below zero whatever the sample, where its
#    activation is flat, so no correction can flow back through it to any weight;
#    (c) the network has reached the lowest cost it can reach.
# 2. By what factor does the linear net's total cost grow per update (N = 1000, lr 0.01)?
# 3. A case this notebook did not run: targets drawn from U(0, 1) for **3000** samples. Without
#    training anything, about what cost per output would a dead output (one that outputs 0)
#    freeze at, with the question's summed cost? Use section 3's rule.

# %% [markdown] lang="zh" en="24fa2d66d3a7"
# ## 检验你的理解
# 请根据本笔记本作答；检查器会告诉你哪些答案是对的，并对其余答案给出提示（答案在末尾的“参考答案”中）。
# 1. ReLU 网络（N = 1000）的代价在第 4 次迭代之后再也不变，**为什么**？给出字母：
#    (a) 学习率缩小到了 0；
#    (b) 现在不论是哪个样本，每个输出单元收到的加权和都小于零，而它的激活函数在那里是平的，所以任何修正都无法经由它传回任何权重；
#    (c) 网络已经达到了它所能达到的最低代价。
# 2. 线性网络的总代价每次更新增长多少倍（N = 1000，lr 0.01）？
# 3. 一个本笔记本没有运行过的情形：目标取自 U(0, 1)，共 **3000** 个样本。不训练任何东西，用原问题的求和代价，一个死亡的输出（即恒输出 0 的输出单元）的代价大约会停在多少（按每个输出计）？请用第 3 节的规则。

# %%
exercises.check_understanding_01(
    None,   # 1. a letter, in quotes
    None,   # 2. a number
    None);  # 3. a number

# %% [markdown]
# **Next:** [02 Sum versus mean](02_sum_versus_mean.ipynb).

# %% [markdown] lang="zh" en="1de2c7bb0f67"
# **下一个笔记本：** [02 求和与求平均](02_sum_versus_mean.ipynb)。

# %% [markdown] tags=["solution"]
# ---
# ## Solutions (spoilers)
# The code of the cells below is collapsed in JupyterLab; click the bar to open it.

# %% [markdown] lang="zh" en="29adbcc6ece6" tags=["solution"]
# ---
# ## 参考答案（剧透）
# 下面各单元格的代码在 JupyterLab 中是折叠的，点击折叠条即可展开。

# %% tags=["solution"] jupyter={"source_hidden": true}
frozen_solution = 0.5 * np.sum(np.asarray(Y100) ** 2, axis=0)   # out = 0, summed over samples
assert exercises.check_frozen_cost(frozen_solution, Y100)

# %% tags=["solution"] jupyter={"source_hidden": true}
def progress_solution(i):
    return i % 1000 == 0


assert exercises.check_progress_condition(progress_solution)

# %% tags=["solution"] jupyter={"source_hidden": true}
assert exercises.check_understanding_01("b", float(np.median(growth)), 0.5 * 3000 * (1 / 3))   # 0.5 x N x E[y^2]
