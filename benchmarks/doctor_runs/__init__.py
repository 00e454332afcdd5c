"""Training code in fifty-six styles, written apart from nnlib and from each other, for
benchmarks/doctor_accuracy.py. Each style module has:

    run(settings, steps=None) -> (costs as the learner has them, score)   # steps: a short run
    known(settings) -> the keywords a learner of that code can give the doctor
    apply(settings, action) -> settings: a doctor's action, as that learner would apply it
    suite() -> [(name, cause, settings)]: the labelled runs (labels.json is written from them)
    SCORE: "accuracy" (higher is better, in points) or "loss" (lower is better)

The styles are split in halves by code: the doctor may be tuned on TUNING only. Each held-out
half is written by someone who never read the doctor's code, tests or results, and never ran
it; it is looked at once, in the run that writes doctor_accuracy.json, and the next session
moves it into TUNING. Twelve halves have gone that way (the last, looked at on 2026-12-07:
dropout_smooth, gauss_nll, half_precision, leaky_rmsprop). The held-out half now, written on
2026-12-07 by people who never read or ran the doctor (nor its benchmark, tests or results),
and registered here on 2026-12-07 before any doctor change of that session, is ng_unrolled (the
classic MOOC exercise's one-hidden-layer net translated to NumPy: Theta1 and Theta2 unrolled into
one parameter vector, nn_cost_function returning the summed-over-outputs sigmoid cross-entropy
divided by m with its L2 penalty, and the gradient; plain full-batch gradient descent on the 8x8
digits or breast cancer, raw or scaled, sigmoid or relu hidden units; the costs are J_history),
char_rnn (a vanilla character-level RNN on a short prose text kept in the module: tanh hidden
state, a softmax over its 36 characters, truncated backprop through time on sequences of 12-25
characters, one or several at a time, Adagrad or plain SGD, clipping on or off, the loss summed
over the sequence's steps; the costs are the smoothed loss parsed back from printed lines
"iter 1200, loss: 54.321"), naive_softmax (a 1-3 hidden-layer relu, tanh or sigmoid classifier on
the 8x8 digits, wine or a make_classification table, trained by minibatch SGD over a Python
generator, whose learner writes the softmax as np.exp(z) / np.exp(z).sum(...) with no row maximum
taken off and the loss with no clipping, so large logits give inf or nan; its log is a list of
per-epoch means of the batch losses) and tabular_embed (an MLP with relu or leaky relu layers that
predicts income over 50K from a synthetic census-like table: numeric columns in their own units
unless standardized, categories one-hot or looked up in small learned embedding tables, trained by
Adam or SGD with momentum on minibatches; it hands over its learner's Keras-like dict,
history = {"loss": [...], "val_loss": [...]}, as it is, and labels.curve reads its "loss").

WAITING holds styles written for a later half and not yet registered: they are kept out of STYLES
(so out of labels.json and the benchmark), and tests/test_waiting_styles.py checks their labels
without running the doctor (it skips while WAITING is empty). Waiting now, written on 2026-12-07 by
someone who never read or ran the doctor: yunjey_steps (the well-known PyTorch tutorial scripts redone
in plain NumPy: Linear, ReLU, Sigmoid and Tanh modules with forward and backward in a Sequential, a
CrossEntropyLoss with reduction "mean" or "sum", SGD with or without momentum or Adam with zero_grad()
and step(), shuffled minibatches of the 8x8 digits or of a make_classification table in its own units;
the costs are the Loss values parsed back from the printed "Epoch [1/20], Step [5/23], Loss: 2.2749"
lines, 4 decimals, the step count restarting each epoch) and poly_features (a curve fitted to polynomial
features x, x^2, ..., x^d of one or two raw columns, a temperature, a year, a floor area and an age,
standardized after expanding or not, by batch or minibatch gradient descent on (1/2m) times the summed
squared error, or by a one-hidden-layer tanh or sigmoid net; the costs are its cost_history, one entry
an iteration or an epoch, and the score the test mean squared error in the target's units). Also
waiting: focal_imbalanced, written on 2026-12-07 by someone who never read or ran the doctor (a one- to
three-hidden-layer relu, leaky relu or sigmoid net with one sigmoid output that detects a rare class,
5-10% positives in a make_classification table or malignant cut down to 10.5% of breast cancer, raw or
standardized, trained by minibatch or full-batch SGD, with or without momentum, on the focal loss (gamma
2, alpha 0.25; gamma 0: the class-weighted binary cross-entropy) averaged or summed over the batch; its
log is `losses`, the mean batch loss of each epoch, and its score the balanced accuracy), and
wandb_records, written on 2026-12-07 by someone who never read or ran the doctor (a two- to
five-hidden-layer relu, gelu, tanh or sigmoid softmax classifier on iris, wine, the 8x8 digits or a
make_classification table, standardized or raw, He, Xavier or randn * 1.0 weights, trained by minibatch
SGD with an optional step decay; every k steps its learner appends a tracker-like record {"step",
"epoch", "train/loss", "train/acc", "lr"} to a list and hands the list over as it is; labels.curve reads
its "train/loss" values).
"""
from . import (accum_val, adam_bce, autoencoder, bn_momentum, classy, clip_norm, decay_table, deep_logged, deepsig,
               dictnet, early_stop, ema_bar, functional, hinge_print, huber_reg, im2col_conv, kerasish, lag_load,
               momentum_mb,
               multi_target, multilabel, nesterov_f32, online_sgd, parity_toy, plateau_lse, poisson_counts, polylogit,
               price_mae, printout,
               progress_bar, quad_sigmoid, question, regprint, resid_reg, rmse_print, sk, softmax, summed, tensorgrad,
               trainer_cb, unscaled, value_engine, warmup_cosine, weighted_ada, wide_relu_reg, window_forecast)
