"""Style "pinn_ode": a physics-informed net u(t) fitted to an ODE, the printed loss lines parsed back.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner fits a small MLP u(t) (tanh, relu or sigmoid, one to three hidden layers) so
that it solves u' = -k (u - u_env), u(0) = u0 (plain decay: u0 1, u_env 0; Newton's cooling: a cup
at 90 degrees in a 20-degree room) or the damped oscillator u'' + c u' + w^2 u = 0, u(0) = 1,
u'(0) = 0, on 100 collocation points in [0, T]. Derivatives are central differences of the net's
outputs (step T / 500); the loss is the squared residual averaged (reduction "sum": summed) over the
points plus lam times the initial conditions' squared misses. With "standardize" the decay is
solved in s = t / T and u is scaled to (u - u_env) / (u0 - u_env); the oscillator's input is t / T
(its residual stays in t). Full-batch gradient descent, momentum beta (0: none). Every `every`
iterations (and at the last) it prints "it   500  loss 1.234e-02"; a non-finite loss is printed and
ends the run. The costs are those lines parsed back, as printed (4 significant digits); the score
is the mean absolute error on 1000 times against the exact solution, divided by its range.

Causes: healthy, lr_high, lr_low, summed, dead, saturated, jump_stuck. No unscaled run: in this
code raw t (T up to 100) and raw degrees trained as well as the scaled problem at the lrs that
train it (tanh units saturate for large t, which fits the flat tail of a decay), so an unscaled
label would not be honest; sk_partial_fit has both unscaled causes.
Weak spots: lr_high and summed runs go to inf within 20-40 iterations, so their curves are only 2
printed lines (the first line and the inf). The dead and saturated runs (tanh N(0, 4) at lr 1e-4)
end on the same flat 0.9 / 0.835 (a constant u); the saturated ones start far higher (8e4-2e5).
The jump_stuck runs are relu nets with the residuals summed at lr 1e-3 (a summed loss is what
throws them): a leap in the first 20-40 iterations, then every relu off and the loss flat at 1.
Checked (no doctor): every curve shows its cause; healthy errors 0.0002-0.018 (median 0.0022),
every problem run 0.11 or more.
"""
import contextlib
import io
import re

import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
ACT = {"tanh": (np.tanh, lambda h: 1 - h * h),
       "relu": (lambda z: np.maximum(z, 0), lambda h: (h > 0).astype(float)),
       "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h))}
LINE = re.compile(r"^it\s+(\d+)\s+loss\s+(\S+)$")


def exact(s, t):
    """The exact solution of the run's ODE at times t (raw units)."""
    if s["ode"] == "decay":  # u' = -k (u - u_env), u(0) = u0 (Newton's cooling; u_env 0, u0 1: plain decay)
        return s["u_env"] + (s["u0"] - s["u_env"]) * np.exp(-s["k"] * t)
    c, w = s["c"], s["w"]  # u'' + c u' + w^2 u = 0, u(0) = 1, u'(0) = 0
    wd = np.sqrt(w * w - c * c / 4)
    return np.exp(-c * t / 2) * (np.cos(wd * t) + c / (2 * wd) * np.sin(wd * t))


def targets(s):
    """(the net's u0, its u_env): 1 and 0 when the learner scales u to (u - u_env) / (u0 - u_env),
    else the raw numbers."""
    return (1.0, 0.0) if s["standardize"] else (s["u0"], s["u_env"])


def init_net(s, rng):
    """[[W, b], ...]: 1 input, the hidden layers, 1 output; hidden biases start at s["bias"]."""
    sizes = [1] + list(s["hidden"]) + [1]
    net = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"xavier": np.sqrt(1 / m), "glorot": np.sqrt(2 / (m + n))}.get(s["init"], s["init"])
        net.append([rng.normal(0, float(std), (m, n)), np.full(n, s["bias"] if i < len(sizes) - 2 else 0.0)])
    return net


def forward(net, x, act):
    """(the hidden layers' outputs, u) for inputs x of shape (m, 1)."""
    f = ACT[act][0]
    hs = [x]
    for W, b in net[:-1]:
        hs.append(f(hs[-1] @ W + b))
    return hs, (hs[-1] @ net[-1][0] + net[-1][1])[:, 0]


def backward(net, hs, du, act):
    """The gradients [[dW, db], ...] given d loss / d u at every input."""
    d = du[:, None]
    grads = []
    for i in range(len(net) - 1, -1, -1):
        grads.append([hs[i].T @ d, d.sum(0)])
        if i:
            d = (d @ net[i][0].T) * ACT[act][1](hs[i])
    return grads[::-1]


