"""Style "ng_unrolled": the classic MOOC neural-network exercise, translated from Octave to NumPy.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read
or ran the doctor. The learner follows the exercise's skeleton: one hidden layer, its weights
Theta1 (hidden x (1 + inputs)) and Theta2 (labels x (1 + hidden)) with the bias as column 0,
"unrolled" into one flat vector nn_params and reshaped back inside
nn_cost_function(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lam), which
returns (J, grad). J is the exercise's cost: the sigmoid cross-entropy of each of the K one-hot
outputs, summed over the outputs and divided by m, plus lam/(2m) times the squared weights without
the bias columns; the log is taken as the exercise writes it, unguarded, so an output that
reaches exactly 0 or 1 makes J nan or inf (0 * log 0) though grad stays finite. The weights start
uniform in [-epsilon_init, epsilon_init] (0.12 as the exercise says; some learners use its hint
sqrt(6)/sqrt(L_in + L_out), and "bias_init" sets Theta1's bias column to one number). The hidden
units are the exercise's sigmoid or relu. Data: scikit-learn's 8x8 digits (64 pixels 0..16, the
labels 1..10 with the 0 digit as 10, as the exercise numbers them) or breast cancer (30 columns in
their own units, area in the hundreds to 2501; num_labels 2), a fixed 70/30 split (m = 1257 or
398). "standardize" is how this learner scales: the pixels divided by 16, the cancer columns
z-scored with the training part's mean and std; without it the raw numbers go in. Plain full-batch
gradient descent: for i in range(num_iters): J, grad = nn_cost_function(...); nn_params -= alpha *
grad; J_history.append(J). The costs are J_history (one a step, not rounded); the score is the
test accuracy in points. A learner who forgot the 1/m (reduction "sum") has it neither in J nor in
grad, so J starts near m * K * log 2 (8.7e3 on digits, 5.4e2 on cancer) and the step is m times
too large.

Weak spots: J sums K binary cross-entropies, so a digits run starts at 10 * log 2 = 6.93, not
log 10, and anything that learns only the class frequencies (the output biases) falls fast to
K * H(0.1) = 3.25 and stays: the lr_low digits run (alpha 0.01) and both dead runs do exactly
that (3.24-3.27 at the end), so their curves fall by half before going flat. The sigmoid hidden
units are bounded, so too large an alpha does not climb far: alpha 50 swings between 6 and 500,
alpha 100 climbs to 1.6e4 with nans between. The summed runs are mostly nan after the first
update (the unguarded log), the alpha-0.05 one stays finite at 1e4-3e6. The raw cancer runs
(unscaled) saturate their sigmoid units at once (area is in the hundreds): at alpha 1 and 2 J
swings between 1.3 and 13 (unscaled_diverging), at alpha 0.3 and 0.1 it is flat at 1.312 from the
fourth step on (unscaled_conditioned), which looks like a dead net; raw digits (0..16) train well
at every alpha that trains scaled digits, so no digits run is labelled unscaled. The jump_stuck
runs are relu at alpha 20 and 40 (20-40 times the healthy relu alpha): J leaps to 160 or 1.3e5
(with nans) in the first updates, the relus die, and J settles at the 3.25 floor (alpha 20) or
5.5 (alpha 40). No run is labelled saturated: one sigmoid layer with epsilon_init up to 4 still
reached 92-96% (the outputs learn from binary hidden units), and at 8 J starts at inf. The relu
run on cancer needs lambda 3: at lambda 1 with the seed +100 its J turned nan at the end (an
output at exactly 1). Cancer's test part is 171 samples (steps of 0.58 points).
Checked (no doctor): every run, and again with alpha x0.9, x1.1 and the seed +100 and +1000,
shows its cause (labels.looks_like); the healthy median was 96.1-96.7 points (healthy runs
95.4-98.3) and each problem run scored at least 11 points under it (the cancer lr_low run,
80.1-84.8; every other one 60.2 or less). The suite runs in about 6 seconds.
"""
import numpy as np

from .common import activation_setter, bias_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
N_ALL = {"digits": 1797, "cancer": 569}


def load_data(name, scale):
    """(X, y, Xtest, ytest), y the labels 1..num_labels as in the exercise (its 0 digit is 10)."""
    from sklearn.datasets import load_breast_cancer, load_digits
    X, y = (load_breast_cancer if name == "cancer" else load_digits)(return_X_y=True)
    order = np.random.RandomState(7).permutation(len(y))
    X, y = X[order].astype(float), y[order]
    y = np.where(y == 0, 10, y) if name == "digits" else y + 1
    m = int(0.7 * len(y))
    if scale and name == "digits":
        X = X / 16.0  # pixels 0..16 to 0..1, like the exercise's grey levels
    elif scale:
        mu, sigma = X[:m].mean(axis=0), X[:m].std(axis=0)
        X = (X - mu) / sigma
    return X[:m], y[:m], X[m:], y[m:]


