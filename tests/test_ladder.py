"""ladder.run(lr=...): the harder condition replays only the mean-cost steps at another lr."""
import pytest

import nnlib
from nnlib import ladder


def test_lr_override_changes_only_mean_cost_steps():
    res = ladder.run(seeds=[1], steps=["original", "he_init", "answer"], epochs=40, lr=1.0)
    base = ladder.run(seeds=[1], steps=["original", "he_init", "answer"], epochs=40)
    assert res.final_cost[0, 0] == base.final_cost[0, 0]   # summed-cost steps keep their lr
    assert res.final_cost[2, 0] == base.final_cost[2, 0]
    net, kw = ladder.setup("he_init", seed=1)
    hist = nnlib.train(net, *ladder.data(), **{**kw, "lr": 1.0, "epochs": 40})
    assert res.final_cost[1, 0] == hist.cost[-1] != base.final_cost[1, 0]
    with pytest.raises(ValueError, match="lr"):
        ladder.run(seeds=[0], steps=["he_init"], epochs=5, lr=-1)


@pytest.mark.parametrize("steps", [[], ()])
def test_empty_steps_is_an_error_not_every_step(steps):
    with pytest.raises(ValueError, match="steps is empty"):
        ladder.run(seeds=[0], steps=steps, epochs=1)
