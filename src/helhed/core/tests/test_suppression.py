"""The shared suppression rule on hand-made tables: primary cells, the cheap one-hidden-per-equation rule and
the exact check that catches what only a combination of equations gives away."""

from __future__ import annotations

from collections.abc import Hashable

from helhed.core.suppression import (
    Suppressed,
    count_is_small,
    protect,
    recoverable,
    share_is_small,
    total_equation,
)

P, S, N = Suppressed.PRIMARY, Suppressed.SECONDARY, Suppressed.NO


def test_primary_counts_and_shares() -> None:
    assert [count_is_small(n) for n in (0, 1, 4, 5, None)] == [False, True, True, False, True]
    assert share_is_small(5, 10) is False
    assert share_is_small(4, 10) and share_is_small(5, 9) and share_is_small(6, 10)


def test_a_line_with_one_small_cell_hides_its_smallest_partner() -> None:
    values = [20, 2, 7, 11]  # total, then three cells
    marks = protect([False, True, False, False], [total_equation(0, [1, 2, 3])],
                    lambda i: None if i == 0 else (values[i],))
    assert marks == [N, P, S, N]


def _grid(values: list[list[int]]) -> tuple[list[int], list[list[tuple[int, int]]]]:
    """A table with row and column totals as cells and equations (row-major cells, then the margins)."""
    rows, cols = len(values), len(values[0])
    flat = [v for row in values for v in row]
    row_totals = list(range(len(flat), len(flat) + rows))
    col_totals = list(range(len(flat) + rows, len(flat) + rows + cols))
    flat += [sum(row) for row in values] + [sum(col) for col in zip(*values, strict=True)]
    equations = [total_equation(row_totals[r], [r * cols + c for c in range(cols)]) for r in range(rows)]
    equations += [total_equation(col_totals[c], [r * cols + c for r in range(rows)]) for c in range(cols)]
    return flat, equations


def test_a_cell_between_two_safe_rectangles_is_caught_by_the_exact_check() -> None:
    # Hidden: a rectangle in rows 0-1 x cols 0-1, another in rows 2-3 x cols 2-3, and (1, 2) between them.
    # Every row and column has two or more hidden cells, yet rows 0+1 minus cols 0+1 give (1, 2) away.
    flat, equations = _grid([[1, 1, 9, 9], [1, 1, 1, 9], [9, 9, 1, 1], [9, 9, 1, 1]])
    hidden = [0, 1, 4, 5, 6, 10, 11, 14, 15]
    assert recoverable(equations, hidden) == [6]

    def rank(i: int) -> tuple[Hashable, ...] | None:
        return (i >= 16, flat[i], i)

    marks = protect([i in hidden for i in range(len(flat))], equations, rank)
    now_hidden = [i for i, m in enumerate(marks) if m != N]
    assert set(hidden) < set(now_hidden)
    assert recoverable(equations, now_hidden) == []
    assert all(marks[i] == S for i in set(now_hidden) - set(hidden))


def test_nothing_hidden_nothing_to_recover() -> None:
    flat, equations = _grid([[9, 9], [9, 9]])
    assert protect([False] * len(flat), equations, lambda i: (flat[i],)) == [N] * len(flat)
