"""Answers checked against a definition, and definitions refused with the place of the fault."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from helhed.outcomes.definitions import DefinitionError, parse_definition, read_definition
from helhed.outcomes.scoring import AnswerError, AnswerIn, check_answers, total_of

SHIPPED = Path(__file__).resolve().parents[2] / "instruments"


def _raw(code: str) -> dict[str, Any]:
    return json.loads((SHIPPED / f"{code}.v1.json").read_text(encoding="utf-8"))


def _mastery(**values: Any) -> list[AnswerIn]:
    base = {"personal_development": 4, "network_citizenship": 5, "learning_self_support": 3}
    base.update(values)
    return [AnswerIn(item=k, value=v) for k, v in base.items()]


def test_mastery_answers_default_to_rated_together() -> None:
    defn = parse_definition(_raw("aarhus-mastery"))
    checked = check_answers(defn, _mastery())
    assert [a.rater for a in checked] == ["together"] * 3
    assert [a.value for a in checked] == [4, 5, 3]
    own = check_answers(
        defn,
        [
            AnswerIn(item="personal_development", value="6", rater="citizen"),
            AnswerIn(item="network_citizenship", value=6, rater="caseworker"),
            AnswerIn(item="learning_self_support", value=6),
        ],
        default_rater="citizen",
    )
    assert [a.rater for a in own] == ["citizen", "caseworker", "citizen"]


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        (_mastery(personal_development=11), "out_of_range"),
        (_mastery(personal_development=0), "out_of_range"),
        (_mastery(personal_development="4.5"), "not_whole"),
        (_mastery(personal_development="fire"), "not_a_number"),
        (_mastery(personal_development=True), "not_a_number"),
        (_mastery(personal_development=float("nan")), "not_a_number"),
        (_mastery(personal_development=None), "missing_item"),
        ([*_mastery(), AnswerIn(item="mood", value=3)], "unknown_item"),
        ([*_mastery(), AnswerIn(item="personal_development", value=3)], "duplicate_item"),
        ([AnswerIn(item="personal_development", value=3, rater="doctor")], "bad_rater"),
        ([AnswerIn(item="personal_development", value=3, goal_type="develop")], "goal_type_not_allowed"),
        ([AnswerIn(item="personal_development", not_assessed=True)], "not_assessed_not_allowed"),
    ],
)
def test_bad_answers_are_refused_with_a_reason(answers: list[AnswerIn], code: str) -> None:
    defn = parse_definition(_raw("aarhus-mastery"))
    with pytest.raises(AnswerError) as refused:
        check_answers(defn, answers)
    assert refused.value.code == code


def test_survey_raters_and_free_text() -> None:
    defn = parse_definition(_raw("user-satisfaction"))
    scores = [AnswerIn(item=i.code, value=v) for i, v in zip(defn.items[:6], (5, 4, 4, 3, 5, 4), strict=True)]
    checked = check_answers(defn, [*scores, AnswerIn(item="comment", text="  Mere tid, tak.  ")])
    assert checked[-1].text == "Mere tid, tak." and checked[-1].value is None
    assert total_of(defn, checked) == Decimal("4.17")
    with pytest.raises(AnswerError) as refused:
        check_answers(defn, scores, default_rater="caseworker")
    assert refused.value.code == "rater_not_allowed"
    with pytest.raises(AnswerError) as too_long:
        check_answers(defn, [*scores, AnswerIn(item="comment", text="x" * 2001)])
    assert too_long.value.code == "too_long"


def test_function_levels_not_assessed_and_goal_types() -> None:
    defn = parse_definition(_raw("ffb-function-levels"))
    checked = check_answers(
        defn,
        [
            AnswerIn(item="self_care", value=2, goal_type="maintain"),
            AnswerIn(item="mobility", not_assessed=True),
        ],
    )
    assert (
        checked[0].goal_type == "maintain"
        and checked[1].option == "not_assessed"
        and checked[1].value is None
    )
    with pytest.raises(AnswerError) as refused:
        check_answers(defn, [AnswerIn(item="self_care", value=2, goal_type="grow")])
    assert refused.value.code == "bad_goal_type"
    with pytest.raises(AnswerError) as nothing:
        check_answers(defn, [])
    assert nothing.value.code == "empty"


def test_status_options() -> None:
    defn = parse_definition(_raw("substance-use-status"))
    assert check_answers(defn, [AnswerIn(item="status", option="reduced")])[0].value == 2
    with pytest.raises(AnswerError) as refused:
        check_answers(defn, [AnswerIn(item="status", option="stopped")])
    assert refused.value.code == "unknown_option"


def _broken(code: str, change: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw(code))
    change(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d.update(format=2), "format"),
        (lambda d: d.update(version=0), "version"),
        (lambda d: d.update(kind="quiz"), "definition.kind"),
        (lambda d: d.update(colour="blue"), "unknown field 'colour'"),
        (lambda d: d["items"][0].update(max=0), "items[0]: min (1) must be below max (0)"),
        (lambda d: d["items"][0].update(higher_is_beter=True), "unknown field 'higher_is_beter'"),
        (lambda d: d["items"][0].update(code="total"), "reserved"),
        (lambda d: d["items"][1].update(code="personal_development"), "appears twice"),
        (lambda d: d["items"][0].update(target=11), "items[0].target: must lie on the scale"),
        (lambda d: d["items"][0].update(step=0.001), "at most 2 decimals"),
        (lambda d: d["items"][0].update(min_change=-1), "greater than 0"),
        (lambda d: d.update(raters=["doctor"]), "not a rater"),
        (lambda d: d.update(items=[]), "at least one item"),
        (lambda d: d["items"][0]["anchors"].update({"12": "For meget"}), "outside the scale"),
        (lambda d: d.update(comparable_with=[1]), "earlier version"),
    ],
)
def test_bad_definitions_name_the_place(mutate: Any, words: str) -> None:
    with pytest.raises(DefinitionError) as refused:
        parse_definition(_broken("aarhus-mastery", mutate))
    assert words in str(refused.value)


def test_gas_must_be_a_minus_two_to_two_goal_scale() -> None:
    with pytest.raises(DefinitionError, match="per goal"):
        parse_definition(_broken("gas", lambda d: d.update(attaches_to="plan")))
    with pytest.raises(DefinitionError, match="-2 to 2"):
        parse_definition(_broken("gas", lambda d: d["items"][0].update(max=3)))
    assert parse_definition(_raw("gas")).gas_rho == Decimal("0.3")


def test_not_json_says_where() -> None:
    with pytest.raises(DefinitionError, match="line 1, column 2"):
        read_definition("{,}")


def test_checksum_ignores_the_status() -> None:
    active = parse_definition(_raw("gas"))
    retired = parse_definition(_broken("gas", lambda d: d.update(status="retired")))
    changed = parse_definition(_broken("gas", lambda d: d["name"].update(en="GAS")))
    assert active.checksum == retired.checksum != changed.checksum