def sigmoid(z):
    """g(z) = 1 / (1 + e^-z)."""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_gradient(z):
    """g'(z) = g(z)(1 - g(z))."""
    g = sigmoid(z)
    return g * (1 - g)


def hidden(z, act):
    """The hidden units' output: the exercise's sigmoid, or relu."""
    return np.maximum(z, 0) if act == "relu" else sigmoid(z)


def hidden_gradient(z, act):
    """The derivative of `hidden` at z."""
    return (z > 0).astype(float) if act == "relu" else sigmoid_gradient(z)


def rand_initialize_weights(L_in, L_out, epsilon_init, rng):
    """Theta of shape (L_out, 1 + L_in), uniform in [-epsilon_init, epsilon_init] (bias column first)."""
    return rng.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def epsilon(s, L_in, L_out):
    """The learner's epsilon_init for a layer: a number, or the exercise's hint ("xavier")."""
    e = s["epsilon_init"]
    if e == "xavier":
        return np.sqrt(6) / np.sqrt(L_in + L_out)
    return np.sqrt(6 / L_in) if e == "he" else float(e)


def nn_cost_function(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lam,
                     act="sigmoid", divide=True):
    """(J, grad) for the unrolled parameters: the K sigmoid outputs' cross-entropy summed over
    the outputs and divided by m (divide=False: this learner forgot the 1/m), plus lam/(2m) times
    the squared weights without the bias columns."""
    n1 = hidden_layer_size * (input_layer_size + 1)
    Theta1 = nn_params[:n1].reshape(hidden_layer_size, input_layer_size + 1)
    Theta2 = nn_params[n1:].reshape(num_labels, hidden_layer_size + 1)
    m = X.shape[0]
    d = m if divide else 1.0

    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), hidden(z2, act)])
    z3 = a2 @ Theta2.T
    h = sigmoid(z3)
    Y = np.eye(num_labels)[y - 1]

    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / d
    J += lam / (2 * d) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    delta3 = h - Y
    delta2 = (delta3 @ Theta2[:, 1:]) * hidden_gradient(z2, act)
    Theta1_grad = delta2.T @ a1 / d
    Theta2_grad = delta3.T @ a2 / d
    Theta1_grad[:, 1:] += lam / d * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lam / d * Theta2[:, 1:]
    return J, np.concatenate([Theta1_grad.ravel(), Theta2_grad.ravel()])


def predict(Theta1, Theta2, X, act):
    """The labels 1..num_labels the net gives X."""
    m = X.shape[0]
    h1 = hidden(np.hstack([np.ones((m, 1)), X]) @ Theta1.T, act)
    h2 = sigmoid(np.hstack([np.ones((m, 1)), h1]) @ Theta2.T)
    return np.argmax(h2, axis=1) + 1


def run(settings, steps=None):
    """(J_history, test accuracy in points); steps: stop after that many updates."""
    s = settings
    X, y, Xtest, ytest = load_data(s["data"], s["standardize"])
    input_layer_size, hidden_layer_size = X.shape[1], s["hidden_layer_size"]
    num_labels = 10 if s["data"] == "digits" else 2
    rng = np.random.RandomState(s["seed"])
    eps1, eps2 = epsilon(s, input_layer_size, hidden_layer_size), epsilon(s, hidden_layer_size, num_labels)
    Theta1 = rand_initialize_weights(input_layer_size, hidden_layer_size, eps1, rng)
    Theta2 = rand_initialize_weights(hidden_layer_size, num_labels, eps2, rng)
    if s["bias_init"] == "U(0,1)":
        Theta1[:, 0] = rng.rand(hidden_layer_size)
    elif s["bias_init"] is not None:
        Theta1[:, 0] = s["bias_init"]
    nn_params = np.concatenate([Theta1.ravel(), Theta2.ravel()])
    alpha, num_iters = s["lr"], s["num_iters"] if steps is None else min(steps, s["num_iters"])
    J_history = []
    with np.errstate(all="ignore"), one_blas_thread():
        for i in range(num_iters):
            J, grad = nn_cost_function(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y,
                                       s["lam"], s["activation"], s["reduction"] == "mean")
            nn_params -= alpha * grad
            J_history.append(float(J))
        n1 = hidden_layer_size * (input_layer_size + 1)
        Theta1 = nn_params[:n1].reshape(hidden_layer_size, input_layer_size + 1)
        Theta2 = nn_params[n1:].reshape(num_labels, hidden_layer_size + 1)
        pred = predict(Theta1, Theta2, Xtest, s["activation"])
    return J_history, float(np.mean(pred == ytest) * 100)


