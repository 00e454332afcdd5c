"""Training code in sixty-eight styles, written apart from nnlib and from each other, for
benchmarks/doctor_accuracy.py. Each style module has:

    run(settings, steps=None) -> (costs as the learner has them, score)   # steps: a short run
    known(settings) -> the keywords a learner of that code can give the doctor
    apply(settings, action) -> settings: a doctor's action, as that learner would apply it
    suite() -> [(name, cause, settings)]: the labelled runs (labels.json is written from them)
    SCORE: "accuracy" (higher is better, in points) or "loss" (lower is better)

The styles are split in halves by code: the doctor may be tuned on TUNING only. Each held-out half
is written by someone who never read the doctor's code, tests or results, and never ran it; it is
looked at once, in the run that writes doctor_accuracy.json, and then moved into TUNING. Fifteen
halves have gone that way (the last, looked at on 2026-12-08: matrix_factorization,
siamese_contrastive, quantile_pinball, csv_logger). The held-out half now, written on 2026-12-08 by
people who never read or ran the doctor (nor its benchmark, tests or results), and registered here
on 2026-12-08, after that look and before any doctor change that followed it, is vae_elbo (a
variational autoencoder on the 8x8 digits, pixels divided by 16 or raw into a relu or tanh encoder,
a hand-written backward pass through the reparameterization trick, minibatch SGD with or without
momentum on the negative ELBO, BCE plus KL, averaged or summed over the batch; the costs are its
history dict of per-epoch means, the score the test reconstruction error per image), rbf_net (a
Gaussian RBF network with centres from samples or k-means and the mean centre distance or a fixed
number as width, an optional tanh or sigmoid layer and linear term, one-vs-rest on wine or iris, raw
or standardized, by full-batch or minibatch gradient descent on the squared error averaged or
summed; the costs are the "iter 200  mse=0.123456" lines it prints, parsed back, the score the test
accuracy), distill_kl (a small relu, tanh or sigmoid student MLP distilled from a
logistic-regression teacher on the 8x8 digits, wine or a make_classification table in made-up units,
raw or standardized, by minibatch SGD or momentum on T^2 times the softened KL, optionally mixed
with the hard-label cross-entropy, averaged or summed over the batch; the costs are the
"loss=0.4312" progress-bar postfixes it kept, parsed back, and the score the student's test
accuracy) and skipgram_neg (word2vec's skip-gram with negative sampling on a seeded toy corpus of
topical sentences, with an optional tanh or sigmoid projection, trained by SGD one pair at a time or
in minibatches, averaged or summed; the costs are the printed "pairs  20000  avg loss 2.3456" running
averages, parsed back, and the score a nearest-centroid topic accuracy of held-out words' vectors).

WAITING holds styles written for a later half and not yet registered: they are kept out of STYLES
(so out of labels.json and the benchmark), and tests/test_waiting_styles.py checks their labels
without running the doctor (it skips while WAITING is empty). Waiting now, written on 2026-12-08 by
someone who never read or ran the doctor: multitask_heads (a multi-task learner's shared relu, tanh or
sigmoid trunk with a softmax head and a regression head on a make_classification table plus a continuous
"price", raw or standardized, in its own units or standardized, trained by minibatch or full-batch SGD,
with or without momentum, on cross-entropy + lam * squared error averaged or summed over the batch; the
costs are its Keras-like history dict {"loss", "cls_loss", "reg_loss"} of per-epoch means, the score the
classification head's test accuracy) and ordinal_regression (an MLP with one score and K - 1 learned,
unconstrained thresholds, a cumulative-link model of 5-7 ordered grades cut from a make_regression
target, raw or standardized, by minibatch or full-batch SGD or momentum on the levels' negative
log-likelihood averaged or summed; the costs are the "epoch   10 | nll 1.2345 | val mae 0.812" lines it
prints, parsed back, and the score the test mean absolute error in levels). Also waiting, written on
2026-12-08 by someone else who never read or ran the doctor: pinn_ode (a physics-informed tanh, relu or
sigmoid MLP u(t), one to three hidden layers, fitted by full-batch gradient descent with or without
momentum to exponential decay, Newton's cooling or a damped oscillator on collocation points, the
derivatives by central differences, the squared residual averaged or summed plus the initial conditions'
misses; the costs are the printed "it 500  loss 1.234e-02" lines parsed back, the score the mean absolute
error against the exact solution relative to its range) and sk_partial_fit (scikit-learn's
SGDClassifier(loss="log_loss") or MLPClassifier with relu, tanh or logistic layers on the digits, wine
or breast cancer, raw or through StandardScaler, fed shuffled minibatches by partial_fit at a constant
eta0 / learning_rate_init, some with intercepts_ or coefs_ overwritten after the first call; the costs
are the training log_loss the learner computes after each epoch, the score the test accuracy).
"""
from . import (accum_val, adam_bce, autoencoder, bn_momentum, classy, clip_norm, decay_table, deep_logged, deepsig,
               dictnet, early_stop, ema_bar, functional, hinge_print, huber_reg, im2col_conv, kerasish, lag_load,
               momentum_mb,
               multi_target, multilabel, nesterov_f32, online_sgd, parity_toy, plateau_lse, poisson_counts, polylogit,
               price_mae, printout,
               progress_bar, quad_sigmoid, question, regprint, resid_reg, rmse_print, sk, softmax, summed, tensorgrad,
               trainer_cb, unscaled, value_engine, warmup_cosine, weighted_ada, wide_relu_reg, window_forecast)
