"""Style "multilabel": tagging documents with several topics at once, sigmoid outputs and dropout.

The learner's data are sklearn's `make_multilabel_classification`: each document is a bag of
twenty word counts and may carry any of five topic tags. The learner added two columns of their
own, the document's length in characters and its year of publication, and only sometimes
standardizes the seven columns. The model is a `TopicTagger` class with `forward(X, train)`,
`backward()` and `update(lr)`: one or more hidden layers with inverted dropout while training, and
five sigmoid outputs scored with binary cross-entropy, averaged over the tags and the documents of
the minibatch (or summed, in the learner's first draft). The minibatches come from a shuffled
copy each epoch; `if step % log_every == 0` the learner writes down the mean of the minibatch
losses since the last line (`running / since`, so the first line is the first minibatch's loss
alone): those numbers, noisy from dropout, are the learner's costs. The learner scores the tagger by the share of (document, tag) pairs it gets
right on a test set.
"""
import numpy as np
from sklearn.datasets import make_multilabel_classification

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TRAIN = 1200


def _data(standardize):
    X, Y = make_multilabel_classification(n_samples=1700, n_features=20, n_classes=5, n_labels=2, length=400,
                                          allow_unlabeled=True, random_state=3)
    rng = np.random.default_rng(3)
    chars = X.sum(1) * rng.normal(6.0, 0.6, len(X))
    year = rng.integers(1995, 2025, len(X)).astype(float)
    X = np.column_stack([X, chars, year])
    Xtr, Xte, Ytr, Yte = X[:N_TRAIN], X[N_TRAIN:], Y[:N_TRAIN].astype(float), Y[N_TRAIN:].astype(float)
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, Ytr, Xte, Yte


class TopicTagger:
    def __init__(self, s, rng):
        sizes = [22] + [s["hidden"]] * s["layers"] + [5]
        self.act, self.drop, self.rng, self.Ws, self.bs = s["activation"], s["dropout"], rng, [], []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            std = {"he": np.sqrt(2 / a), "xavier": np.sqrt(1 / a)}.get(s["init"])
            self.Ws.append(rng.normal(0, float(s["init"]) if std is None else std, (a, b)))
            self.bs.append(np.full(b, s["bias"] if i < len(sizes) - 2 else 0.0))

    def forward(self, X, train=False):
        self.hs, self.masks = [X], []
        for W, b in zip(self.Ws[:-1], self.bs[:-1]):
            z = self.hs[-1] @ W + b
            h = np.maximum(z, 0) if self.act == "relu" else np.tanh(z) if self.act == "tanh" else 1 / (1 + np.exp(-z))
            mask = (self.rng.random(h.shape) >= self.drop) / (1 - self.drop) if train else 1.0
            self.masks.append(mask)
            self.hs.append(h * mask)
        self.logits = self.hs[-1] @ self.Ws[-1] + self.bs[-1]
        return 1 / (1 + np.exp(-self.logits))

    def loss(self, Y, reduction):
        """Binary cross-entropy from the logits, summed or averaged over documents and tags."""
        z = self.logits
        per = np.maximum(z, 0) - z * Y + np.log1p(np.exp(-np.abs(z)))
        self.dz = (1 / (1 + np.exp(-z)) - Y) / (1 if reduction == "sum" else Y.size)
        return per.sum() if reduction == "sum" else per.mean()

    def backward(self):
        d = self.dz
        self.gW, self.gb = [None] * len(self.Ws), [None] * len(self.Ws)
        for i in range(len(self.Ws) - 1, -1, -1):
            self.gW[i], self.gb[i] = self.hs[i].T @ d, d.sum(0)
            if i:
                h = self.hs[i] / np.where(self.masks[i - 1] == 0, 1, self.masks[i - 1])  # before dropout
                slope = (h > 0) if self.act == "relu" else 1 - h ** 2 if self.act == "tanh" else h * (1 - h)
                d = (d @ self.Ws[i].T) * self.masks[i - 1] * slope

    def update(self, lr):
        for i in range(len(self.Ws)):
            self.Ws[i] -= lr * self.gW[i]
            self.bs[i] -= lr * self.gb[i]


def run(settings, steps=None):
    s = settings
    Xtr, Ytr, Xte, Yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    net = TopicTagger(s, rng)
    bs = s["batch_size"] or N_TRAIN
    logged, running, since, step = [], 0.0, 0, 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, bs):
                idx = order[k:k + bs]
                net.forward(Xtr[idx], train=True)
                running += net.loss(Ytr[idx], s["reduction"])
                net.backward()
                net.update(s["lr"])
                since += 1
                if step % s["log_every"] == 0 or step + 1 == steps:
                    logged.append(float(running / since))
                    running, since = 0.0, 0
                step += 1
                if step == steps or not np.isfinite(logged[-1]):
                    break
            if step == steps or not np.isfinite(logged[-1]):
                break
        if since:
            logged.append(float(running / since))
        p = net.forward(Xte)
        acc = float(100 * np.mean((p > 0.5) == (Yte > 0.5))) if np.isfinite(p).all() else 0.0  # a broken net scores 0
    return logged, acc


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=settings["log_every"],
                loss="cross_entropy", reduction=settings["reduction"])


OWN = usual_own(activations=("relu", "tanh", "sigmoid"))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.3, seed=0, standardize=True, batch_size=32, epochs=40, log_every=30, hidden=64, layers=1,
             activation="relu", init="he", bias=0.0, dropout=0.3, reduction="mean")
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "epochs": 300, "log_every": 20, "lr": 2.0, "hidden": 32, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier minibatch", "healthy", base(seed=3, activation="tanh", init="xavier")),
             ("healthy full batch", "healthy", full(seed=4))]
    runs += [("lr 20 minibatch (67x)", "lr_high", base(lr=20.0, seed=5)),
             ("lr 30 minibatch (100x)", "lr_high", base(lr=30.0, seed=6)),
             ("lr 100 full batch (50x)", "lr_high", full(lr=100.0, seed=19)),
             ("lr 0.003 minibatch (100x low)", "lr_low", base(lr=0.003, seed=7)),
             ("lr 0.02 full batch (100x low)", "lr_low", full(lr=0.02, seed=8)),
             ("cross-entropy summed over 32 documents x 5 tags", "summed", base(reduction="sum", seed=9)),
             ("summed over all 1200 documents, full batch", "summed", full(reduction="sum", seed=10)),
             ("raw columns, lr cut to 1e-6", "unscaled_conditioned", base(standardize=False, lr=1e-6, seed=13)),
             ("raw columns full batch, lr 1e-5", "unscaled_conditioned", full(standardize=False, lr=1e-5, seed=14)),
             ("4 sigmoid layers N(0, 4)", "saturated", base(activation="sigmoid", layers=4, init=4.0, seed=15)),
             ("3 tanh layers N(0, 5) full batch", "saturated", full(activation="tanh", layers=3, init=5.0, seed=16)),
             ("length and year as they are: the first updates blow up, then stuck", "jump_stuck",
              base(standardize=False, seed=11)),
             ("raw columns at lr 0.1, another seed", "jump_stuck", base(standardize=False, lr=0.1, seed=12)),
             ("raw columns full batch", "jump_stuck", full(standardize=False, seed=17))]
    return runs
