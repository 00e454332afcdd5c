"""What every checker shares: the verdict it prints and the tests of a learner's return value.
"""
import numpy as np

from ..i18n import _


def _verdict(hint):
    """Print the outcome; hint None means correct."""
    print(_("Correct!") if hint is None else _('Not yet. Hint: {hint}').format(hint=hint))
    return hint is None


def _call(fn, *args):
    """(result, None) or (None, hint) when the learner's function raises."""
    try:
        return fn(*args), None
    except Exception as exc:  # the learner's code may raise anything; report, never crash
        return None, _('your function raised {v0}: {exc}').format(v0=type(exc).__name__, exc=exc)


def _same(got, want, rtol=1e-7, atol=1e-12):
    """None if got matches want (shape and values), else a hint."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return _('return numbers (an array or a float), not {v0}').format(v0=type(got).__name__)
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return _('expected shape {v0}, got {v1}').format(v0=want.shape, v1=got.shape)
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        return _("the values differ from nnlib's")
    return None


def _array(got, shape, what):
    """(float array, None) if got is numbers of the given shape, else (None, a hint)."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None, _('return an array: {what}').format(what=what)
    if got.shape != tuple(shape):
        return None, _('return {what}: shape {v1}, got {v2}').format(what=what, v1=tuple(shape), v2=got.shape)
    return got, None


def _number(got, what):
    """(float, None) if got is one number, else (None, a hint)."""
    try:
        return float(got), None  # a NumPy scalar or 0-d array is fine too
    except (TypeError, ValueError):
        return None, _('give {what} as a single number').format(what=what)


def _close(a, b, rtol):
    return bool(np.isfinite(a)) and abs(a - b) <= rtol * abs(b)


def _elementwise(fn, reference, rng, extra=(), name="act"):
    """Shared test of an elementwise function on mixed-sign arrays of several shapes."""
    for shape in [(6,), (5, 3), (40, 10)]:
        z = rng.normal(size=shape) * 3
        z.flat[0] = -1.5   # at least one negative
        z.flat[-1] = 2.5   # and one positive entry
        z.flat[1] = 0.0    # and one exactly at the kink
        before = z.copy()
        got, hint = _call(fn, z, *extra)
        if hint:
            return hint
        if not np.array_equal(z, before):
            return _("do not change the input array in place; return a new one")
        hint = _same(got, reference(z))
        if hint:
            neg, pos = z < 0, z > 0
            got = np.asarray(got, dtype=float)
            if got.shape == z.shape:
                if not np.allclose(got[pos], reference(z)[pos]):
                    return _('check {name} for positive inputs').format(name=name)
                if not np.allclose(got[neg], reference(z)[neg]):
                    return _('check {name} for negative inputs').format(name=name)
                zero = z == 0
                if not np.allclose(got[zero], reference(z)[zero]):
                    return _("check {name} at exactly z = 0: nnlib takes relu'(0) = 0 (use z > 0, not z >= 0)").format(name=name)
            return hint
    return None


def _lambda_max(X):
    """Largest eigenvalue of X^T X: the summed cost's curvature for a linear layer."""
    return float(np.linalg.eigvalsh(X.T @ X)[-1])


class Options(dict):
    """A multiple-choice question's options, {letter: text}: the texts are marked N_ where
    written and read in the language in use (the notebook prints them with .items())."""

    def __getitem__(self, letter):
        return _(super().__getitem__(letter))

    def values(self):
        return [self[k] for k in self]

    def items(self):
        return [(k, self[k]) for k in self]


# -- "Check your understanding": several short answers, one verdict line each --------------
def _answers(hints):
    """hints: one per question, None when right. Print a line each; True if all are right."""
    for k, hint in enumerate(hints, 1):
        print(f"{k}. " + (_("Correct!") if hint is None else _('Not yet. Hint: {hint}').format(hint=hint)))
    return all(h is None for h in hints)


def _numeric(got, want, rtol, hint, wrong=(), also=()):
    """None if got is within rtol of want, or of an also value (value, rtol): a number as the
    prose rounds it; else the hint of a known wrong value, or hint."""
    if got is None:
        return _("replace None with your answer (a number)")
    value, bad = _number(got, _("a number"))
    if bad:
        return bad
    if _close(value, want, rtol) or any(_close(value, v, r) for v, r in also):
        return None
    for value_wrong, hint_wrong in wrong:
        if _close(value, value_wrong, rtol):
            return hint_wrong
    return hint


def _named(got, accepted, hint, wrong=()):
    """None if got is a string holding one of the accepted words (any case); else the hint
    of the first wrong word it holds, or hint. wrong: (word, hint) pairs."""
    if got is None:
        return _("replace None with your answer (a name, in quotes)")
    if not isinstance(got, str):
        return _('answer with a name in quotes, not {v0}').format(v0=type(got).__name__)
    text = got.strip().lower()
    if any(word in text for word in accepted):
        return None
    return next((h for word, h in wrong if word in text), hint)


def _choice(got, right, hints):
    """None if got names the letter ``right`` ("b", "(b)", "B)" all do); else hints[letter]
    for a known wrong letter, or a request for one letter. hints: {letter: hint}."""
    letters = sorted(set(hints) | {right})
    if got is None:
        return _('replace None with your answer (one letter in quotes: {v0})').format(v0=', '.join(letters))
    if not isinstance(got, str):
        return _('answer with one letter in quotes ({v0}), not {v1}').format(v0=', '.join(letters), v1=type(got).__name__)
    letter = got.strip().strip("().").strip().lower()
    if letter == right:
        return None
    if letter in hints:
        return hints[letter]
    return _('answer with one letter in quotes: {v0}').format(v0=', '.join(letters))


def _second_moment(d, bias):
    """E[x x^T] for x ~ U(0, 1)^d, with a constant input 1 appended when bias: (d(+1), d(+1))."""
    E = np.eye(d) / 12 + np.ones((d, d)) / 4
    if not bias:
        return E
    return np.block([[E, np.full((d, 1), 1 / 2)], [np.full((1, d), 1 / 2), np.ones((1, 1))]])
