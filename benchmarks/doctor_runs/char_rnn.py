"""Style "char_rnn": a vanilla character-level RNN in plain NumPy, its loss read back from the printout.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read
or ran the doctor. The learner trains the kind of small character model people write after reading
about RNNs: a tanh hidden state h = tanh(Wxh x + Whh h + bh) over one-hot characters, a softmax
over the vocabulary (the 36 characters of TEXT, a 3.7 KB story about a harbour town written for
this module), weights drawn randn * 0.01 (some learners forget the 0.01), biases zero. The text's
first 90% is read in chunks of seq_length (12-25) characters by truncated backprop through time,
the hidden state carried from chunk to chunk and reset at the end of the text; some learners read
B chunks at a time from B stretches of the text. The loss of a chunk is the cross-entropy summed
over its time steps (and over the B chunks, or averaged over them: "reduction"); the log is not
guarded, so a probability that underflows to 0 makes it inf. Updates: Adagrad (mem += d*d; p -= lr
* d / sqrt(mem + 1e-8)) or plain SGD, each gradient clipped elementwise to [-5, 5] or not.

The log: the learner keeps smooth_loss = smooth_loss * 0.999 + loss * 0.001, starting from
-log(1/vocab_size) * seq_length (89.59 for chunks of 25, 57.34 for 16), and prints
"iter 1200, loss: 54.321" every `every` iterations with 2, 3 or 6 decimals; a line whose loss is inf
or nan is printed at once and the learner stops there. The costs are the numbers parsed back from
those lines (so rounded as printed). The score is the next-character accuracy, in points, on the
held-out last 10% of the text (372 predictions from a zero hidden state; always guessing a space
scores 20.97).

Weak spots: the 0.999 smoothing lags the true loss by about a thousand iterations, so a healthy run
needs 2000-5000 iterations to end under half its start (they end at 0.32-0.44 of it; single-chunk
Adagrad at 3000 iterations ended at 0.41-0.5, so the single-chunk runs go on to 4000-5000). The
smoothing starts from the learner's constant, not the first loss: when the true loss starts above
it, the printed curve rises first. So the saturated runs (randn without the 0.01: Whh h and Why h
have a std near 8 at the start) rise 1.1-1.5 times in the first few hundred iterations and then
fall slowly to 0.7-1.0 of the start: a hump, not a flat line. The summed runs (8 or 16 chunks a
step, the loss summed over them, plain SGD at the single-chunk lr 0.01, so the step is 8-16 times
too large) print a loss 8-16 times the start's scale, so their curve climbs partly because of the
sum itself (to 6-26 times the start). The lr_high runs are 20-50 times the healthy lr (SGD 0.01,
Adagrad 0.1): some end in inf after 2-35 lines (the Adagrad one at its second line with the seed
+100 or +1000), the others climb to 14-25 times the start (Adagrad lr 5 to 6 times, then easing to
3.8). The lr_low runs (Adagrad 0.001, SGD 0.0001) fall to 0.81 of the start (the letter
frequencies) or to 0.96. The jump_stuck run (Adagrad lr 3, 30 times, without clipping) climbs to
2.7-3.8 times its start in 300 iterations and comes down only to 1.5-1.9 times it by the end: it
can pass for lr_high. The held-out slice is short and healthy accuracies spread over 50.3-64.5
points by seed. No run is labelled unscaled (one-hot inputs) or dead (tanh units).
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like); the healthy median was 53.0-59.5 points, and each problem run scored at
least 14 points under it (the SGD saturated run, 39.8); the suite runs in about 30-40 seconds.
"""
import io
import re

import numpy as np

from .common import one_blas_thread, setter, translate

SCORE = "accuracy"