def points(s):
    """(collocation times, finite-difference step h), both in raw units."""
    return np.linspace(0, s["T"], s["n_points"]), s["T"] / 500


def residual(s, um, u0, up, h):
    """The ODE's residual by central differences from u(t-h), u(t), u(t+h), and its d/d(um, u0, up)."""
    d1 = (up - um) / (2 * h)
    if s["ode"] == "decay":  # scaled: dv/ds = -k T v in s = t / T
        k = s["k"] * s["T"] if s["standardize"] else s["k"]
        return d1 + k * (u0 - targets(s)[1]), (-1 / (2 * h), k, 1 / (2 * h))
    c, w2 = s["c"], s["w"] ** 2
    r = (up - 2 * u0 + um) / h ** 2 + c * d1 + w2 * u0
    return r, (1 / h ** 2 - c / (2 * h), w2 - 2 / h ** 2, 1 / h ** 2 + c / (2 * h))


def loss_and_grad(net, s, t, h):
    """The learner's loss (residual's squares averaged or summed, plus lam times the initial
    conditions' squared misses) and its gradient."""
    n = len(t)
    if s["standardize"] and s["ode"] == "decay":  # the whole problem in s = t / T
        t, h = t / s["T"], h / s["T"]
    stencil = np.concatenate([t - h, t, t + h, [-h, 0.0, h]])
    x = stencil / s["T"] if s["standardize"] and s["ode"] == "osc" else stencil
    hs, u = forward(net, x[:, None], s["activation"])
    r, (am, a0, ap) = residual(s, u[:n], u[n:2 * n], u[2 * n:3 * n], h)
    scale = 1.0 if s["reduction"] == "sum" else 1.0 / n
    lam = s["lam"]
    ic = u[3 * n + 1] - targets(s)[0]
    loss = scale * np.sum(r * r) + lam * ic * ic
    du = np.zeros_like(u)
    g = 2 * scale * r
    du[:n], du[n:2 * n], du[2 * n:3 * n] = g * am, g * a0, g * ap
    du[3 * n + 1] = 2 * lam * ic
    if s["ode"] == "osc":  # u'(0) = 0 too
        v0 = (u[3 * n + 2] - u[3 * n]) / (2 * h)
        loss += lam * v0 * v0
        du[3 * n + 2] += 2 * lam * v0 / (2 * h)
        du[3 * n] -= 2 * lam * v0 / (2 * h)
    return float(loss), backward(net, hs, du, s["activation"])


def train(s, steps=None):
    """Gradient descent (momentum s["beta"]; 0: plain), printing "it 500  loss 1.234e-02" every
    s["every"] iterations; returns the net."""
    rng = np.random.default_rng(s["seed"])
    net = init_net(s, rng)
    vel = [[np.zeros_like(W), np.zeros_like(b)] for W, b in net]
    t, h = points(s)
    last = s["iters"] if steps is None else min(steps, s["iters"])
    for it in range(last + 1):
        loss, grads = loss_and_grad(net, s, t, h)
        if it % s["every"] == 0 or it == last or not np.isfinite(loss):
            print(f"it {it:5d}  loss {loss:.3e}")
        if it == last or not np.isfinite(loss):
            break
        for (W, b), (gW, gb), v in zip(net, grads, vel):
            v[0] = s["beta"] * v[0] - s["lr"] * gW
            v[1] = s["beta"] * v[1] - s["lr"] * gb
            W += v[0]
            b += v[1]
    return net


def run(settings, steps=None):
    """(the printed losses, parsed back; the mean absolute error against the exact solution on 1000
    times); steps: stop after that many updates, with a last line."""
    s = settings
    out = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread(), contextlib.redirect_stdout(out):
        net = train(s, steps)
        grid = np.linspace(0, s["T"], 1000)
        _, u = forward(net, (grid / s["T"] if s["standardize"] else grid)[:, None], s["activation"])
    costs = [float(m.group(2)) for m in map(LINE.match, out.getvalue().splitlines()) if m]
    if s["standardize"]:  # back to the raw units
        u = s["u_env"] + (s["u0"] - s["u_env"]) * u
    truth = exact(s, grid)
    err = float(np.mean(np.abs(u - truth)) / np.ptp(truth))
    return costs, err if np.isfinite(err) else float("nan")


