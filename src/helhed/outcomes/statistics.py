"""Honest uncertainty for "what works for whom": Wilson intervals, mean change with a t interval, suppression.

Plain functions over numbers; no Django, no database. Groups smaller than `MIN_GROUP` citizens are
suppressed: their figures are neither computed for display nor returned.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy.stats import t as student_t

Z95 = 1.959963984540054  # the standard normal quantile for a two-sided 95 % interval
MIN_GROUP = 5


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(successes: int, n: int, *, z: float = Z95) -> Interval | None:
    """Wilson score interval for a share (Wilson 1927); None when n = 0.

    Unlike the Wald interval it stays inside [0, 1] and is not degenerate at 0 % or 100 %.
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At 0 % and 100 % the bound is exactly 0 or 1; rounding must not put it outside.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(low, high)


@dataclass(frozen=True)
class MeanChange:
    n: int
    mean: float
    sd: float | None
    interval: Interval | None


def mean_interval(values: Sequence[float], *, level: float = 0.95) -> MeanChange | None:
    """Mean with a two-sided t interval (mean ± t·sd/√n); no interval for n = 1; None for no values."""
    n = len(values)
    if n == 0:
        return None
    mean = math.fsum(values) / n
    if n == 1:
        return MeanChange(n=1, mean=mean, sd=None, interval=None)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    return mean_interval_from(n=n, mean=mean, sd=sd, level=level)


def mean_interval_from(*, n: int, mean: float, sd: float | None, level: float = 0.95) -> MeanChange:
    """The same interval from n, mean and sample standard deviation (as a database aggregates them)."""
    if n < 2 or sd is None:
        return MeanChange(n=n, mean=mean, sd=None, interval=None)
    half = float(student_t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return MeanChange(n=n, mean=mean, sd=sd, interval=Interval(mean - half, mean + half))


@dataclass(frozen=True)
class Share:
    n: int
    successes: int
    interval: Interval | None

    @property
    def share(self) -> float | None:
        return self.successes / self.n if self.n else None


@dataclass(frozen=True)
class GroupResult:
    """One group's figures, or only the fact that it was too small to show (`suppressed`)."""

    citizens: int
    units: int
    suppressed: bool
    share: Share | None = None
    change: MeanChange | None = None


def group_result(
    *, citizens: int, successes: int, units: int, changes: Iterable[float], min_group: int = MIN_GROUP
) -> GroupResult:
    """Share reached or improved (Wilson) and mean change (t) for a group; suppressed under `min_group`."""
    if citizens < min_group:
        # Not even the count is kept: "fewer than 5" is all anyone sees.
        return GroupResult(citizens=0, units=0, suppressed=True)
    return GroupResult(
        citizens=citizens,
        units=units,
        suppressed=False,
        share=Share(n=units, successes=successes, interval=wilson(successes, units)),
        change=mean_interval(list(changes)),
    )