TEXT = """\
The town sits at the end of a long road by the sea. In the morning the boats go out, and in the
evening the boats come back. The baker opens his shop before the sun is up, and the smell of bread
goes down the street to the water. The fishermen stop at the shop on their way to the boats. They
buy bread and they talk about the wind and the weather.

When the wind is from the west, the sea is calm and the boats go far out. When the wind is from the
north, the sea is rough and the boats stay in the harbour. Then the fishermen mend their nets on the
wall and watch the grey water. The children run along the wall and the old dog sleeps in the sun by
the door of the shop.

The school is at the top of the hill. Every day the children walk up the hill in the morning and
down the hill in the afternoon. The teacher tells them about the sea, the fish and the birds. She
tells them that the sea is older than the town and older than the hill. The children listen, and
then they look out of the window at the boats.

In the summer the town is full of people. They come down the long road in cars and on bicycles. They
sit on the wall and eat bread from the shop and fish from the boats. They swim in the cold water and
lie on the warm sand. In the evening they walk along the harbour and look at the boats and the
lights on the water. Then they go back up the long road, and the town is quiet again.

In the winter the town is quiet for a long time. The days are short and the nights are long. The
wind comes from the north and the rain comes from the west. The baker still opens his shop before
the sun is up, but the street is dark and the boats stay in the harbour. The fishermen sit in the
shop and drink tea and talk about the summer. The old dog sleeps by the stove.

The lighthouse stands on the rocks at the end of the harbour wall. Every night the light goes round
and round, and the boats at sea can see it from far away. The keeper of the light is an old man who
lives in a small house by the rocks. He walks to the shop every morning to buy bread, and every
evening he walks back to the light. He knows every boat in the harbour and every fisherman in the
town.

One night in the winter the wind was very strong and the sea was very rough. One of the boats was
still out at sea. The fishermen stood on the wall and looked out at the dark water. The keeper of
the light watched from the rocks. The light went round and round all night. In the morning the boat
came back into the harbour, slowly, with its nets torn and its men tired and cold. The baker gave
them bread and the fishermen gave them tea, and the whole town came down to the water to see the
boat.

Now the children at the school tell that story to each other. They tell it in the morning on the way
up the hill, and they tell it in the afternoon on the way down the hill. The teacher tells it too.
She says that the light is the reason the boat came home. The old man says that the men in the boat
are the reason the boat came home. The baker says that it was the bread.

In the spring the days get longer and the wind gets softer. The boats go out again in the morning
and come back in the evening. The fishermen paint their boats on the sand, one boat blue, one boat
red, one boat green and white. The children help them, and then they run along the wall to the
lighthouse and back again. The old dog runs with them for a while, and then he goes back to sleep in
the sun by the door of the shop.

And so the year goes round, like the light on the rocks. The boats go out and the boats come back.
The bread is warm in the morning and the tea is hot in the evening. The town sits at the end of the
long road by the sea, and the sea is older than the town.
"""


def split_text(text, held_out):
    """(training text, the held-out slice at its end), held_out a fraction of the characters."""
    cut = int(len(text) * (1 - held_out))
    return text[:cut], text[cut:]


def scale_for(scale, fan_in):
    """The std of a weight matrix's draw: a number, or xavier (1/sqrt(fan in)), he (sqrt(2/fan in))."""
    if scale == "xavier":
        return 1 / np.sqrt(fan_in)
    return np.sqrt(2 / fan_in) if scale == "he" else float(scale)


def init_params(vocab_size, hidden_size, scale, rng):
    """Wxh, Whh, Why drawn N(0, 1) * scale (0.01 in the usual code), biases zero."""
    Wxh = rng.randn(hidden_size, vocab_size) * scale_for(scale, vocab_size)
    Whh = rng.randn(hidden_size, hidden_size) * scale_for(scale, hidden_size)
    Why = rng.randn(vocab_size, hidden_size) * scale_for(scale, hidden_size)
    return [Wxh, Whh, Why, np.zeros((hidden_size, 1)), np.zeros((vocab_size, 1))]


def loss_fun(params, inputs, targets, hprev, reduction):
    """(loss, grads, last hidden state) for one chunk: inputs, targets are (T, B) character indices.
    The hidden states are stepped through time; the output layer and the softmax are done for all
    T steps at once. The loss is summed over the T steps; over the B sequences summed or averaged."""
    Wxh, Whh, Why, bh, by = params
    T, B = inputs.shape
    H = Whh.shape[0]
    d = 1.0 if reduction == "sum" else float(B)
    hs = np.zeros((T + 1, H, B))
    hs[0] = hprev
    xw = Wxh[:, inputs].transpose(1, 0, 2)  # (T, H, B): Wxh times the one-hot inputs
    for t in range(T):
        hs[t + 1] = np.tanh(xw[t] + Whh @ hs[t] + bh)
    hflat = hs[1:].transpose(1, 0, 2).reshape(H, T * B)
    ys = Why @ hflat + by
    ps = np.exp(ys - ys.max(axis=0))
    ps /= ps.sum(axis=0)
    cols = np.arange(T * B)
    tflat = targets.reshape(-1)
    loss = -np.sum(np.log(ps[tflat, cols])) / d

    dy = ps
    dy[tflat, cols] -= 1
    dy /= d
    dWhy = dy @ hflat.T
    dby = dy.sum(axis=1, keepdims=True)
    dh_out = (Why.T @ dy).reshape(H, T, B).transpose(1, 0, 2)
    dhraw = np.zeros((T, H, B))
    dhnext = np.zeros((H, B))
    for t in reversed(range(T)):
        dhraw[t] = (1 - hs[t + 1] * hs[t + 1]) * (dh_out[t] + dhnext)
        dhnext = Whh.T @ dhraw[t]
    draw = dhraw.transpose(1, 0, 2).reshape(H, T * B)
    dWhh = draw @ hs[:-1].transpose(1, 0, 2).reshape(H, T * B).T
    dWxh = draw @ np.eye(Wxh.shape[1])[inputs.reshape(-1)]  # the one-hot inputs again
    return loss, [dWxh, dWhh, dWhy, draw.sum(axis=1, keepdims=True), dby], hs[T]


