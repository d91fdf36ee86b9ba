"""Scoring: checking answers against a definition, totals, "reached or improved", GAS T-scores.

Plain functions over plain data (definitions.py): no Django, no database. Services call them before
saving; selectors call them over rows read in bulk. The rule for "reached or improved" is written down in
docs/decisions/0301-reached-or-improved.md; change it there and here together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from helhed.outcomes.definitions import (
    NOT_ASSESSED,
    RATERS,
    TOTAL_CODE,
    InstrumentDef,
    Item,
    MeasureRule,
)

CENT = Decimal("0.01")


class AnswerError(ValueError):
    """An answer that cannot be accepted. `code` names the problem; `params` fill the message."""

    def __init__(self, code: str, *, item: str | None = None, **params: Any) -> None:
        super().__init__(f"{code}: {item or ''} {params}")
        self.code = code
        self.item = item
        self.params = params


@dataclass(frozen=True)
class AnswerIn:
    """One answer as given: a number (`value`), an option code, or text; who rated; a goal type (FFB)."""

    item: str
    value: Any = None
    option: str = ""
    text: str = ""
    rater: str = ""
    goal_type: str = ""
    not_assessed: bool = False


@dataclass(frozen=True)
class CheckedAnswer:
    item: str
    value: Decimal | None
    option: str
    text: str
    rater: str
    goal_type: str


def _as_number(raw: Any, item: Item) -> Decimal:
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise AnswerError("not_a_number", item=item.code)
    if isinstance(raw, float) and not math.isfinite(raw):
        raise AnswerError("not_a_number", item=item.code)
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise AnswerError("not_a_number", item=item.code, given=str(raw)[:20]) from None
    if not number.is_finite():
        raise AnswerError("not_a_number", item=item.code)
    return number


def _check_number(raw: Any, item: Item) -> Decimal:
    number = _as_number(raw, item)
    assert item.minimum is not None and item.maximum is not None
    if not item.minimum <= number <= item.maximum:
        raise AnswerError("out_of_range", item=item.code, given=number, low=item.minimum, high=item.maximum)
    if (number - item.minimum) % item.step != 0:
        if item.step == 1:
            raise AnswerError("not_whole", item=item.code, given=number, low=item.minimum, high=item.maximum)
        raise AnswerError("off_step", item=item.code, given=number, step=item.step)
    return number


def check_answers(
    defn: InstrumentDef, answers: Sequence[AnswerIn], *, default_rater: str = ""
) -> list[CheckedAnswer]:
    """Every answer checked against the definition; the first problem raises AnswerError.

    A rater is required for every answer (the assessment's default fills gaps); an item may be marked
    "not assessed" only where the definition allows it; every required item must be answered.
    """
    default_rater = default_rater or ""
    if default_rater and default_rater not in RATERS:
        raise AnswerError("bad_rater", given=default_rater)
    seen: set[str] = set()
    checked: list[CheckedAnswer] = []
    for answer in answers:
        item = defn.item(answer.item)
        if item is None:
            raise AnswerError("unknown_item", item=answer.item)
        if item.code in seen:
            raise AnswerError("duplicate_item", item=item.code)
        seen.add(item.code)
        rater = answer.rater or default_rater or defn.default_rater
        if rater not in RATERS:
            raise AnswerError("bad_rater", item=item.code, given=rater)
        if rater not in defn.raters:
            raise AnswerError("rater_not_allowed", item=item.code, given=rater, allowed=defn.raters)
        goal_type = answer.goal_type or ""
        if goal_type:
            if not item.with_goal_type:
                raise AnswerError("goal_type_not_allowed", item=item.code)
            if goal_type not in defn.goal_types:
                raise AnswerError("bad_goal_type", item=item.code, given=goal_type)
        empty = answer.value in (None, "") and not answer.option and not (answer.text or "").strip()
        if answer.not_assessed or answer.option == NOT_ASSESSED:
            if not item.not_assessed:
                raise AnswerError("not_assessed_not_allowed", item=item.code)
            checked.append(CheckedAnswer(item.code, None, NOT_ASSESSED, "", rater, goal_type))
            continue
        if empty:
            if item.required:
                raise AnswerError("missing_item", item=item.code)
            seen.discard(item.code)
            continue
        if item.type in ("scale", "count"):
            checked.append(
                CheckedAnswer(item.code, _check_number(answer.value, item), "", "", rater, goal_type)
            )
        elif item.type == "choice":
            option = item.option(answer.option or str(answer.value or ""))
            if option is None:
                raise AnswerError(
                    "unknown_option", item=item.code, given=(answer.option or str(answer.value))[:40]
                )
            checked.append(CheckedAnswer(item.code, option.score, option.code, "", rater, goal_type))
        else:
            text = (answer.text or str(answer.value or "")).strip()
            if len(text) > item.max_length:
                raise AnswerError("too_long", item=item.code, limit=item.max_length)
            checked.append(CheckedAnswer(item.code, None, "", text, rater, goal_type))
    for item in defn.items:
        if item.required and item.code not in seen:
            raise AnswerError("missing_item", item=item.code)
    if not checked:
        raise AnswerError("empty")
    return checked


def total_of(defn: InstrumentDef, answers: Iterable[CheckedAnswer]) -> Decimal | None:
    """The total (sum or mean of its items), or None when the instrument has none or an item is missing."""
    if defn.total is None:
        return None
    values = {a.item: a.value for a in answers}
    parts = [values.get(code) for code in defn.total.items]
    if any(v is None for v in parts):
        return None
    total: Decimal = sum((v for v in parts if v is not None), Decimal(0))
    if defn.total.method == "mean":
        total = (total / len(parts)).quantize(CENT, rounding=ROUND_HALF_UP)
    return total


# ---------------------------------------------------------------- reached or improved


@dataclass(slots=True)
class Point:
    """One measure in one assessment: its number (if scored), option code, and goal type."""

    value: Decimal | None
    option: str = ""
    goal_type: str = ""


@dataclass(slots=True)
class Outcome:
    """The result for one measure from the first to the latest assessment (see `classify`)."""

    measured: bool
    reached: bool = False
    improved: bool = False
    deteriorated: bool = False
    change: Decimal | None = None
    recovered: bool = False
    clinical_first: bool | None = None
    clinical_latest: bool | None = None

    @property
    def reached_or_improved(self) -> bool:
        return self.measured and (self.reached or self.improved)

    @property
    def category(self) -> str:
        """One word for display: recovered, reached, improved, deteriorated, unchanged, not_measured."""
        if not self.measured:
            return "not_measured"
        if self.recovered:
            return "recovered"
        if self.improved:
            return "improved"
        if self.deteriorated:
            return "deteriorated"
        if self.reached:
            return "reached"
        return "unchanged"


NOT_MEASURED = Outcome(measured=False)


def _at_or_beyond(value: Decimal, bound: Decimal, direction: int) -> bool:
    return (value - bound) * direction >= 0


def classify(rule: MeasureRule, first: Point, latest: Point, *, count: int) -> Outcome:
    """Reached or improved for one measure, from its first and latest assessment (`count` = how many).

    1. Status options with outcome classes (substance-use status, alcohol overuse): the latest option decides.
    2. Otherwise the oriented change d = (latest - first) x direction is computed where there are two
       assessments. Improved: d >= threshold (the reliable change where the scale defines one, else the
       smallest improvement, by default one step). Deteriorated: d <= -threshold.
    3. Reached: the latest value is at or beyond the target or clinical cut-off. With a goal type (FFB),
       "maintain"/"limit loss" count as reached while d >= -tolerance.
    4. Measures judged from the change need two assessments; until then they are not measured (and are
       left out of shares). Measures judged from the latest are measured from the first assessment.
    Recovered (Jacobson and Truax): improved reliably and moved from the clinical range to outside it.
    """
    direction = rule.direction
    change = None
    if count >= 2 and first.value is not None and latest.value is not None:
        change = (latest.value - first.value) * direction
    if rule.option_outcomes:
        cls = rule.option_outcomes.get(latest.option)
        if cls is None:
            return NOT_MEASURED
        return Outcome(
            measured=True,
            reached=cls == "reached",
            improved=cls == "improved",
            deteriorated=cls == "deteriorated",
            change=change,
        )
    if latest.value is None:
        return NOT_MEASURED
    if rule.judged_from == "change" and change is None:
        return NOT_MEASURED
    improved = change is not None and change >= rule.threshold
    deteriorated = change is not None and change <= -rule.threshold
    reached = rule.target is not None and _at_or_beyond(latest.value, rule.target, direction)
    goal_type = rule.goal_types.get(first.goal_type)  # the aim set at the start applies
    if goal_type is not None and goal_type.rule == "no_worse" and change is not None:
        reached = reached or change >= -goal_type.tolerance
    clinical_first = clinical_latest = None
    recovered = False
    if rule.cut_off is not None:
        clinical_latest = not _at_or_beyond(latest.value, rule.cut_off, direction)
        if first.value is not None and count >= 2:
            clinical_first = not _at_or_beyond(first.value, rule.cut_off, direction)
            recovered = improved and clinical_first and not clinical_latest
    return Outcome(
        measured=True,
        reached=reached,
        improved=improved,
        deteriorated=deteriorated,
        change=change,
        recovered=recovered,
        clinical_first=clinical_first,
        clinical_latest=clinical_latest,
    )


# ---------------------------------------------------------------- goal attainment scaling


@dataclass(frozen=True)
class ScaledGoal:
    """A goal's attainment level (-2..+2, 0 = the expected outcome) and its weight."""

    level: int | Decimal
    weight: Decimal | float | int = 1


def gas_t_score(goals: Sequence[ScaledGoal], *, rho: Decimal | float = Decimal("0.3")) -> float | None:
    """Kiresuk-Sherman T = 50 + 10 Σwx / √((1-ρ)Σw² + ρ(Σw)²); None without goals.

    ρ is the assumed correlation between goals' scores (0.3 by Kiresuk and Sherman's convention).
    """
    if not goals:
        return None
    r = float(rho)
    weights = [float(g.weight) for g in goals]
    if any(w <= 0 for w in weights):
        raise ValueError("weights must be positive")
    numerator = sum(w * float(g.level) for w, g in zip(weights, goals, strict=True))
    sum_w = sum(weights)
    sum_w2 = sum(w * w for w in weights)
    return 50 + 10 * numerator / math.sqrt((1 - r) * sum_w2 + r * sum_w * sum_w)


def measure_value(defn: InstrumentDef, code: str, answers: Iterable[CheckedAnswer]) -> Point | None:
    """The point of one measure in one assessment, from its checked answers (total included)."""
    if code == TOTAL_CODE:
        total = total_of(defn, answers)
        return None if total is None else Point(total)
    for a in answers:
        if a.item == code:
            return Point(a.value, a.option, a.goal_type)
    return None
