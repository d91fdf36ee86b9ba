"""Statistical disclosure control for published indicator figures (diskretionering). Pure functions.

Every figure that leaves Helhed as a result (dashboard, committee PDF, CSV, Excel) passes through
`suppress_table` first; stored results stay raw. The rules (ADR 0401):

- Primary suppression: a count of 1-4 citizens, and a share whose numerator, denominator or remainder
  (denominator - numerator) is under 5 - a share of 0 % or 100 % of a group tells something about every
  member. A mean needs at least 5 citizens behind it. A count of 0 is published (no person is behind it);
  a cell with an empty population (denominator 0) shows no value and counts as a known zero.
- Secondary suppression: one breakdown of a total (its values by unit, or by district, or by target
  group) is one *line*: total = sum of its cells. A reader who knows all but one element of a line knows
  that one too. So wherever exactly one element of a line is hidden, the next smallest non-zero cell of
  that line is hidden as well (a hidden zero protects nothing: a reader may guess it); only when the line
  has no such cell is the total hidden, which then makes the same check run on every other breakdown of
  that total. This repeats until no line has exactly one hidden element. The rule itself is
`helhed.core.suppression` (shared with the staircase's counts, ADR 0104); this module builds the lines.

Never read the database here and never return raw figures of a suppressed cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from helhed.core.suppression import (
    THRESHOLD,
    Suppressed,
    count_is_small,
    protect,
    share_is_small,
    total_equation,
)

__all__ = ["THRESHOLD", "Cell", "PublishedCell", "Suppressed", "suppress_table"]


@dataclass(frozen=True)
class Cell:
    """One stored figure: breakdown "" is the total of its indicator and period."""

    breakdown: str
    breakdown_value: str
    numerator: int | None
    denominator: int | None
    value: float | None

    @property
    def is_total(self) -> bool:
        return self.breakdown == ""


@dataclass(frozen=True)
class PublishedCell:
    """A figure as it may be shown: a suppressed cell carries no numbers at all, only why."""

    breakdown: str
    breakdown_value: str
    numerator: int | None
    denominator: int | None
    value: float | None
    suppressed: Suppressed = Suppressed.NO

    @property
    def is_suppressed(self) -> bool:
        return self.suppressed != Suppressed.NO

    @property
    def is_total(self) -> bool:
        return self.breakdown == ""


def is_empty(kind: str, cell: Cell) -> bool:
    """A population of nobody: nothing to publish and nothing to protect."""
    if kind == "count":
        return False
    return not cell.denominator


def size(kind: str, cell: Cell) -> int:
    """How many citizens the cell is about; secondary suppression hides the smallest first."""
    if kind == "count":
        return cell.numerator or 0
    return cell.denominator or 0


def is_primary(kind: str, cell: Cell, threshold: int = THRESHOLD) -> bool:
    """Too few citizens behind the figure to publish it (see the module's rules)."""
    if is_empty(kind, cell):
        return False
    if kind == "count":
        return count_is_small(cell.numerator, threshold)
    if kind == "share":
        return share_is_small(cell.numerator, cell.denominator, threshold)
    # A mean, or any kind this module does not know: judge by the number of citizens behind it.
    return cell.denominator is None or cell.denominator < threshold


def lines(cells: Sequence[Cell]) -> list[tuple[int | None, list[int]]]:
    """For each breakdown, the index of the total (None if not stored) and the indices of its cells."""
    total = next((i for i, c in enumerate(cells) if c.is_total), None)
    by_breakdown: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        if not cell.is_total:
            by_breakdown.setdefault(cell.breakdown, []).append(i)
    return [(total, members) for _, members in sorted(by_breakdown.items())]


def suppression_marks(kind: str, cells: Sequence[Cell], threshold: int = THRESHOLD) -> list[Suppressed]:
    """Why each cell is hidden (or NO), primary first, then secondary until every line is safe.

    A line's smallest non-zero published cell protects it (ties by name); only a line with no such cell
    gives up its total (`helhed.core.suppression.protect` runs the rule).
    """

    def rank(i: int) -> tuple[Hashable, ...] | None:
        cell = cells[i]
        if cell.is_total:
            return (1,)
        if size(kind, cell) <= 0 or is_empty(kind, cell):
            return None  # a hidden zero protects nothing: a reader may guess it
        return (0, size(kind, cell), cell.breakdown_value)

    equations = [total_equation(total, members) for total, members in lines(cells)]
    return protect([is_primary(kind, c, threshold) for c in cells], equations, rank)


def publish(cell: Cell, mark: Suppressed) -> PublishedCell:
    if mark != Suppressed.NO:
        return PublishedCell(cell.breakdown, cell.breakdown_value, None, None, None, mark)
    return PublishedCell(cell.breakdown, cell.breakdown_value, cell.numerator, cell.denominator, cell.value)


def suppress_table(kind: str, cells: Iterable[Cell], threshold: int = THRESHOLD) -> list[PublishedCell]:
    """The cells of one indicator and one period (the total and every breakdown), safe to publish."""
    cells = list(cells)
    marks = suppression_marks(kind, cells, threshold)
    return [publish(c, m) for c, m in zip(cells, marks, strict=True)]

