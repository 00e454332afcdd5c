"""The trend of a noisy cost curve and the band of noise around it.

A minibatch cost is the cost of one batch: it rises on about half of the updates even
when training is healthy, because each batch is a different sample. Counting rises
cannot tell that noise from a run that bounces; the trend and the band can:

    b = band(costs)          # costs: (n,), finite
    b.trend                  # (pieces,) the median cost of each of `pieces` equal windows
    b.noise                  # (pieces,) half the 16-84% spread of each window (cost units)
    b.relative_noise         # median of noise / trend: "the noise is about 12% of the cost"
    swing(b), grows(b)       # does the trend rise again? does the noise grow?

Medians, not means: one bad batch (a spike) moves a mean, not a median.
"""
from dataclasses import dataclass

import numpy as np

SWING = 0.10        # the trend rises again by 10% of its level ...
SIGMAS = 3.0        # ... and by 3 standard errors of a window's median
NOISE_GROWTH = 2.0  # the noise of the last quarter is over 2x that of the second quarter
# A window's median of fewer values is too rough: minibatch losses are skewed, and the
# lowest of many rough medians is a lucky one that a later window then seems to rise from.
MIN_WIDTH = 10


@dataclass
class Band:
    """trend, noise: (pieces,) per window; width: samples per window."""
    trend: np.ndarray
    noise: np.ndarray
    width: int

    @property
    def relative_noise(self):
        with np.errstate(all="ignore"):
            r = self.noise / np.abs(self.trend)
        r = r[np.isfinite(r)]
        return float(np.median(r)) if r.size else 0.0

    @property
    def standard_error(self):
        """(pieces,) the standard error of each window's median (1.25 sigma / sqrt(width))."""
        return 1.25 * self.noise / np.sqrt(self.width)


def band(c, pieces=20):
    """Split c (n,) into up to `pieces` equal windows (at least MIN_WIDTH values each)."""
    c = np.asarray(c, float)
    pieces = int(max(1, min(pieces, len(c) // MIN_WIDTH)))
    width = len(c) // pieces
    w = c[len(c) - pieces * width:].reshape(pieces, width)  # drop the oldest remainder
    lo, mid, hi = np.percentile(w, [16, 50, 84], axis=1)
    return Band(trend=mid, noise=0.5 * (hi - lo), width=width)


def swing(b):
    """The largest rise of the trend in the second half above its lowest level before,
    as a share of that level, when it beats both SWING and SIGMAS standard errors; else 0."""
    half = len(b.trend) // 2
    best = 0.0
    for j in range(max(1, half), len(b.trend)):
        low = int(np.argmin(b.trend[:j]))
        rise = b.trend[j] - b.trend[low]
        se = np.hypot(b.standard_error[j], b.standard_error[low])
        level = max(abs(b.trend[low]), 1e-300)
        if rise > SWING * level and rise > SIGMAS * se:
            best = max(best, float(rise / level))
    return best


def grows(b):
    """Ratio of the last quarter's noise to the second quarter's (0 when too short or no noise)."""
    q = len(b.trend) // 4
    if q < 1:
        return 0.0
    early, late = np.mean(b.noise[q:2 * q]), np.mean(b.noise[-q:])
    return float(late / early) if early > 0 else (np.inf if late > 0 else 0.0)


def alternates(c):
    """Share of consecutive updates whose changes have opposite signs (c: (n,)).
    Independent noise gives about 2/3; a full-batch step that overshoots gives ~1."""
    d = np.sign(np.diff(np.asarray(c, float)))
    d = d[d != 0]
    return float(np.mean(d[1:] != d[:-1])) if len(d) > 2 else 0.0


def rebounds(c):
    """Share of the rises of c (n,) that the next update undoes (a fall right after a rise).
    A bounce every other update gives ~1, independent noise about 2/3. Unlike
    :func:`alternates`, a stretch of falls before the bounce starts does not count against it."""
    d = np.diff(np.asarray(c, float))
    rose = d[:-1] > 0
    return float(np.mean(d[1:][rose] < 0)) if rose.any() else 0.0
