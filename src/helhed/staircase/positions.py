"""A citizen's position on the staircase over time, and movements between quarters. Pure Python and numpy.

The position on a day is the highest step among the interventions in force that day (a child in a foster
family who also gets family therapy is in a foster family); 0 means off the staircase (nothing in force that
is placed on it). Interventions are given as spells: a step, a first and a last day (None: still running).
This module never reads the database; `selectors.py` turns interventions into spells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from helhed.staircase.projection import IntArray

OPEN_END = dt.date.max.toordinal()


@dataclass(frozen=True)
class Spell:
    step: int
    start: dt.date
    end: dt.date | None = None  # last day in force; None: running

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Segment:
    """A stretch of days on one step (0: off the staircase)."""

    step: int
    start: dt.date
    end: dt.date  # last day, inclusive (the `until` day for a stretch still running)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Movement:
    day: dt.date  # the first day on the new step
    from_step: int
    to_step: int

    @property
    def direction(self) -> str:
        if self.from_step == 0:
            return "entered"
        if self.to_step == 0:
            return "left"
        return "down" if self.to_step < self.from_step else "up"


def step_on(spells: Iterable[Spell], day: dt.date) -> int:
    """The position on `day`: the highest step in force, 0 if none."""
    return max((s.step for s in spells if s.covers(day)), default=0)


def timeline(spells: Sequence[Spell], *, until: dt.date) -> list[Segment]:
    """The citizen's stretches on each step from the first spell to `until`, gaps as step 0."""
    starts = [s.start for s in spells if s.start <= until]
    if not starts:
        return []
    cuts = {s.start for s in spells} | {s.end + dt.timedelta(days=1) for s in spells if s.end is not None}
    days = sorted(d for d in cuts if min(starts) <= d <= until)
    segments: list[Segment] = []
    for i, first in enumerate(days):
        last = days[i + 1] - dt.timedelta(days=1) if i + 1 < len(days) else until
        step = step_on(spells, first)
        if segments and segments[-1].step == step:
            segments[-1] = Segment(step, segments[-1].start, last)
        else:
            segments.append(Segment(step, first, last))
    return segments


def movements(segments: Sequence[Segment]) -> list[Movement]:
    return [Movement(b.start, a.step, b.step) for a, b in pairwise(segments)]


def days_on_steps(segments: Sequence[Segment]) -> dict[int, int]:
    """Days spent on each step (0 included: time off the staircase between spells)."""
    totals: dict[int, int] = {}
    for seg in segments:
        totals[seg.step] = totals.get(seg.step, 0) + seg.days
    return totals


# --- many citizens at once --------------------------------------------------------------------------


def steps_at(
    case_index: npt.ArrayLike, steps: npt.ArrayLike, starts: npt.ArrayLike, ends: npt.ArrayLike,
    *, n_cases: int, days: Sequence[dt.date],
) -> IntArray:
    """(cases, days): each case's step on each day, from spell arrays (vectorised).

    `starts` and `ends` are proleptic ordinals (date.toordinal()); an open end is `OPEN_END`.
    """
    idx = np.asarray(case_index, dtype=np.int64)
    step = np.asarray(steps, dtype=np.int64)
    first = np.asarray(starts, dtype=np.int64)
    last = np.asarray(ends, dtype=np.int64)
    when = np.asarray([d.toordinal() for d in days], dtype=np.int64)
    result = np.zeros((n_cases, len(when)), dtype=np.int64)
    if idx.size == 0 or when.size == 0:
        return result
    in_force = (first[:, None] <= when[None, :]) & (when[None, :] <= last[:, None])
    np.maximum.at(result, idx, np.where(in_force, step[:, None], 0))
    return result


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        nxt = Quarter(self.year + self.number // 4, self.number % 4 + 1)
        return nxt.start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)


def quarters(first: dt.date, last: dt.date) -> list[Quarter]:
    """The quarters from the one holding `first` to the one holding `last`."""
    result: list[Quarter] = []
    q = Quarter.of(first)
    while q.start <= last:
        result.append(q)
        q = q.next()
    return result


@dataclass(frozen=True)
class Flow:
    """How cases moved between the start and the end of a period."""

    down: int
    up: int
    stayed: int
    entered: int
    left: int

    @property
    def on_staircase_at_start(self) -> int:
        return self.down + self.up + self.stayed + self.left


def flow(before: npt.ArrayLike, after: npt.ArrayLike) -> Flow:
    """Count moves between two positions per case (0: off the staircase)."""
    a = np.asarray(before, dtype=np.int64)
    b = np.asarray(after, dtype=np.int64)
    both = (a > 0) & (b > 0)
    return Flow(
        down=int((both & (b < a)).sum()), up=int((both & (b > a)).sum()), stayed=int((both & (b == a)).sum()),
        entered=int(((a == 0) & (b > 0)).sum()), left=int(((a > 0) & (b == 0)).sum()),
    )


def quarterly_flows(grid: npt.ArrayLike, periods: Sequence[Quarter]) -> list[tuple[Quarter, Flow]]:
    """Flows per quarter from `grid` = steps_at(..., days=boundaries(periods)).

    A quarter compares the position at the end of the quarter before with the position at its own end,
    so a move on the first day of a quarter counts in that quarter.
    """
    g = np.asarray(grid, dtype=np.int64)
    return [(q, flow(g[:, i], g[:, i + 1])) for i, q in enumerate(periods)]


def boundaries(periods: Sequence[Quarter]) -> list[dt.date]:
    """The day before the first quarter, then each quarter's last day: the days `quarterly_flows` compares."""
    if not periods:
        return []
    return [periods[0].start - dt.timedelta(days=1)] + [q.end for q in periods]