from . import (char_rnn, dropout_smooth, epoch_total, gauss_nll, half_precision, leaky_rmsprop, naive_softmax,
               ng_unrolled, onehot_records, tabular_embed)
from . import focal_imbalanced, poly_features, wandb_records, yunjey_steps  # waiting (see WAITING)

STYLES = {"classy": classy, "printout": printout, "softmax": softmax, "sklearn": sk,
          "functional": functional, "summed": summed, "unscaled": unscaled, "question": question,
          "kerasish": kerasish, "deepsig": deepsig, "regprint": regprint, "momentum_mb": momentum_mb,
          "trainer_cb": trainer_cb, "polylogit": polylogit, "wide_relu_reg": wide_relu_reg, "dictnet": dictnet,
          "tensorgrad": tensorgrad, "online_sgd": online_sgd, "adam_bce": adam_bce, "rmse_print": rmse_print,
          "bn_momentum": bn_momentum, "ema_bar": ema_bar, "warmup_cosine": warmup_cosine, "huber_reg": huber_reg,
          "early_stop": early_stop, "multilabel": multilabel, "clip_norm": clip_norm, "nesterov_f32": nesterov_f32,
          "accum_val": accum_val, "poisson_counts": poisson_counts, "plateau_lse": plateau_lse,
          "resid_reg": resid_reg, "value_engine": value_engine, "hinge_print": hinge_print,
          "lag_load": lag_load, "weighted_ada": weighted_ada, "quad_sigmoid": quad_sigmoid,
          "autoencoder": autoencoder, "progress_bar": progress_bar, "price_mae": price_mae,
          "decay_table": decay_table, "parity_toy": parity_toy, "multi_target": multi_target,
          "deep_logged": deep_logged, "im2col_conv": im2col_conv, "window_forecast": window_forecast,
          "epoch_total": epoch_total, "onehot_records": onehot_records, "dropout_smooth": dropout_smooth,
          "gauss_nll": gauss_nll, "half_precision": half_precision, "leaky_rmsprop": leaky_rmsprop,
          "ng_unrolled": ng_unrolled, "char_rnn": char_rnn, "naive_softmax": naive_softmax,
          "tabular_embed": tabular_embed}
TUNING = ("classy", "printout", "softmax", "sklearn", "functional", "summed", "unscaled", "question",
          "kerasish", "deepsig", "regprint", "momentum_mb", "trainer_cb", "polylogit", "wide_relu_reg", "dictnet",
          "tensorgrad", "online_sgd", "adam_bce", "rmse_print", "bn_momentum", "ema_bar", "warmup_cosine", "huber_reg",
          "early_stop", "multilabel", "clip_norm", "nesterov_f32", "accum_val", "poisson_counts", "plateau_lse",
          "resid_reg", "value_engine", "hinge_print", "lag_load", "weighted_ada", "quad_sigmoid", "autoencoder",
          "progress_bar", "price_mae", "decay_table", "parity_toy", "multi_target", "deep_logged",
          "im2col_conv", "window_forecast", "epoch_total", "onehot_records", "dropout_smooth", "gauss_nll",
          "half_precision", "leaky_rmsprop")
HELD_OUT = ("ng_unrolled", "char_rnn", "naive_softmax", "tabular_embed")
# styles for a later half, not yet registered (see above)
WAITING = {"yunjey_steps": yunjey_steps, "poly_features": poly_features, "focal_imbalanced": focal_imbalanced,
           "wandb_records": wandb_records}


def score_kind(style, settings):
    mod = STYLES[style]
    return mod.score_kind(settings) if hasattr(mod, "score_kind") else mod.SCORE
