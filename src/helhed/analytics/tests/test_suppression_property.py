"""Suppression against a reader with a calculator: for random populations broken down by unit, district and
target group, no published cell is under the threshold, and no hidden cell can be solved for from the
published total and subtotals (exact linear algebra over every breakdown line at once)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from helhed.analytics.suppression import THRESHOLD, Cell, PublishedCell, lines, suppress_table

BREAKDOWNS = {"unit": "ABCDEF", "district": "NSØV", "target_group": "uvæ"}

person = st.tuples(st.sampled_from("ABCDEF"), st.sampled_from("NSØV"), st.sampled_from("uvæ"),
                   st.booleans(), st.integers(0, 10))


def table(kind: str, people: list[tuple[str, str, str, bool, int]]) -> list[Cell]:
    """The total and every breakdown cell, as an indicator run stores them (groups with members only)."""
    groups: dict[tuple[str, str], list[tuple[bool, int]]] = defaultdict(list)
    for unit, district, group, outcome, score in people:
        groups[("", "")].append((outcome, score))
        for name, value in (("unit", unit), ("district", district), ("target_group", group)):
            groups[(name, value)].append((outcome, score))
    cells = []
    for (breakdown, value), members in sorted(groups.items()):
        hits = sum(o for o, _ in members)
        if kind == "count":
            cells.append(Cell(breakdown, value, hits, None, float(hits)))
        elif kind == "share":
            cells.append(Cell(breakdown, value, hits, len(members), hits / len(members)))
        else:
            total = sum(s for _, s in members)
            cells.append(Cell(breakdown, value, total, len(members), total / len(members)))
    return cells


def too_small(kind: str, cell: PublishedCell) -> bool:
    num, den = cell.numerator, cell.denominator
    assert num is not None
    if kind == "count":
        return 0 < num < THRESHOLD
    assert den is not None
    if kind == "share":
        return den > 0 and min(num, den, den - num) < THRESHOLD
    return 0 < den < THRESHOLD


def solvable(cells: list[Cell], published: list[PublishedCell]) -> list[int]:
    """Hidden cells whose figures follow from the published ones: e_j lies in the row space of the
    line equations restricted to the hidden cells (the same for numerator and denominator)."""
    hidden = [i for i, c in enumerate(published) if c.is_suppressed]
    column = {cell: k for k, cell in enumerate(hidden)}
    rows = []
    for total, members in lines(cells):
        row = np.zeros(len(hidden))
        if total is not None and total in column:
            row[column[total]] = 1
        for i in members:
            if i in column:
                row[column[i]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    return [i for k, i in enumerate(hidden)
            if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(hidden))[k]])) == rank]


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(["count", "share", "mean"]), people=st.lists(person, max_size=60))
def test_nothing_small_is_published_and_nothing_hidden_can_be_subtracted_back(
    kind: str, people: list[tuple[str, str, str, bool, int]]
) -> None:
    cells = table(kind, people)
    published = suppress_table(kind, cells)
    shown = [c for c in published if not c.is_suppressed]
    assert not [c for c in shown if too_small(kind, c)]
    assert all(c.numerator is None and c.denominator is None and c.value is None
               for c in published if c.is_suppressed)
    recoverable = solvable(cells, published)
    assert not recoverable, [cells[i] for i in recoverable]


@settings(max_examples=200, deadline=None)
@given(people=st.lists(person, min_size=40, max_size=120))
def test_large_groups_are_not_hidden_without_reason(people: list[tuple[str, str, str, bool, int]]) -> None:
    """Secondary suppression hides at most one extra cell per hidden cell in each line (no blanket hiding)."""
    cells = table("count", people)
    published = suppress_table("count", cells)
    for total, members in lines(cells):
        primary = sum(1 for i in members if published[i].suppressed == "primary")
        secondary = sum(1 for i in members if published[i].suppressed == "secondary")
        assert secondary <= max(1, primary) or (total is not None and published[total].is_suppressed)