def evaluate(params, text, char_to_ix):
    """(per-character cross-entropy, next-character accuracy) over text, from a zero hidden state."""
    Wxh, Whh, Why, bh, by = params
    ix = np.array([char_to_ix[ch] for ch in text])
    h = np.zeros(Whh.shape[0])
    hs = []
    for i in ix[:-1]:
        h = np.tanh(Wxh[:, i] + Whh @ h + bh[:, 0])
        hs.append(h)
    ys = np.array(hs) @ Why.T + by[:, 0]
    logp = ys - ys.max(axis=1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(axis=1, keepdims=True))
    rows = np.arange(len(ix) - 1)
    return float(-logp[rows, ix[1:]].mean()), float(100.0 * np.mean(logp.argmax(axis=1) == ix[1:]))


def train(s, data, char_to_ix, out, steps=None):
    """The learner's loop; prints "iter n, loss: x" to out every s["every"] iterations; returns params."""
    vocab_size, seq_length, B = len(char_to_ix), s["seq_length"], s["batch"]
    rng = np.random.RandomState(s["seed"])
    params = init_params(vocab_size, s["hidden_size"], s["init_scale"], rng)
    mems = [np.zeros_like(p) for p in params]
    ix = np.array([char_to_ix[ch] for ch in data])
    span = len(ix) // B  # each of the B sequences reads its own stretch of the text
    starts = np.arange(B) * span
    smooth_loss = -np.log(1.0 / vocab_size) * seq_length
    n, p = 0, 0
    num_iters = s["num_iters"] if steps is None else min(steps, s["num_iters"])
    while n < num_iters:
        if p + seq_length + 1 >= span or n == 0:
            hprev = np.zeros((s["hidden_size"], B))
            p = 0
        inputs = np.stack([ix[starts + p + t] for t in range(seq_length)])
        targets = np.stack([ix[starts + p + t + 1] for t in range(seq_length)])
        loss, grads, hprev = loss_fun(params, inputs, targets, hprev, s["reduction"])
        smooth_loss = smooth_loss * 0.999 + loss * 0.001
        last = steps is not None and n == num_iters - 1  # a short trial ends with a line
        if n % s["every"] == 0 or last or not np.isfinite(smooth_loss):
            print("iter %d, loss: %.*f" % (n, s["decimals"], smooth_loss), file=out)
        if not np.isfinite(smooth_loss):
            break  # the learner sees "loss: nan" and stops the run
        for param, dparam, mem in zip(params, grads, mems):
            if s["clip"]:
                np.clip(dparam, -s["clip"], s["clip"], out=dparam)
            if s["optimizer"] == "adagrad":
                mem += dparam * dparam
                param += -s["lr"] * dparam / np.sqrt(mem + 1e-8)
            else:
                param += -s["lr"] * dparam
        p += seq_length
        n += 1
    return params


def run(settings, steps=None):
    """(the smoothed losses parsed from the printed lines, held-out next-character accuracy in points)."""
    s = settings
    data, held = split_text(TEXT, 0.1)
    chars = sorted(set(TEXT))
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    out = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread():
        params = train(s, data, char_to_ix, out, steps)
        _, acc = evaluate(params, held, char_to_ix)
    costs = [float(v) for v in re.findall(r"iter \d+, loss: (\S+)", out.getvalue())]
    return costs, acc


