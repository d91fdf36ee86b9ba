"""The plans REST API (mounted under /api/v1/ by helhed.api): citizens, plans, goals, interventions,
follow-ups and journal notes.

Handlers are thin: parse (the schemas), call ONE selector or service with the token's user as actor,
return. Access rules, audit and every business rule live in selectors and services, exactly as for the
web pages; domain errors become HTTP errors in helhed.api. Never query a model here.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from helhed.access.policy import Action
from helhed.access.selectors import citizen_access
from helhed.core.errors import ValidationError
from helhed.people.models import Citizen, User
from helhed.plans import selectors, services
from helhed.plans.api_common import actor as _actor
from helhed.plans.api_common import path_id as _id
from helhed.plans.api_common import responses as _responses
from helhed.plans.models import FollowUp, Goal, Intervention, JournalNote, Plan
from helhed.plans.schemas import (
    NO_NUL,
    CaseloadRowOut,
    CitizenOut,
    CitizenRegisteredOut,
    CitizenRegisterIn,
    CitizenSearchIn,
    CitizenSearchOut,
    FollowUpOut,
    FollowUpRecordIn,
    FollowUpScheduleIn,
    GoalConflictOut,
    GoalIn,
    GoalOut,
    GoalUpdateIn,
    InterventionConflictOut,
    InterventionEndIn,
    InterventionIn,
    InterventionOut,
    InterventionUpdateIn,
    MeOut,
    NoteIn,
    NoteOut,
    PlanConflictOut,
    PlanHeaderOut,
    PlanOut,
    PlanSummaryOut,
    PlanUpdateIn,
)
from helhed.plans.selectors import CaseloadRow, PlanPage, PlanSummary, SearchResult

router = Router()


# ---------------------------------------------------------------- me


@router.get("/me", response=_responses({200: MeOut}), tags=["me"], summary="Who the token belongs to")
def me(request: HttpRequest) -> User:
    return _actor(request)


@router.get("/me/caseload", response=_responses({200: list[CaseloadRowOut]}), tags=["me"],
            summary="My caseload: citizens whose plan I coordinate, overdue and flagged first")
def my_caseload(request: HttpRequest) -> list[CaseloadRow]:
    return selectors.caseload(actor=_actor(request))


# ---------------------------------------------------------------- citizens


CPR_NOT_IN_URL = _(
    "Search by CPR number with POST /api/v1/citizens/search, so that the number is never in a URL or a "
    "server log."
)


@router.get("/citizens", response=_responses({200: CitizenSearchOut}), tags=["citizens"],
            summary="Search by name among citizens you work with (by CPR number: POST /citizens/search)")
def citizen_search(
    request: HttpRequest,
    q: str = Query(..., min_length=2, max_length=100, pattern=NO_NUL,
                   description="Part of the name (two letters or more). A CPR number is refused (400)."),
    limit: int = Query(25, ge=1, le=100),
) -> SearchResult:
    if selectors.looks_like_cpr(q):
        raise ValidationError(CPR_NOT_IN_URL, field="q")
    return selectors.citizen_search(actor=_actor(request), query=q, limit=limit)


@router.post("/citizens/search", response=_responses({200: CitizenSearchOut}), tags=["citizens"],
             summary="Search by CPR number (exact) or by name, with the query in the body, not the URL")
def citizen_search_post(request: HttpRequest, payload: CitizenSearchIn) -> SearchResult:
    return selectors.citizen_search(actor=_actor(request), query=payload.q, limit=payload.limit)


@router.post("/citizens", response=_responses({201: CitizenRegisteredOut}), tags=["citizens"],
             summary="Register a citizen and open their plan, with you as coordinating caseworker")
def citizen_register(request: HttpRequest, payload: CitizenRegisterIn) -> Status[Plan]:
    return Status(201, services.citizen_register(actor=_actor(request), **payload.model_dump()))


@router.get("/citizens/{citizen_id}", response=_responses({200: CitizenOut}), tags=["citizens"],
            summary="One citizen you work with (404 for anyone else)")
def citizen_get(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> Citizen:
    citizen, _relations = citizen_access(actor=_actor(request), citizen_id=citizen_id, action=Action.VIEW,
                                         purpose="api_citizen")
    return citizen


# ---------------------------------------------------------------- plans


@router.get("/citizens/{citizen_id}/plan", response=_responses({200: PlanOut}), tags=["plans"],
            summary="The citizen's whole plan: goals, interventions, coherence findings, follow-ups, notes")
def plan_get(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> PlanPage:
    return selectors.plan_page(actor=_actor(request), citizen_id=citizen_id)


@router.get("/citizens/{citizen_id}/plan/summary", response=_responses({200: PlanSummaryOut}), tags=["plans"],
            summary="That the citizen has a plan and who coordinates it (for staff outside their consent)")
def plan_summary(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> PlanSummary:
    return selectors.plan_summary(actor=_actor(request), citizen_id=citizen_id)


@router.put("/plans/{plan_id}", response=_responses({200: PlanHeaderOut}, conflict=PlanConflictOut),
            tags=["plans"],
            summary="Update the plan's header: vision, follow-up interval, consent; send the version read")
def plan_update(request: HttpRequest, payload: PlanUpdateIn, plan_id: int = _id("The plan's id")) -> Plan:
    return services.plan_update(
        actor=_actor(request), plan_id=plan_id, expected_version=payload.version, vision=payload.vision,
        follow_up_interval_days=payload.follow_up_interval_days, holistic_consent=payload.holistic_consent,
        holistic_consent_on=payload.holistic_consent_on,
        holistic_consent_form=payload.holistic_consent_form or "",
    )


# ---------------------------------------------------------------- goals


@router.post("/plans/{plan_id}/goals", response=_responses({201: GoalOut}), tags=["goals"],
             summary="Add a goal in the citizen's own words")
def goal_add(request: HttpRequest, payload: GoalIn, plan_id: int = _id("The plan's id")) -> Status[Goal]:
    created = services.goal_add(actor=_actor(request), plan_id=plan_id, **payload.model_dump())
    return Status(201, created)


@router.put("/goals/{goal_id}", response=_responses({200: GoalOut}, conflict=GoalConflictOut), tags=["goals"],
            summary="Update a goal; send the version you read")
def goal_update(request: HttpRequest, payload: GoalUpdateIn, goal_id: int = _id("The goal's id")) -> Goal:
    data = payload.model_dump()
    return services.goal_update(actor=_actor(request), goal_id=goal_id, expected_version=data.pop("version"),
                                **data)


# ---------------------------------------------------------------- interventions


@router.post("/plans/{plan_id}/interventions", response=_responses({201: InterventionOut}),
             tags=["interventions"], summary="Add an intervention (requested, decided or active)")
def intervention_add(
    request: HttpRequest, payload: InterventionIn, plan_id: int = _id("The plan's id"),
) -> Status[Intervention]:
    created = services.intervention_add(actor=_actor(request), plan_id=plan_id, **payload.model_dump())
    return Status(201, created)


@router.put("/interventions/{intervention_id}", response=_responses({200: InterventionOut},
                                                                   conflict=InterventionConflictOut),
            tags=["interventions"], summary="Update an intervention; send the version you read")
def intervention_update(
    request: HttpRequest, payload: InterventionUpdateIn, intervention_id: int = _id("The intervention's id"),
) -> Intervention:
    data = payload.model_dump()
    return services.intervention_update(actor=_actor(request), intervention_id=intervention_id,
                                        expected_version=data.pop("version"), **data)


@router.post("/interventions/{intervention_id}/end",
             response=_responses({200: InterventionOut}, conflict=InterventionConflictOut),
             tags=["interventions"], summary="End an intervention, with a reason")
def intervention_end(
    request: HttpRequest, payload: InterventionEndIn, intervention_id: int = _id("The intervention's id"),
) -> Intervention:
    return services.intervention_end(
        actor=_actor(request), intervention_id=intervention_id, expected_version=payload.version,
        end_date=payload.end_date, reason=payload.reason, note=payload.note,
    )


# ---------------------------------------------------------------- follow-ups


@router.get("/plans/{plan_id}/follow-ups", response=_responses({200: list[FollowUpOut]}), tags=["follow-ups"],
            summary="The plan's follow-ups: open ones first (earliest due), then done ones")
def follow_up_list(request: HttpRequest, plan_id: int = _id("The plan's id")) -> list[FollowUp]:
    return selectors.follow_up_list(actor=_actor(request), plan_id=plan_id)


@router.post("/plans/{plan_id}/follow-ups", response=_responses({201: FollowUpOut}), tags=["follow-ups"],
             summary="Schedule a follow-up")
def follow_up_schedule(
    request: HttpRequest, payload: FollowUpScheduleIn, plan_id: int = _id("The plan's id"),
) -> Status[FollowUp]:
    created = services.follow_up_schedule(actor=_actor(request), plan_id=plan_id, **payload.model_dump())
    return Status(201, created)


@router.post("/plans/{plan_id}/follow-ups/record", response=_responses({201: FollowUpOut}),
             tags=["follow-ups"],
             summary="Record a follow-up: closes the earliest open one and schedules the next")
def follow_up_record(
    request: HttpRequest, payload: FollowUpRecordIn, plan_id: int = _id("The plan's id"),
) -> Status[FollowUp]:
    created = services.follow_up_record(actor=_actor(request), plan_id=plan_id, **payload.model_dump())
    return Status(201, created)


# ---------------------------------------------------------------- journal notes


@router.post("/plans/{plan_id}/notes", response=_responses({201: NoteOut}), tags=["notes"],
             summary="Add a journal note (notes are listed with the plan and never edited)")
def note_add(
    request: HttpRequest, payload: NoteIn, plan_id: int = _id("The plan's id"),
) -> Status[JournalNote]:
    created = services.note_add(actor=_actor(request), plan_id=plan_id, **payload.model_dump())
    return Status(201, created)
