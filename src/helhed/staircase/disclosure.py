"""Counts of citizens as the staircase may publish them: small counts hidden, and so are the counts they could
be worked out from (ADR 0104; the rule is `helhed.core.suppression`, the same as the policy goals'). Pure.

Every count of real citizens that leaves the staircase (flows per quarter, the movements counted in the
history and the rows estimated from them, the followed cohort in realised against expected) goes through
one of the functions here, on the page, in its chart, in the API and in the committee PDF. Model figures
(the business case and its projections from parameters, expected cases as averages, sums of money) are
not counts of citizens and are not suppressed here.

The equations are what a reader can add up from what is published:
- a quarter's flows: the cases on the staircase at the end of one quarter (down + up + stayed + entered)
  are those on it at the start of the next (down + up + stayed + left);
- the history: a step's observed movements are the sum of its row of counts;
- the followed cohort: each quarter's cases per state add up to the cohort, those on a step to the cases on
  the staircase at the quarter's end, and the quarters follow each other as above.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from helhed.core.suppression import Suppressed, count_is_small, protect, share_is_small
from helhed.staircase.positions import Flow, Quarter

FLOW_FIELDS = ("down", "up", "stayed", "entered", "left")


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: a hidden one carries no number, only why it is hidden."""

    value: int | None
    suppressed: Suppressed = Suppressed.NO

    @property
    def is_suppressed(self) -> bool:
        return self.suppressed != Suppressed.NO


@dataclass(frozen=True)
class PublishedFlow:
    down: Count
    up: Count
    stayed: Count
    entered: Count
    left: Count

    def values(self) -> dict[str, int | None]:
        return {name: getattr(self, name).value for name in FLOW_FIELDS}

    def suppressed(self) -> dict[str, str]:
        """Why each hidden figure is hidden (primary / secondary); published figures are left out."""
        return {name: str(getattr(self, name).suppressed) for name in FLOW_FIELDS
                if getattr(self, name).is_suppressed}