from . import (char_rnn, csv_logger, distill_kl, dropout_smooth, epoch_total, focal_imbalanced, gauss_nll,
               half_precision, leaky_rmsprop, matrix_factorization, naive_softmax, ng_unrolled, onehot_records,
               poly_features, quantile_pinball, rbf_net, siamese_contrastive, skipgram_neg, tabular_embed, vae_elbo,
               wandb_records, yunjey_steps)
from . import multitask_heads, ordinal_regression, pinn_ode, sk_partial_fit  # waiting (see WAITING)

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
          "tabular_embed": tabular_embed, "yunjey_steps": yunjey_steps, "poly_features": poly_features,
          "focal_imbalanced": focal_imbalanced, "wandb_records": wandb_records,
          "matrix_factorization": matrix_factorization, "siamese_contrastive": siamese_contrastive,
          "quantile_pinball": quantile_pinball, "csv_logger": csv_logger, "vae_elbo": vae_elbo,
          "rbf_net": rbf_net, "distill_kl": distill_kl, "skipgram_neg": skipgram_neg}
TUNING = ("classy", "printout", "softmax", "sklearn", "functional", "summed", "unscaled", "question",
          "kerasish", "deepsig", "regprint", "momentum_mb", "trainer_cb", "polylogit", "wide_relu_reg", "dictnet",
          "tensorgrad", "online_sgd", "adam_bce", "rmse_print", "bn_momentum", "ema_bar", "warmup_cosine", "huber_reg",
          "early_stop", "multilabel", "clip_norm", "nesterov_f32", "accum_val", "poisson_counts", "plateau_lse",
          "resid_reg", "value_engine", "hinge_print", "lag_load", "weighted_ada", "quad_sigmoid", "autoencoder",
          "progress_bar", "price_mae", "decay_table", "parity_toy", "multi_target", "deep_logged",
          "im2col_conv", "window_forecast", "epoch_total", "onehot_records", "dropout_smooth", "gauss_nll",
          "half_precision", "leaky_rmsprop", "ng_unrolled", "char_rnn", "naive_softmax", "tabular_embed",
          "yunjey_steps", "poly_features", "focal_imbalanced", "wandb_records", "matrix_factorization",
          "siamese_contrastive", "quantile_pinball", "csv_logger")
HELD_OUT = ("vae_elbo", "rbf_net", "distill_kl", "skipgram_neg")
# styles for a later half, not yet registered (see above)
WAITING = {"multitask_heads": multitask_heads, "ordinal_regression": ordinal_regression, "pinn_ode": pinn_ode,
           "sk_partial_fit": sk_partial_fit}


def score_kind(style, settings):
    mod = STYLES[style]
    return mod.score_kind(settings) if hasattr(mod, "score_kind") else mod.SCORE
