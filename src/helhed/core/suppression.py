"""The one rule for publishing counts of citizens (diskretionering): primary and secondary suppression.

Shared by the policy-goal indicators (`helhed.analytics.suppression`, ADR 0401) and the staircase's counts
(`helhed.staircase.disclosure`, ADR 0104). Each of them turns its own table into cells and equations; this
module decides which cells to hide. Pure functions, no database.

- Primary: a count of 1-4 citizens (`count_is_small`); a share whose numerator, denominator or remainder
  is under 5 (`share_is_small`). A count of 0 is published: no person is behind it.
- Secondary: the published figures are tied together by linear equations (a total is the sum of its cells;
  the cases on the staircase at the end of one quarter are those on it at the start of the next). Where an
  equation has exactly one hidden element, that element follows by subtraction, so the cheapest other cell
  of the equation that may protect it is hidden too. When no equation has exactly one hidden element, an
  exact check follows: a hidden cell is recoverable iff its unit vector lies in the row space of the
  equations restricted to the hidden cells (several equations combined). A recoverable cell gets one more
  hidden partner, and everything repeats until no hidden cell can be worked out. Hiding only ever grows,
  so it ends.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from enum import StrEnum

import numpy as np

THRESHOLD = 5

# An equation over the cells of one table: (cell index, coefficient) pairs that sum to zero,
# e.g. total = a + b is ((total, 1), (a, -1), (b, -1)).
Equation = Sequence[tuple[int, int]]
# How eager a cell is to be hidden to protect another (smallest first); None: never (zeros, empty cells).
Rank = Callable[[int], tuple[Hashable, ...] | None]


class Suppressed(StrEnum):
    NO = ""
    PRIMARY = "primary"  # too few citizens behind it
    SECONDARY = "secondary"  # hidden so that others cannot be worked out by subtraction


def count_is_small(count: int | None, threshold: int = THRESHOLD) -> bool:
    """A count of 1 to threshold - 1 citizens (an unknown count is treated as small)."""
    return count is None or 0 < count < threshold


def share_is_small(numerator: int | None, denominator: int | None, threshold: int = THRESHOLD) -> bool:
    """A share of a group tells about its members if either part, or the rest, is small."""
    if numerator is None or denominator is None:
        return True
    return numerator < threshold or denominator < threshold or denominator - numerator < threshold


def total_equation(total: int | None, members: Sequence[int]) -> list[tuple[int, int]]:
    """total = sum(members); without a stored total, only the members (their sum is not published)."""
    return ([(total, 1)] if total is not None else []) + [(m, -1) for m in members]


def recoverable(equations: Sequence[Equation], hidden: Sequence[int]) -> list[int]:
    """The hidden cells whose value follows exactly from the equations and the published cells."""
    if not hidden or not equations:
        return []
    column = {cell: k for k, cell in enumerate(hidden)}
    rows = []
    for equation in equations:
        row = np.zeros(len(hidden))
        for cell, coefficient in equation:
            if cell in column:
                row[column[cell]] += coefficient
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.asarray(rows)
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > 1e-9 * max(1.0, float(singular.max(initial=0.0)))).sum())
    null = vt[rank:]  # every hidden vector the equations cannot tell apart from zero
    return [cell for cell, k in column.items() if not null.size or np.all(np.abs(null[:, k]) < 1e-9)]


def protect(
    primary: Sequence[bool], equations: Sequence[Equation], rank: Rank
) -> list[Suppressed]:
    """Why each cell is hidden (or NO): the primary cells, then secondary ones until none can be recovered.

    `equations` tie the cells together (see the module); `rank(i)` orders the cells that may be hidden to
    protect another, smallest first (None: never one of them).
    """
    marks = [Suppressed.PRIMARY if p else Suppressed.NO for p in primary]

    def hide_one_of(cells: Sequence[int]) -> bool:
        candidates = [(key, i) for i in cells if marks[i] == Suppressed.NO and (key := rank(i)) is not None]
        if not candidates:
            return False
        marks[min(candidates)[1]] = Suppressed.SECONDARY
        return True

    while True:
        changed = True
        while changed:
            changed = False
            for equation in equations:
                cells = [cell for cell, _coefficient in equation]
                if sum(marks[i] != Suppressed.NO for i in cells) == 1 and hide_one_of(cells):
                    changed = True
        hidden = [i for i, mark in enumerate(marks) if mark != Suppressed.NO]
        # One more partner for the first recoverable cell that has one, then the cheap rule again.
        if not any(hide_one_of(_partners(equations, cell)) for cell in recoverable(equations, hidden)):
            return marks  # nothing recoverable (or nothing left that may protect it)


def _partners(equations: Sequence[Equation], cell: int) -> list[int]:
    """Every cell that shares an equation with `cell`."""
    return [other for eq in equations if any(i == cell for i, _c in eq) for other, _c in eq if other != cell]