def known(settings):
    """What the learner can say: the lr always; the rest only as much as they tell."""
    s = settings
    out = dict(lr=s["lr"])
    if s["tell"] >= 1:
        out.update(every=s["every"], n_samples=s["n_points"], batch_size=s["n_points"])
    if s["tell"] >= 2:
        out.update(loss="squared", reduction=s["reduction"])
    return out


OWN = usual_own(activations=tuple(ACT), init_names=("xavier", "glorot"), epochs="iters")


def apply(settings, action):
    """A doctor's action as this learner applies it: lr, standardize (t scaled to [0, 1]), seed,
    reduction, weight init, hidden biases, activation, iterations (epochs)."""
    return translate(settings, action, OWN)


def base(**kw):
    """u' = -0.3 u on [0, 10], solved in s = t / 10, tanh 20, 100 points, plain GD lr 0.01, 3000 its."""
    s = dict(ode="decay", k=0.3, c=0.0, w=0.0, T=10.0, standardize=True, hidden=[20], activation="tanh",
             init="xavier", bias=0.0, n_points=100, lam=1.0, u0=1.0, u_env=0.0, reduction="mean", lr=0.01, beta=0.0,
             iters=3000, every=100, seed=0, tell=2)
    s.update(kw)
    return s


def osc(**kw):
    """u'' + 0.5 u' + 2.25 u = 0, u(0) = 1, u'(0) = 0 on [0, 4]: tanh 24-24, momentum 0.9, lr 0.02."""
    return base(**{"ode": "osc", "c": 0.5, "w": 1.5, "T": 4.0, "hidden": [24, 24], "beta": 0.9, "lr": 0.02,
                   "iters": 4000, **kw})


def suite():
    """The 18 labelled runs: (name, cause, settings), the cause put in by the settings."""
    relu_sum = dict(activation="relu", reduction="sum", every=20, iters=1000)
    runs = [("healthy decay tanh 20, lr 0.01", "healthy", base()),
            ("healthy decay tanh 20, momentum, lr 0.001", "healthy", base(seed=1, beta=0.9, lr=0.001, tell=1)),
            ("healthy decay tanh 20-20", "healthy", base(seed=2, hidden=[20, 20], tell=0)),
            ("healthy oscillator tanh 24-24", "healthy", osc(seed=3)),
            ("healthy oscillator tanh 24, lr 0.05", "healthy", osc(seed=4, hidden=[24], lr=0.05, tell=1)),
            ("healthy cooling cup, t and u scaled", "healthy", cooling(seed=5)),
            ("healthy decay relu 20", "healthy", base(seed=6, activation="relu", tell=0))]
    runs += [("decay lr 0.3 (30x)", "lr_high", base(seed=7, lr=0.3)),
             ("oscillator lr 0.6 (30x)", "lr_high", osc(seed=8, lr=0.6, tell=1)),
             ("decay lr 1e-4 (100x low)", "lr_low", base(seed=9, lr=1e-4)),
             ("oscillator lr 2e-4 (100x low)", "lr_low", osc(seed=10, lr=2e-4, tell=0)),
             ("decay residuals summed over 100 points", "summed", base(seed=11, reduction="sum")),
             ("oscillator residuals summed over 100 points", "summed", osc(seed=12, reduction="sum")),
             ("decay relu 20, biases -5", "dead", base(seed=16, activation="relu", bias=-5.0)),
             ("oscillator relu 24-24, biases -4", "dead", osc(seed=17, activation="relu", bias=-4.0, tell=1)),
             ("decay tanh 32-32-32, weights N(0, 4), lr 1e-4", "saturated",
              base(seed=18, hidden=[32, 32, 32], init=4.0, lr=1e-4)),
             ("oscillator sigmoid 32-32-32, weights N(0, 6)", "saturated",
              osc(seed=19, hidden=[32, 32, 32], activation="sigmoid", init=6.0)),
             ("decay relu 20, summed, lr 1e-3: a leap, then flat", "jump_stuck", base(lr=1e-3, **relu_sum)),
             ("decay relu 20, summed, seed 20: a leap, then flat", "jump_stuck", base(seed=20, lr=1e-3, **relu_sum))]
    return runs


def cooling(**kw):
    """Newton's cooling: a cup at 90 degrees in a 20-degree room, u' = -0.06 (u - 20) for 50 minutes."""
    return base(**{"u0": 90.0, "u_env": 20.0, "k": 0.06, "T": 50.0, **kw})
