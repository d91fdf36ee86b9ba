"""Pydantic schemas of the outcomes API: what goes in (tight shapes) and what comes out.

Input schemas forbid unknown fields and NUL characters and take numbers and booleans strictly. Whether an
answer fits its instrument (range, step, options, who may rate) is the services' business, checked
against the instrument's definition; these schemas only describe shapes. Never put a business rule here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from helhed.outcomes.models import Answer, Assessment, GoalScale, Instrument, Story
from helhed.outcomes.selectors import MeasureProgress, MeasureResult, WhatWorks
from helhed.outcomes.statistics import GroupResult
from helhed.plans.schemas import MAX_ID, NO_NUL, In

Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
RaterCode = Literal["citizen", "caseworker", "together"]
StrictBool = Annotated[bool, Field(strict=True)]


Text2000 = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
Text5000 = Annotated[str, StringConstraints(max_length=5000, pattern=NO_NUL)]
Text10000 = Annotated[str, StringConstraints(max_length=10000, pattern=NO_NUL)]
LevelText = Annotated[str, StringConstraints(min_length=1, max_length=1000, pattern=NO_NUL)]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------- instruments


class InstrumentOut(Schema):
    code: str
    version: int
    name: str
    kind: str
    attaches_to: str = Field(description="plan or goal")
    status: str
    accepts_assessments: bool
    licensed: bool
    series: str = Field(description="Results compare first and latest answers within one series of versions.")
    definition: dict[str, Any] = Field(description="The definition file as loaded (instruments/README.md).")

    @staticmethod
    def of(i: Instrument) -> InstrumentOut:
        return InstrumentOut(
            code=i.code,
            version=i.version,
            name=i.name,
            kind=i.kind,
            attaches_to=i.attaches_to,
            status=i.status,
            accepts_assessments=i.accepts_assessments,
            licensed=i.is_licensed,
            series=i.series,
            definition=i.definition,
        )


# ---------------------------------------------------------------- assessments


class AnswerIn(In):
    item: Code
    value: Annotated[float, Field(strict=False, allow_inf_nan=False, ge=-9999999, le=9999999)] | None = Field(
        None, description="The number, for scales and counts."
    )
    option: Annotated[str, StringConstraints(max_length=60, pattern=NO_NUL)] = Field(
        "", description="The option's code, for choices; `not_assessed` where the item allows it."
    )
    text: Text2000 = Field("", description="The text, for free-text items.")
    rater: RaterCode | None = Field(None, description="Who rated; the assessment's `rater` if left out.")
    goal_type: Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)] = Field(
        "",
        description="The aim for the item, where the instrument has goal types (develop, maintain, ...).",
    )
    not_assessed: StrictBool = False


class AssessmentIn(In):
    instrument: Code
    version: Annotated[int, Field(strict=True, ge=1, le=9999)] | None = Field(
        None, description="Leave out to record on the version in use."
    )
    assessed_on: dt.date
    goal_id: Id | None = Field(
        None, description="For instruments recorded on a goal (goal attainment scaling)."
    )
    rater: RaterCode | None = Field(None, description="Who rated, for answers that do not say.")
    note: Text5000 = ""
    answers: list[AnswerIn] = Field(..., max_length=200)


class AnswerOut(Schema):
    item: str
    value: float | None
    option: str
    text: str
    rater: str
    goal_type: str

    @staticmethod
    def of(a: Answer) -> AnswerOut:
        return AnswerOut(
            item=a.item,
            value=_number(a.value),
            option=a.option,
            text=a.text,
            rater=a.rater,
            goal_type=a.goal_type,
        )


class AssessmentOut(Schema):
    id: int
    instrument: str
    version: int
    assessed_on: dt.date
    goal_id: int | None
    note: str
    recorded_by: str
    withdrawn: bool
    withdrawn_reason: str
    answers: list[AnswerOut]

    @staticmethod
    def of(a: Assessment) -> AssessmentOut:
        return AssessmentOut(
            id=a.pk,
            instrument=a.instrument.code,
            version=a.instrument.version,
            assessed_on=a.assessed_on,
            goal_id=a.goal_id,
            note=a.note,
            recorded_by=str(a.recorded_by),
            withdrawn=a.withdrawn_at is not None,
            withdrawn_reason=a.withdrawn_reason,
            answers=[AnswerOut.of(x) for x in a.answers.all()],
        )


class WithdrawIn(In):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=NO_NUL)]


class ResultOut(Schema):
    measure: str = Field(description="The item, `total`, or `goal:<id>` for a goal's attainment scale.")
    label: str
    first_on: dt.date
    latest_on: dt.date
    first: str
    latest: str
    assessments: int
    category: str = Field(
        description="recovered, reached, improved, deteriorated or unchanged; "
        "not_measured before a second assessment where change is judged."
    )
    reached_or_improved: bool
    change: float | None = Field(description="Latest minus first, signed so that positive is better.")

    @staticmethod
    def of(m: MeasureProgress) -> ResultOut:
        return ResultOut(
            measure=m.code,
            label=m.label,
            first_on=m.first_on,
            latest_on=m.latest_on,
            first=m.first,
            latest=m.latest,
            assessments=m.count,
            category=m.outcome.category,
            reached_or_improved=m.outcome.reached_or_improved,
            change=_number(m.outcome.change),
        )


# ---------------------------------------------------------------- goal attainment scales


class GoalScaleIn(In):
    weight: Annotated[float, Field(strict=False, ge=0.01, le=100, allow_inf_nan=False)] = 1
    much_less: LevelText = Field(description="-2: much less than expected")
    less: LevelText = Field(description="-1: less than expected")
    expected: LevelText = Field(description="0: the expected outcome")
    more: LevelText = Field(description="+1: more than expected")
    much_more: LevelText = Field(description="+2: much more than expected")

    def levels(self) -> dict[int, str]:
        return {-2: self.much_less, -1: self.less, 0: self.expected, 1: self.more, 2: self.much_more}


class GoalScaleOut(Schema):
    goal_id: int
    weight: float
    much_less: str
    less: str
    expected: str
    more: str
    much_more: str

    @staticmethod
    def of(s: GoalScale) -> GoalScaleOut:
        return GoalScaleOut(
            goal_id=s.goal_id,
            weight=float(s.weight),
            much_less=s.much_less,
            less=s.less,
            expected=s.expected,
            more=s.more,
            much_more=s.much_more,
        )


# ---------------------------------------------------------------- stories


class StoryIn(In):
    told_by: RaterCode
    told_on: dt.date
    what_works: Text10000 = ""
    what_must_change: Text10000 = ""
    goal_id: Id | None = None
    intervention_id: Id | None = None
    consent_anonymised: StrictBool = Field(
        False, description="The citizen consents to anonymised use in reports."
    )
    consent_form: Literal["", "written", "oral"] = ""
    consent_on: dt.date | None = None


class ConsentIn(In):
    consent_anonymised: StrictBool
    consent_form: Literal["", "written", "oral"] = ""
    consent_on: dt.date | None = None


class StoryOut(Schema):
    id: int
    told_by: str
    told_on: dt.date
    what_works: str
    what_must_change: str
    goal_id: int | None
    intervention_id: int | None
    consent_anonymised: bool
    consent_on: dt.date | None
    consent_form: str

    @staticmethod
    def of(s: Story) -> StoryOut:
        return StoryOut(
            id=s.pk,
            told_by=s.told_by,
            told_on=s.told_on,
            what_works=s.what_works,
            what_must_change=s.what_must_change,
            goal_id=s.goal_id,
            intervention_id=s.intervention_id,
            consent_anonymised=s.consent_anonymised,
            consent_on=s.consent_on,
            consent_form=s.consent_form,
        )


# ---------------------------------------------------------------- what works for whom


class FiguresOut(Schema):
    suppressed: bool = Field(description="Fewer than 5 citizens: no figures, not even the count.")
    citizens: int | None
    units: int | None = Field(description="Citizens, or goals for instruments recorded per goal.")
    reached_or_improved: int | None
    share: float | None
    share_low: float | None
    share_high: float | None
    mean_change: float | None
    change_low: float | None
    change_high: float | None

    @staticmethod
    def of(r: GroupResult) -> FiguresOut:
        if r.suppressed:
            return FiguresOut(
                suppressed=True,
                citizens=None,
                units=None,
                reached_or_improved=None,
                share=None,
                share_low=None,
                share_high=None,
                mean_change=None,
                change_low=None,
                change_high=None,
            )
        share, change = r.share, r.change
        ci = share.interval if share else None
        mi = change.interval if change else None
        return FiguresOut(
            suppressed=False,
            citizens=r.citizens,
            units=r.units,
            reached_or_improved=share.successes if share else None,
            share=share.share if share else None,
            share_low=ci.low if ci else None,
            share_high=ci.high if ci else None,
            mean_change=change.mean if change else None,
            change_low=mi.low if mi else None,
            change_high=mi.high if mi else None,
        )


class MeasureOut(Schema):
    key: str
    instrument: str
    measure: str
    label: str
    per_goal: bool
    figures: FiguresOut

    @staticmethod
    def of(m: MeasureResult) -> MeasureOut:
        return MeasureOut(
            key=m.key,
            instrument=m.instrument.code,
            measure=m.measure.code,
            label=m.label,
            per_goal=m.per_goal,
            figures=FiguresOut.of(m.result),
        )


class InterventionFiguresOut(Schema):
    intervention_type: str
    name: str
    figures: FiguresOut


class WhatWorksOut(Schema):
    notice: str
    suppressed: bool
    citizens: int | None
    measures: list[MeasureOut]
    chosen: str | None
    by_intervention: list[InterventionFiguresOut]

    @staticmethod
    def of(w: WhatWorks, notice: str) -> WhatWorksOut:
        return WhatWorksOut(
            notice=notice,
            suppressed=w.suppressed,
            citizens=None if w.suppressed else w.citizens,
            measures=[MeasureOut.of(m) for m in w.measures],
            chosen=w.chosen.key if w.chosen else None,
            by_intervention=[
                InterventionFiguresOut(
                    intervention_type=g.type.code, name=g.type.name, figures=FiguresOut.of(g.result)
                )
                for g in w.by_intervention
            ],
        )