def known(settings):
    """What this learner can tell: lr always; the print interval, the loss and the vocabulary, and
    that the loss is a sum (over the sequence's characters) as much as the learner says (tell 0-3)."""
    s, t = settings, settings["tell"]
    out = dict(lr=s["lr"])
    if t >= 1:
        out["every"] = s["every"]
    if t >= 2:
        out.update(loss="cross_entropy", n_classes=len(set(TEXT)))
    if t >= 3:
        out.update(reduction="sum", batch_size=s["batch"])
    return out


def init_scale_setter(settings, value):
    """weight_init as this learner reads it: xavier 1/sqrt(fan in), he sqrt(2/fan in), a number the
    std of the randn draw; a name this code has no line for is left out."""
    if value in ("xavier", "he"):
        settings["init_scale"] = value
    elif not isinstance(value, str):
        settings["init_scale"] = float(value)


def optimizer_setter(settings, value):
    """optimizer: this code has Adagrad and plain SGD; another name is left out."""
    if value in ("adagrad", "sgd"):
        settings["optimizer"] = value


OWN = {"reduction": setter("reduction"), "weight_init": init_scale_setter, "optimizer": optimizer_setter,
       "epochs": setter("num_iters", int)}


def apply(settings, action):
    """A doctor's action as this learner applies it: lr, the seed, the batch reduction, the init
    scale, the optimizer, the number of iterations; anything else (standardize has nothing to act on,
    the units are tanh) is left out."""
    return translate(settings, action, OWN)


def base(**kw):
    """The usual code: 64 tanh units, sequences of 25, Adagrad lr 0.1, gradients clipped to [-5, 5]."""
    s = dict(seed=0, lr=0.1, optimizer="adagrad", clip=5.0, hidden_size=64, seq_length=25, batch=1,
             reduction="sum", init_scale=0.01, num_iters=3000, every=100, decimals=3, tell=0)
    s.update(kw)
    return s


def suite():
    """The labelled runs: (name, cause, settings), the cause put in by the settings."""
    sgd = dict(optimizer="sgd", lr=0.01)
    runs = [("healthy, the usual code, 5000 iterations", "healthy", base(seed=0, num_iters=5000, tell=2)),
            ("healthy sequences of 16, a line every 250", "healthy",
             base(seed=1, seq_length=16, num_iters=5000, every=250, decimals=2)),
            ("healthy plain SGD lr 0.01, clipped", "healthy", base(seed=2, num_iters=4000, decimals=6, tell=3, **sgd)),
            ("healthy 4 sequences of 16 a step, mean over them", "healthy",
             base(seed=3, batch=4, reduction="mean", seq_length=16, tell=1)),
            ("healthy 8 sequences of 20 a step, mean over them", "healthy",
             base(seed=4, batch=8, reduction="mean", seq_length=20, num_iters=2000, every=50)),
            ("healthy no clipping, sequences of 12", "healthy", base(seed=5, clip=0, seq_length=12, num_iters=5000))]
    runs += [("SGD lr 0.5, clipped, a line every 20", "lr_high",
              base(seed=6, optimizer="sgd", lr=0.5, seq_length=16, every=20, tell=2)),
             ("SGD lr 0.2, no clipping", "lr_high", base(seed=7, optimizer="sgd", lr=0.2, clip=0, seq_length=16)),
             ("Adagrad lr 5, a line every 10", "lr_high", base(seed=8, lr=5.0, seq_length=20, every=10, tell=1)),
             ("Adagrad lr 0.001", "lr_low", base(seed=9, lr=0.001, seq_length=16, tell=3)),
             ("SGD lr 0.0001", "lr_low", base(seed=10, optimizer="sgd", lr=1e-4, seq_length=16)),
             ("SGD, 8 sequences a step, loss summed over them", "summed",
              base(seed=11, batch=8, clip=0, seq_length=16, num_iters=2000, tell=3, **sgd)),
             ("SGD clipped, 16 sequences a step, loss summed over them", "summed",
              base(seed=12, batch=16, seq_length=16, num_iters=1200, **sgd)),
             ("weights randn without the 0.01", "saturated", base(seed=13, init_scale=1.0, seq_length=16, tell=2)),
             ("SGD lr 0.01, weights randn without the 0.01", "saturated",
              base(seed=14, init_scale=1.0, seq_length=16, **sgd)),
             ("Adagrad lr 3, no clipping", "jump_stuck", base(seed=15, lr=3.0, clip=0, seq_length=16, tell=1))]
    return runs