class _Table:
    """Counts and the equations that tie them together; `publish` hides what must be hidden."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.equations: list[list[tuple[int, int]]] = []

    def cell(self, value: int) -> int:
        self.values.append(int(value))
        return len(self.values) - 1

    def equal(self, left: Sequence[int], right: Sequence[int]) -> None:
        """sum(left) == sum(right), as a reader may add them up."""
        self.equations.append([(i, 1) for i in left] + [(i, -1) for i in right])

    def publish(self) -> list[Count]:
        def rank(i: int) -> tuple[Hashable, ...] | None:
            # The smallest non-zero count protects first; a hidden zero protects nothing (it can be guessed).
            return (self.values[i], i) if self.values[i] > 0 else None

        marks = protect([count_is_small(v) for v in self.values], self.equations, rank)
        return [Count(None, m) if m != Suppressed.NO else Count(v)
                for v, m in zip(self.values, marks, strict=True)]


def _flow_cells(table: _Table, flow: Flow) -> list[int]:
    return [table.cell(getattr(flow, name)) for name in FLOW_FIELDS]


def _on_at_start(cells: Sequence[int]) -> list[int]:
    down, up, stayed, _entered, left = cells
    return [down, up, stayed, left]


def _on_at_end(cells: Sequence[int]) -> list[int]:
    down, up, stayed, entered, _left = cells
    return [down, up, stayed, entered]


def _chain(table: _Table, quarters: Sequence[Sequence[int]]) -> None:
    """The cases on the staircase at one quarter's end are those on it at the next quarter's start."""
    for before, after in pairwise(quarters):
        table.equal(_on_at_end(before), _on_at_start(after))


def _flow(counts: Sequence[Count]) -> PublishedFlow:
    return PublishedFlow(*counts)


def publish_flows(rows: Sequence[tuple[Quarter, Flow]]) -> list[tuple[Quarter, PublishedFlow]]:
    """A flow table (quarters x movements) safe to publish."""
    table = _Table()
    cells = [_flow_cells(table, flow) for _q, flow in rows]
    _chain(table, cells)
    counts = table.publish()
    return [(q, _flow([counts[i] for i in c])) for (q, _f), c in zip(rows, cells, strict=True)]


@dataclass(frozen=True)
class PublishedHistory:
    """Counted yearly movements (row 0 is not observed) and new cases; rows with a hidden count are listed
    in `hidden_rows`: their estimated probabilities give the counts away (known prior) and are not shown."""

    counts: list[list[Count]]
    observed: list[Count]
    inflow: list[Count]
    hidden_rows: list[int]
    pooled: Count | None  # observed movements from the chosen steps, added up
    # Whether the share of them that moved down may be shown: it gives the number down away (known prior).
    pooled_share_shown: bool = False


def publish_history(counts: Sequence[Sequence[int]], inflow: Sequence[int],
                    pooled_steps: Sequence[int] = ()) -> PublishedHistory:
    """The movements counted in the history, safe to publish (with the pooled figures the page shows for the
    steps a business case moves down: how many were followed, and how many moved down, as a share)."""
    k = len(counts)
    table = _Table()
    grid = [[table.cell(int(counts[i][j])) if i else -1 for j in range(k)] for i in range(k)]
    observed = [table.cell(sum(int(x) for x in counts[i])) if i else -1 for i in range(k)]
    for i in range(1, k):
        table.equal([observed[i]], grid[i])
    flows_in = [table.cell(int(x)) for x in inflow]
    pooled = pooled_down = -1
    if pooled_steps:
        pooled = table.cell(sum(int(sum(counts[i])) for i in pooled_steps))
        table.equal([pooled], [observed[i] for i in pooled_steps])
        pooled_down = table.cell(sum(int(sum(counts[i][:i])) for i in pooled_steps))
        table.equal([pooled_down], [grid[i][j] for i in pooled_steps for j in range(i)])
    published = table.publish()

    def at(index: int) -> Count:
        return published[index] if index >= 0 else Count(0)

    rows = [[at(c) for c in row] for row in grid]
    hidden_rows = [i for i in range(1, k) if at(observed[i]).is_suppressed
                   or any(c.is_suppressed for c in rows[i])]
    n, d = at(pooled), at(pooled_down)
    # A share down tells about every case followed if either part, or the rest, is small (as a goal's share).
    share_shown = bool(pooled_steps) and not share_is_small(d.value, n.value)
    return PublishedHistory(rows, [at(i) for i in observed], [at(i) for i in flows_in], hidden_rows,
                            n if pooled_steps else None, share_shown)


@dataclass(frozen=True)
class PublishedCohort:
    """The cases followed in realised against expected: per state at the start, then per quarter the cases
    per state at its end and their movements."""

    cohort: list[Count]
    cases: list[list[Count]]  # per quarter, per state (0: off the staircase)
    flows: list[PublishedFlow]


def publish_cohort(cohort: Sequence[int], cases: Sequence[Sequence[int]],
                   flows: Sequence[Flow]) -> PublishedCohort:
    """The followed cohort's counts safe to publish (state 0 of the cohort is 0 by construction)."""
    table = _Table()
    start = [table.cell(int(n)) if s else -1 for s, n in enumerate(cohort)]
    on_start = [i for i in start if i >= 0]
    per_quarter = [[table.cell(int(n)) for n in row] for row in cases]
    flow_cells = [_flow_cells(table, f) for f in flows]
    for row, f in zip(per_quarter, flow_cells, strict=True):
        table.equal(row, on_start)  # a closed cohort: every case is in some state at every quarter's end
        table.equal(row[1:], _on_at_end(f))
    _chain(table, flow_cells)
    published = table.publish()
    return PublishedCohort(
        cohort=[published[i] if i >= 0 else Count(int(cohort[0])) for i in start],
        cases=[[published[i] for i in row] for row in per_quarter],
        flows=[_flow([published[i] for i in f]) for f in flow_cells],
    )
