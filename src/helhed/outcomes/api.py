"""The outcomes REST API (mounted under /api/v1/outcomes by helhed.api): instruments, assessments, goal
attainment scales, stories, results and what works for whom.

Handlers are thin: parse (the schemas), call ONE selector or service with the token's user as actor,
return. Access rules, audit and every business rule live in selectors and services, exactly as for the
web pages; domain errors become HTTP errors in helhed.api. Never query a model here.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from helhed.outcomes import selectors, services
from helhed.outcomes.schemas import (
    AssessmentIn,
    AssessmentOut,
    ConsentIn,
    GoalScaleIn,
    GoalScaleOut,
    InstrumentOut,
    ResultOut,
    StoryIn,
    StoryOut,
    WhatWorksOut,
    WithdrawIn,
)
from helhed.plans.api_common import actor as _actor
from helhed.plans.api_common import path_id as _id
from helhed.plans.api_common import responses as _responses
from helhed.plans.schemas import MAX_ID

router = Router(tags=["outcomes"])


@router.get(
    "/instruments",
    response=_responses({200: list[InstrumentOut]}),
    summary="Instruments (not personal data): by default the versions that take new assessments",
)
def instruments(request: HttpRequest, include_retired: bool = False) -> list[InstrumentOut]:
    return [InstrumentOut.of(i) for i in selectors.instrument_list(include_retired=include_retired)]


@router.get(
    "/instruments/{code}",
    response=_responses({200: InstrumentOut}),
    summary="One instrument: the version in use, or the version asked for",
)
def instrument(
    request: HttpRequest,
    code: str = Path(..., max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$"),
    version: int | None = Query(None, ge=1, le=9999),
) -> InstrumentOut:
    return InstrumentOut.of(selectors.instrument_get(code=code, version=version))


@router.get(
    "/citizens/{citizen_id}/assessments",
    response=_responses({200: list[AssessmentOut]}),
    summary="The citizen's assessments on their plan, oldest first (withdrawn ones marked)",
)
def assessments(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> list[AssessmentOut]:
    return [
        AssessmentOut.of(a) for a in selectors.assessment_list(actor=_actor(request), citizen_id=citizen_id)
    ]


@router.post(
    "/citizens/{citizen_id}/assessments",
    response=_responses({201: AssessmentOut}),
    summary="Record an assessment; every answer says who rated (citizen, caseworker, together)",
)
def assessment_record(
    request: HttpRequest, payload: AssessmentIn, citizen_id: int = _id("The citizen's id")
) -> Status[AssessmentOut]:
    a = services.assessment_record(
        actor=_actor(request),
        citizen_id=citizen_id,
        instrument_code=payload.instrument,
        version=payload.version,
        assessed_on=payload.assessed_on,
        goal_id=payload.goal_id,
        rater=payload.rater or "",
        note=payload.note,
        answers=[{**x.model_dump(), "rater": x.rater or ""} for x in payload.answers],
    )
    return Status(201, AssessmentOut.of(a))


@router.post(
    "/assessments/{assessment_id}/withdraw",
    response=_responses({200: AssessmentOut}),
    summary="Withdraw an assessment recorded in error (kept on file, left out of every result)",
)
def assessment_withdraw(
    request: HttpRequest, payload: WithdrawIn, assessment_id: int = _id("The assessment's id")
) -> AssessmentOut:
    a = services.assessment_withdraw(
        actor=_actor(request), assessment_id=assessment_id, reason=payload.reason
    )
    return AssessmentOut.of(a)


@router.get(
    "/citizens/{citizen_id}/results",
    response=_responses({200: list[ResultOut]}),
    summary="Reached or improved per measure and per goal, from the first and the latest assessment",
)
def results(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> list[ResultOut]:
    return [ResultOut.of(m) for m in selectors.citizen_results(actor=_actor(request), citizen_id=citizen_id)]


@router.put(
    "/goals/{goal_id}/scale",
    response=_responses({200: GoalScaleOut}),
    summary="Describe a goal's five attainment levels and its weight (frozen once a level is scored)",
)
def goal_scale_set(
    request: HttpRequest, payload: GoalScaleIn, goal_id: int = _id("The goal's id")
) -> GoalScaleOut:
    scale = services.goal_scale_set(
        actor=_actor(request), goal_id=goal_id, levels=payload.levels(), weight=round(payload.weight, 2)
    )
    return GoalScaleOut.of(scale)


@router.get(
    "/citizens/{citizen_id}/stories",
    response=_responses({200: list[StoryOut]}),
    summary="The citizen's stories of what works and what must change, newest first",
)
def stories(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> list[StoryOut]:
    return [StoryOut.of(s) for s in selectors.story_list(actor=_actor(request), citizen_id=citizen_id)]


@router.post(
    "/citizens/{citizen_id}/stories",
    response=_responses({201: StoryOut}),
    summary="Add a story, linked to a goal and an intervention, with or without consent to anonymised use",
)
def story_add(
    request: HttpRequest, payload: StoryIn, citizen_id: int = _id("The citizen's id")
) -> Status[StoryOut]:
    story = services.story_add(actor=_actor(request), citizen_id=citizen_id, **payload.model_dump())
    return Status(201, StoryOut.of(story))


@router.put(
    "/stories/{story_id}/consent",
    response=_responses({200: StoryOut}),
    summary="Record that the citizen gives or withdraws consent to anonymised use of a story",
)
def story_consent(
    request: HttpRequest, payload: ConsentIn, story_id: int = _id("The story's id")
) -> StoryOut:
    return StoryOut.of(
        services.story_consent_set(actor=_actor(request), story_id=story_id, **payload.model_dump())
    )


@router.get(
    "/what-works",
    response=_responses({200: WhatWorksOut}),
    summary="What works for whom: share reached or improved and mean change, interventions side by side "
    "(observational; groups under 5 citizens suppressed)",
)
def what_works(
    request: HttpRequest,
    target_group: str = Query("", max_length=60),
    intervention_type: str = Query("", max_length=60),
    unit_id: int | None = Query(None, ge=1, le=MAX_ID),
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    measure: str = Query(
        "", max_length=200, description="The key of the measure to compare interventions on."
    ),
) -> WhatWorksOut:
    population = selectors.Population(
        target_group=target_group,
        intervention_type=intervention_type,
        unit_id=unit_id,
        period_from=period_from,
        period_to=period_to,
    )
    result = selectors.what_works(actor=_actor(request), population=population, measure=measure)
    return WhatWorksOut.of(result, str(selectors.OBSERVATIONAL))