def known(settings):
    """What this learner can tell: alpha always; the rest as much as the learner says (tell 0-3)."""
    s, t = settings, settings["tell"]
    m = int(0.7 * N_ALL[s["data"]])
    out = dict(lr=s["lr"])
    if t >= 1:
        out.update(n_samples=m, batch_size=m, every=1)
    if t >= 2:
        out.update(loss="cross_entropy", n_classes=10 if s["data"] == "digits" else 2)
    if t >= 3:
        out["reduction"] = s["reduction"]
    return out


def epsilon_setter(settings, value):
    """weight_init as this learner reads it: xavier is the exercise's own hint sqrt(6)/sqrt(L_in + L_out),
    he is sqrt(6 / L_in), uniform the exercise's 0.12, a number a std (epsilon = std * sqrt(3))."""
    if value in ("xavier", "he"):
        settings["epsilon_init"] = value
    elif value == "uniform":
        settings["epsilon_init"] = 0.12
    else:
        settings["epsilon_init"] = float(value) * 3 ** 0.5


def bias_column_setter(settings, value):
    """bias_init as this learner reads it: one number for Theta1's bias column (the doctor's names for
    zero are 0), or "U(0,1)": that column drawn uniform in [0, 1]."""
    if value == "U(0,1)":
        settings["bias_init"] = value
    else:
        bias_setter("bias_init")(settings, value)


OWN = {"reduction": setter("reduction"), "weight_init": epsilon_setter, "bias_init": bias_column_setter,
       "activation": activation_setter("activation", ("sigmoid", "relu")), "epochs": setter("num_iters", int)}


def apply(settings, action):
    """A doctor's action as this learner applies it: alpha, scaling, seed, the 1/m, epsilon_init, the
    bias column, the hidden units, num_iters; anything else is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """A digits run as the exercise sets it: 25 sigmoid units, lambda 1, epsilon_init 0.12."""
    s = dict(data="digits", seed=0, lr=1.0, standardize=True, num_iters=400, hidden_layer_size=25, lam=1.0,
             activation="sigmoid", epsilon_init=0.12, bias_init=None, reduction="mean", tell=0)
    s.update(kw)
    return s


def cancer(**kw):
    """A breast-cancer run: 30 columns (z-scored when scaled), two one-hot outputs."""
    return base(**{"data": "cancer", **kw})


def suite():
    """The labelled runs: (name, cause, settings), the cause put in by the settings."""
    relu = dict(activation="relu")
    runs = [("healthy digits, the exercise's settings, alpha 1", "healthy", base(seed=0, tell=1)),
            ("healthy digits alpha 2", "healthy", base(seed=1, lr=2.0)),
            ("healthy digits 40 units, epsilon sqrt(6)/sqrt(L_in+L_out), lambda 0", "healthy",
             base(seed=2, hidden_layer_size=40, epsilon_init="xavier", lam=0.0, tell=2)),
            ("healthy digits relu alpha 1", "healthy", base(seed=3, tell=3, **relu)),
            ("healthy breast cancer z-scored, alpha 1", "healthy", cancer(seed=4, tell=2)),
            ("healthy breast cancer relu alpha 0.3, lambda 3", "healthy", cancer(seed=5, lr=0.3, lam=3.0, **relu))]
    runs += [("digits alpha 50", "lr_high", base(seed=6, lr=50.0, tell=2)),
             ("digits alpha 100", "lr_high", base(seed=7, lr=100.0)),
             ("digits alpha 0.01", "lr_low", base(seed=8, lr=0.01, tell=1)),
             ("breast cancer alpha 0.01", "lr_low", cancer(seed=9, lr=0.01, tell=3)),
             ("digits, J and grad without the 1/m", "summed", base(seed=10, reduction="sum", tell=3)),
             ("digits without the 1/m, alpha cut to 0.05", "summed", base(seed=11, lr=0.05, reduction="sum")),
             ("breast cancer without the 1/m", "summed", cancer(seed=12, reduction="sum", tell=1)),
             ("raw breast cancer, alpha 1", "unscaled_diverging", cancer(seed=13, standardize=False, tell=2)),
             ("raw breast cancer, alpha 2", "unscaled_diverging", cancer(seed=14, lr=2.0, standardize=False)),
             ("raw breast cancer, alpha 0.3", "unscaled_conditioned", cancer(seed=15, lr=0.3, standardize=False)),
             ("raw breast cancer, alpha 0.1", "unscaled_conditioned",
              cancer(seed=16, lr=0.1, standardize=False, tell=3)),
             ("digits relu, bias column -2", "dead", base(seed=17, bias_init=-2.0, tell=2, **relu)),
             ("digits relu alpha 3: the first step kills them", "dead", base(seed=18, lr=3.0, **relu)),
             ("digits relu alpha 20", "jump_stuck", base(seed=19, lr=20.0, tell=1, **relu)),
             ("digits relu alpha 40", "jump_stuck", base(seed=20, lr=40.0, **relu))]
    return runs
