"""sweep equals train run by run; the phase diagram follows theory; the ladder's success rule."""
import numpy as np
import pytest

import nnlib
from nnlib import ladder
from nnlib.curvature import linear_critical_lr
from nnlib import sweep

GRID = {"lr": [1e-3, 5e-2], "n": [50, 400], "reduction": ["sum", "mean"]}
FIXED = {"sizes": [7, 3, 2], "activation": "leaky_relu", "output_activation": "identity",
         "bias_init": 0.1, "epochs": 150}


def by_hand(lr, n, reduction):
    X, Y = nnlib.datasets.random_targets(n=n, seed=0)
    net = nnlib.Network([7, 3, 2], activation="leaky_relu", output_activation="identity",
                        bias_init=0.1, seed=0)
    hist = nnlib.train(net, X, Y, lr=lr, epochs=150, reduction=reduction)
    return net, X, Y, hist


@pytest.mark.parametrize("processes", [1, 2])
def test_sweep_equals_runs_one_by_one(processes):
    res = sweep(GRID, fixed=FIXED, processes=processes, keep_cost=True)
    assert res.shape == (2, 2, 2) and res.processes == processes
    assert res.diverged.any() and not res.diverged.all()  # both outcomes are compared
    for i, lr in enumerate(GRID["lr"]):
        for j, n in enumerate(GRID["n"]):
            for k, red in enumerate(GRID["reduction"]):
                net, X, Y, hist = by_hand(lr, n, red)
                assert res.status[i, j, k] == hist.status
                assert res.final_cost[i, j, k] == hist.cost[-1] or (
                    np.isnan(res.final_cost[i, j, k]) and np.isnan(hist.cost[-1]))
                assert res.initial_cost[i, j, k] == hist.cost[0]
                assert res.diverged_at[i, j, k] == (-1 if hist.diverged_at is None else hist.diverged_at)
                np.testing.assert_array_equal(res.cost[i, j, k, :len(hist.cost)], hist.cost)
                if not hist.diverged:
                    np.testing.assert_array_equal(res.dead_fraction[i, j, k], hist.dead_fraction[-1])
                    # the number behind ladder.success, as the ladder computes it by hand
                    np.testing.assert_array_equal(res.unexplained[i, j, k], ladder.unexplained(net, X, Y))
                else:
                    assert np.isnan(res.unexplained[i, j, k]).all()


def test_table_is_tidy():
    res = sweep({"lr": [0.01, 0.1], "seed": [0, 1, 2]}, fixed={"n": 30, "epochs": 5})
    cols = res.table()
    assert {len(v) for v in cols.values()} == {6}
    np.testing.assert_array_equal(cols["seed"], [0, 1, 2, 0, 1, 2])
    np.testing.assert_array_equal(cols["final_cost"], res.final_cost.ravel())


def test_phase_boundary_follows_theory():
    # Summed cost: the limit 2 / lambda_max(X^T X) falls as 1/N; mean cost: it does not.
    ns = [20, 200, 2000]
    factors = np.array([0.5, 2.0])
    lrs = sorted({f * linear_critical_lr(nnlib.datasets.random_targets(n=n, seed=0)[0], red)
                  for n in ns for red in ("sum", "mean") for f in factors})
    res = sweep({"lr": lrs, "n": ns, "reduction": ["sum", "mean"]},
                fixed={"activation": "identity", "epochs": 300})
    for j, n in enumerate(ns):
        X = nnlib.datasets.random_targets(n=n, seed=0)[0]
        for k, red in enumerate(["sum", "mean"]):
            crit = linear_critical_lr(X, red)
            for i, lr in enumerate(lrs):
                grew = res.diverged[i, j, k] or res.final_cost[i, j, k] > res.initial_cost[i, j, k]
                if lr <= 0.5 * crit * 1.0000001:
                    assert not grew, (n, red, lr / crit)
                if lr >= 2 * crit / 1.0000001:
                    assert grew, (n, red, lr / crit)


@pytest.mark.parametrize("bad", [
    dict(grid={"learning_rate": [0.1]}),
    dict(grid={"lr": [0.1]}, fixed={"lr": 0.2}),
    dict(grid={"lr": []}),
    dict(grid={}),
    dict(grid={"lr": [0.1]}, fixed={"data": "mnist"}),
])
def test_bad_sweeps(bad):
    with pytest.raises(ValueError):
        sweep(**bad)


def test_success_rule_on_hand_made_cases():
    status = np.array(["ok", "ok", "diverged", "ok"])
    unexplained = np.array([[0.05, 0.1], [0.05, 0.5], [np.nan, np.nan], [0.2, 0.2]])
    np.testing.assert_array_equal(ladder.success(status, unexplained), [True, False, False, True])


def test_unexplained_is_one_minus_r2():
    X, Y = ladder.data()
    net, _ = ladder.setup("deeper", seed=0)
    u = ladder.unexplained(net, X, Y)
    out = net.predict(X)
    for k in range(2):
        r2 = 1 - np.sum((Y[:, k] - out[:, k]) ** 2) / np.sum((Y[:, k] - Y[:, k].mean()) ** 2)
        assert u[k] == pytest.approx(1 - r2)


def test_unexplained_of_a_constant_target_is_nan_not_inf():
    X, Y = ladder.data()
    net, _ = ladder.setup("deeper", seed=0)
    Y = Y.copy()
    Y[:, 1] = 0.3
    u = ladder.unexplained(net, X, Y)
    assert np.isfinite(u[0]) and np.isnan(u[1])
    assert not ladder.success("ok", u)


def test_ladder_steps_and_answer_rewrite():
    assert ladder.NAMES[0] == "original" and ladder.NAMES[-1] == "answer"
    with pytest.raises(ValueError, match="valid names"):
        ladder.step("dropout")
    res = ladder.run(seeds=range(5), steps=["original", "deeper", "answer"])
    assert res.success.shape == (3, 5)
    assert res.rate[0] == 0.0 and res.rate[1] == 1.0
    # Measured: the answer's rewrite leaves about one seed in five stuck.
    assert 0.6 <= res.rate[2] <= 0.8
    # the ladder's run for a seed is the run made by hand from setup()
    net, kw = ladder.setup("answer", seed=3)
    X, Y = ladder.data()
    hist = nnlib.train(net, X, Y, **kw)
    assert hist.cost[-1] == res.final_cost[2, 3]
    assert res.success[2, 3] == ladder.success(hist.status, ladder.unexplained(net, X, Y))
    assert "answer's rewrite" in res.report()


def test_every_grid_point_is_the_base_spec_replaced():
    from nnlib import grid, runspec
    assert nnlib.sweep is grid.sweep and grid.BASE is runspec.BARE
    res = sweep({"lr": [0.01, 0.1]}, fixed={"n": 20, "epochs": 3, "optimizer": "momentum",
                                          "optimizer_options": {"momentum": 0.5}})
    assert res.settings == runspec.BARE.replace(n=20, epochs=3, optimizer="momentum",
                                                optimizer_options={"momentum": 0.5})
    for i, lr in enumerate((0.01, 0.1)):
        assert res.final_cost[i] == res.settings.replace(lr=lr).run().final_cost
    with pytest.raises(ValueError, match="'momentum'"):
        sweep({"momentum": [0.5]})  # an optimizer's option is in optimizer_options, not a field
