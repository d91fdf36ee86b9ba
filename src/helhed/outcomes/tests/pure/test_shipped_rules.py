"""The shipped instruments read cleanly and judge "reached or improved" as their descriptions say."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helhed.outcomes.definitions import TOTAL_CODE, InstrumentDef, read_definition
from helhed.outcomes.scoring import Point, classify

SHIPPED = Path(__file__).resolve().parents[2] / "instruments"


def _load(code: str) -> InstrumentDef:
    return read_definition((SHIPPED / f"{code}.v1.json").read_text(encoding="utf-8"))[1]


def _judge(code: str, measure: str, first: Point, latest: Point, count: int = 2):
    m = _load(code).measure(measure)
    assert m is not None, measure
    return classify(m.rule, first, latest, count=count)


def test_every_shipped_file_reads_and_has_no_licence() -> None:
    files = sorted(SHIPPED.glob("*.json"))
    assert {f.name for f in files} >= {
        "aarhus-mastery.v1.json",
        "ffb-function-levels.v1.json",
        "gas.v1.json",
        "substance-use-status.v1.json",
        "alcohol-status.v1.json",
        "user-satisfaction.v1.json",
    }
    for f in files:
        defn = read_definition(f.read_text(encoding="utf-8"))[1]
        assert defn.licence is None, f"{f.name}: licensed instruments are never shipped"
        assert defn.status == "active"


@pytest.mark.parametrize(
    ("first", "latest", "expected"), [(3, 4, True), (3, 3, False), (5, 2, False), (10, 10, False)]
)
def test_mastery_improved_by_one_point(first: int, latest: int, expected: bool) -> None:
    outcome = _judge("aarhus-mastery", "network_citizenship", Point(Decimal(first)), Point(Decimal(latest)))
    assert outcome.reached_or_improved is expected


@pytest.mark.parametrize(
    ("goal_type", "first", "latest", "expected"),
    [
        ("develop", 3, 2, True),
        ("develop", 3, 3, False),
        ("maintain", 2, 2, True),
        ("maintain", 2, 3, False),
        ("maintain", 2, 1, True),
        ("limit_loss", 2, 3, True),
        ("limit_loss", 2, 4, False),
        ("", 3, 3, False),
        ("", 3, 2, True),  # no goal type given: judged as "develop"
    ],
)
def test_function_levels_by_goal_type(goal_type: str, first: int, latest: int, expected: bool) -> None:
    outcome = _judge(
        "ffb-function-levels",
        "self_care",
        Point(Decimal(first), goal_type=goal_type),
        Point(Decimal(latest), goal_type=goal_type),
    )
    assert outcome.reached_or_improved is expected


@pytest.mark.parametrize(
    ("first", "latest", "category", "expected"),
    [
        (-1, 0, "improved", True),
        (-2, -1, "improved", True),
        (0, 0, "reached", True),
        (-1, -1, "unchanged", False),
        (1, 0, "deteriorated", True),
        (-1, -2, "deteriorated", False),
    ],
)
def test_goal_attainment_reached_at_expected_or_improved(
    first: int, latest: int, category: str, expected: bool
) -> None:
    outcome = _judge("gas", "level", Point(Decimal(first)), Point(Decimal(latest)))
    assert outcome.category == category and outcome.reached_or_improved is expected


@pytest.mark.parametrize(
    ("option", "expected"),
    [("drug_free", True), ("reduced", True), ("unchanged", False), ("increased", False)],
)
def test_substance_use_status_decides_from_the_latest(option: str, expected: bool) -> None:
    outcome = _judge(
        "substance-use-status", "status", Point(Decimal(1), "unchanged"), Point(Decimal(0), option), count=1
    )
    assert outcome.measured and outcome.reached_or_improved is expected


def test_alcohol_overuse_and_problem_days() -> None:
    no, yes = Point(Decimal(1), "no"), Point(Decimal(0), "yes")
    assert _judge("alcohol-status", "overuse_last_month", yes, no).reached_or_improved
    assert not _judge("alcohol-status", "overuse_last_month", yes, yes).reached_or_improved
    assert not _judge("alcohol-status", "overuse_last_month", no, no, count=1).measured
    days = _judge("alcohol-status", "problem_days_last_month", Point(Decimal(12)), Point(Decimal(0)))
    assert days.reached and days.improved
    fewer = _judge("alcohol-status", "problem_days_last_month", Point(Decimal(12)), Point(Decimal(5)))
    assert fewer.improved and not fewer.reached
    assert not _judge(
        "alcohol-status", "problem_days_last_month", Point(Decimal(3)), Point(Decimal(4))
    ).reached_or_improved


def test_satisfaction_is_judged_from_the_latest_answer() -> None:
    satisfied = _judge(
        "user-satisfaction", TOTAL_CODE, Point(Decimal("4.17")), Point(Decimal("4.17")), count=1
    )
    assert satisfied.measured and satisfied.reached
    assert not _judge(
        "user-satisfaction", TOTAL_CODE, Point(Decimal("3.5")), Point(Decimal("3.5")), count=1
    ).reached_or_improved
