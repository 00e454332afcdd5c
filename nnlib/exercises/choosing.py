"""Checkers for 09: choosing a learning rate (why the growth rule fails on a network, the
edge of stability, why the limit moves).
"""
from ..i18n import N_, _
from ._common import Options, _answers, _choice, _numeric

# The two multiple-choice questions: {letter: option}, as the notebook prints them.
WHY_GROWTH_FAILS = Options({
    "a": N_("07's run uses the summed cost, and the rule is for the mean cost"),
    "b": N_("the growth per update is not steady: it speeds up as the weights grow, so it says little about the curvature at the start"),
    "c": N_("lr = 1e-3 is too small for the rule to apply"),
    "d": N_("the rule holds for minibatch runs only"),
})
WHY_2_07_CONVERGES = Options({
    "a": N_("lr shrinks during the run"),
    "b": N_("lambda_max falls after the first updates: they move the weights to a flatter place"),
    "c": N_("noise from the sampling of the data"),
    "d": N_("the cost is capped, so it cannot grow"),
})


def check_understanding_09(why_growth, settled_lambda, why_converges):
    """Notebook 09's recap. why_growth: the letter of WHY_GROWTH_FAILS that says why 02's
    rule run backwards (the limit from the growth per update) misleads on 07's exploding
    run; settled_lambda: where lambda_max ends on the fixed network at lr 0.25 (it starts at
    13.8); why_converges: the letter of WHY_2_07_CONVERGES."""
    return _answers([
        _choice(why_growth, "b", {"a": _("the sum or the mean scales lambda_max and the growth alike: that is not it"),
                                  "c": _("a small lr is where the rule is at its best; look at how the growth changes"),
                                  "d": _("07's run is full batch, and the rule is about full-batch gradient descent")}),
        _numeric(settled_lambda, 2 / 0.25, 0.1, _("at the edge of stability lr x lambda_max hovers near 2"),
                 wrong=[(1 / 0.25, _("the limit is lr x lambda_max = 2, not 1")),
                        (13.8, _("lambda_max does not stay at its start: 0.25 x 13.8 = 3.45 is above 2"))]),
        _choice(why_converges, "b", {"a": _("lr is fixed in these runs; the other factor moves"),
                                     "c": _("this run is full batch: there is no sampling noise"),
                                     "d": _("the summed squared error has no cap (02's sigmoid output had one; this net is linear)")})])
