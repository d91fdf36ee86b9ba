"""Positions over time from interventions in force (no database)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from helhed.staircase.positions import (
    OPEN_END,
    Quarter,
    Segment,
    Spell,
    boundaries,
    days_on_steps,
    flow,
    movements,
    quarterly_flows,
    quarters,
    step_on,
    steps_at,
    timeline,
)

D = dt.date
SPELLS = [
    Spell(3, D(2024, 1, 1), D(2024, 3, 31)),  # home-based measures for a quarter
    Spell(5, D(2024, 2, 1), D(2024, 2, 29)),  # a foster family in February
    Spell(2, D(2024, 4, 10)),  # preventive help from 10 April, still running
]


def test_the_highest_step_in_force() -> None:
    assert step_on(SPELLS, D(2023, 12, 31)) == 0
    assert step_on(SPELLS, D(2024, 1, 15)) == 3
    assert step_on(SPELLS, D(2024, 2, 15)) == 5
    assert step_on(SPELLS, D(2024, 4, 5)) == 0
    assert step_on(SPELLS, D(2025, 1, 1)) == 2


def test_timeline_movements_and_time_on_each_step() -> None:
    segments = timeline(SPELLS, until=D(2024, 5, 31))
    assert segments == [
        Segment(3, D(2024, 1, 1), D(2024, 1, 31)),
        Segment(5, D(2024, 2, 1), D(2024, 2, 29)),
        Segment(3, D(2024, 3, 1), D(2024, 3, 31)),
        Segment(0, D(2024, 4, 1), D(2024, 4, 9)),
        Segment(2, D(2024, 4, 10), D(2024, 5, 31)),
    ]
    assert [m.direction for m in movements(segments)] == ["up", "down", "left", "entered"]
    assert days_on_steps(segments) == {3: 31 + 31, 5: 29, 0: 9, 2: 52}


def test_timeline_before_the_first_spell_is_empty() -> None:
    assert timeline(SPELLS, until=D(2023, 6, 1)) == []


def test_vectorised_positions_agree_with_the_plain_ones() -> None:
    days = [D(2024, 1, 15), D(2024, 2, 15), D(2024, 4, 5), D(2024, 6, 1)]
    grid = steps_at(
        [0, 0, 0, 1], [3, 5, 2, 6],
        [s.start.toordinal() for s in SPELLS] + [D(2024, 2, 1).toordinal()],
        [s.end.toordinal() if s.end else OPEN_END for s in SPELLS] + [D(2024, 4, 30).toordinal()],
        n_cases=2, days=days,
    )
    assert grid[0].tolist() == [step_on(SPELLS, d) for d in days]
    assert grid[1].tolist() == [0, 6, 6, 0]


def test_quarters_and_flows() -> None:
    qs = quarters(D(2023, 11, 5), D(2024, 4, 1))
    assert [q.label for q in qs] == ["2023 Q4", "2024 Q1", "2024 Q2"]
    assert Quarter(2024, 1).end == D(2024, 3, 31) and Quarter(2023, 4).end == D(2023, 12, 31)
    f = flow(np.array([3, 3, 2, 0, 4, 0]), np.array([2, 3, 4, 1, 0, 0]))
    assert (f.down, f.stayed, f.up, f.entered, f.left) == (1, 1, 1, 1, 1)
    assert f.on_staircase_at_start == 4
    # Positions on 31 December 2023, 31 March 2024 and 30 June 2024.
    days = boundaries([Quarter(2024, 1), Quarter(2024, 2)])
    assert days == [D(2023, 12, 31), D(2024, 3, 31), D(2024, 6, 30)]
    grid = np.array([[3, 2, 2], [0, 0, 5], [4, 4, 0]])
    rows = quarterly_flows(grid, [Quarter(2024, 1), Quarter(2024, 2)])
    assert (rows[0][1].down, rows[0][1].stayed) == (1, 1)
    assert (rows[1][1].stayed, rows[1][1].entered, rows[1][1].left) == (1, 1, 1)
