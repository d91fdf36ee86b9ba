"""Cut-off and reliable change on a rating-scale definition written for the test (tests/data/test-lines).

The test scale has four 0-10 lines (steps of 0.1), a total (sum, 0-40), a clinical cut-off of 25 (below is
the clinical range) and a reliable-change threshold of 5 points: the shape of a licensed scale, none of
its wording.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helhed.outcomes.definitions import TOTAL_CODE, InstrumentDef, read_definition
from helhed.outcomes.scoring import AnswerError, AnswerIn, Point, check_answers, classify, total_of

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def lines() -> InstrumentDef:
    return read_definition((DATA / "test-lines.v1.json").read_text(encoding="utf-8"))[1]


def _total(defn: InstrumentDef, *values: str) -> Decimal | None:
    answers = check_answers(
        defn, [AnswerIn(item=f"line_{c}", value=v) for c, v in zip("abcd", values, strict=True)]
    )
    return total_of(defn, answers)


def _outcome(defn: InstrumentDef, first: str, latest: str):
    measure = defn.measure(TOTAL_CODE)
    assert measure is not None
    return classify(measure.rule, Point(Decimal(first)), Point(Decimal(latest)), count=2)


def test_the_format_expresses_a_licensed_scale(lines: InstrumentDef) -> None:
    assert lines.licence is not None and lines.licence.holder == "Testkommune"
    assert [i.code for i in lines.items] == ["line_a", "line_b", "line_c", "line_d"]
    assert lines.item("line_a").step == Decimal("0.1")  # type: ignore[union-attr]
    assert lines.total is not None and (lines.total.minimum, lines.total.maximum) == (0, 40)
    rule = lines.total.rule
    assert rule.cut_off == 25 and rule.reliable_change == 5 and rule.threshold == 5


def test_total_is_the_sum_of_the_lines(lines: InstrumentDef) -> None:
    assert _total(lines, "5.5", "6", "7.2", "3.3") == Decimal("22.0")
    assert _total(lines, "0", "0", "0", "0") == 0
    assert _total(lines, "10", "10", "10", "10") == 40


def test_lines_take_tenths_but_not_hundredths_or_more_than_ten(lines: InstrumentDef) -> None:
    with pytest.raises(AnswerError) as off_step:
        _total(lines, "5.55", "6", "7", "3")
    assert off_step.value.code == "off_step" and off_step.value.item == "line_a"
    with pytest.raises(AnswerError) as too_high:
        _total(lines, "5", "10.1", "7", "3")
    assert too_high.value.code == "out_of_range" and too_high.value.params["high"] == 10


@pytest.mark.parametrize(
    ("first", "latest", "category", "reached_or_improved"),
    [
        # from 18 to 23: +5 is exactly the reliable change, still below the cut-off: reliably improved
        ("18", "23", "improved", True),
        # from 18 to 22.9: +4.9 is not reliable; still clinical: unchanged
        ("18", "22.9", "unchanged", False),
        # from 21 to 26: +5, reliable, and across the cut-off: recovered (Jacobson and Truax)
        ("21", "26", "recovered", True),
        # from 23 to 26: +3 is not reliable, but the latest is outside the clinical range: reached
        ("23", "26", "reached", True),
        # exactly at the cut-off counts as outside the clinical range
        ("24", "25", "reached", True),
        # from 30 to 24.9: -5.1 is a reliable deterioration into the clinical range
        ("30", "24.9", "deteriorated", False),
        # from 36 to 30: -6, a reliable deterioration, yet outside the clinical range: reached, not improved
        ("36", "30", "deteriorated", True),
    ],
)
def test_cut_off_and_reliable_change(
    lines: InstrumentDef, first: str, latest: str, category: str, reached_or_improved: bool
) -> None:
    outcome = _outcome(lines, first, latest)
    assert outcome.category == category
    assert outcome.reached_or_improved is reached_or_improved
    assert outcome.change == Decimal(latest) - Decimal(first)


def test_clinical_range_is_reported_at_both_ends(lines: InstrumentDef) -> None:
    outcome = _outcome(lines, "21", "26")
    assert outcome.clinical_first is True and outcome.clinical_latest is False and outcome.recovered


def test_one_assessment_is_not_yet_a_result(lines: InstrumentDef) -> None:
    measure = lines.measure(TOTAL_CODE)
    assert measure is not None
    outcome = classify(measure.rule, Point(Decimal(30)), Point(Decimal(30)), count=1)
    assert not outcome.measured and not outcome.reached_or_improved and outcome.category == "not_measured"
