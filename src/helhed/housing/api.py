"""The housing REST API (mounted under /api/v1/housing by helhed.api): eviction notices from housing
associations' systems, homes and their ranked candidates, offers and answers, batch rounds, shelter
check-in and check-out, and the housing figures.

Handlers are thin: parse (the schemas), call one selector or service with the token's user as actor,
shape the answer. Access rules, audit and every business rule live in selectors and services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from helhed.core.errors import ValidationError
from helhed.housing import selectors, services
from helhed.housing.models import AllocationRound, Home, Offer, ShelterStay, Tenancy
from helhed.housing.schemas import (
    AcceptIn,
    CandidatesOut,
    CheckInIn,
    CheckOutIn,
    FiguresOut,
    HomeIn,
    HomeOut,
    ImportErrorOut,
    ImportOut,
    NoticeOut,
    NoticeOutcomeIn,
    NoticesIn,
    OfferIn,
    OfferOut,
    RefuseIn,
    RoundIn,
    RoundOut,
    StayOut,
    TenancyOut,
)
from helhed.housing.stays import Period, Share
from helhed.plans.api_common import actor as _actor
from helhed.plans.api_common import path_id as _id
from helhed.plans.api_common import responses as _responses

router = Router(tags=["housing"])


def _home(home: Home) -> dict[str, Any]:
    return {
        "id": home.pk,
        "version": home.version,
        "address": home.address,
        "postal_code": home.postal_code,
        "district": home.district,
        "kind": home.kind,
        "landlord": home.landlord,
        "monthly_rent": float(home.monthly_rent),
        "size_m2": float(home.size_m2),
        "rooms": home.rooms,
        "step_free": home.step_free,
        "dogs_allowed": home.dogs_allowed,
        "available_from": home.available_from,
        "status": home.status,
        "allocation_unit_id": home.allocation_unit_id,
    }


def _offer(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "home_id": offer.home_id,
        "application_id": offer.application_id,
        "status": offer.status,
        "score": float(offer.score),
        "rank": offer.rank,
        "reasons": offer.reasons,
        "deviation_reason": offer.deviation_reason,
        "offered_on": offer.offered_on,
        "decided_on": offer.decided_on,
        "refused_by": offer.refused_by,
        "refusal_reason": offer.refusal_reason,
    }


def _share(share: Share) -> dict[str, Any]:
    return {"count": share.count, "total": share.total, "percent": share.percent}


# ---------------------------------------------------------------- notices


@router.post(
    "/notices",
    response=_responses({201: ImportOut, 400: ImportErrorOut}),
    summary="Import housing associations' notices; all or nothing unless skip_bad",
)
def notices_import(request: HttpRequest, payload: NoticesIn) -> Status[dict[str, Any]]:
    """Each notice is matched to a citizen by CPR number and goes to their coordinating caseworker (and to
    your unit). If any notice is bad, none is imported and every bad one is reported (`row` = its position
    in the list, from 1, and the field); with `skip_bad` the good ones are imported and the rest reported."""
    actor = _actor(request)
    rows = [
        {
            k: ("" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v))
            for k, v in n.model_dump().items()
        }
        for n in payload.notices
    ]
    result = services.notices_import_rows(
        actor=actor,
        header=list(rows[0]),
        rows=rows,
        skip_bad=payload.skip_bad,
        receiving_unit=actor.unit,
        source="api",
    )
    problems = [{"row": p.row - 1, "column": p.column, "message": p.message} for p in result.problems]
    if result.problems and not payload.skip_bad:
        return Status(
            400,
            {
                "detail": f"Nothing imported: {len({p['row'] for p in problems})} notices have bad values.",
                "field": "notices",
                "problems": problems,
            },
        )
    return Status(
        201,
        {
            "import_id": result.import_id,
            "rows_total": result.rows_total,
            "imported": result.imported,
            "problems": problems,
        },
    )


@router.get(
    "/notices",
    response=_responses({200: list[NoticeOut]}),
    summary="Your open notices, the nearest deadline first (your citizens' and your unit's)",
)
def notices_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": r.notice.pk,
            "citizen_id": r.notice.citizen_id,
            "citizen_name": r.notice.citizen.full_name,
            "coordinator": r.coordinator,
            "housing_association": r.notice.housing_association,
            "reference": r.notice.reference,
            "kind": r.notice.kind,
            "received_on": r.notice.received_on,
            "deadline": r.notice.deadline,
            "days_left": r.days_left,
            "amount_owed": None if r.notice.amount_owed is None else float(r.notice.amount_owed),
            "outcome": r.notice.outcome,
            "outcome_on": r.notice.outcome_on,
        }
        for r in selectors.notice_alerts(actor=_actor(request))
    ]


@router.post(
    "/notices/{notice_id}/outcome",
    response=_responses({200: NoticeOut}),
    summary="Record what came of a notice (an eviction carried out is counted)",
)
def notice_resolve(
    request: HttpRequest, payload: NoticeOutcomeIn, notice_id: int = _id("The notice's id")
) -> dict[str, Any]:
    actor = _actor(request)
    n = services.notice_resolve(actor=actor, notice_id=notice_id, **payload.model_dump())
    return {
        "id": n.pk,
        "citizen_id": n.citizen_id,
        "citizen_name": n.citizen.full_name,
        "coordinator": "",
        "housing_association": n.housing_association,
        "reference": n.reference,
        "kind": n.kind,
        "received_on": n.received_on,
        "deadline": n.deadline,
        "days_left": (n.deadline - timezone.localdate()).days,
        "amount_owed": None if n.amount_owed is None else float(n.amount_owed),
        "outcome": n.outcome,
        "outcome_on": n.outcome_on,
    }


# ---------------------------------------------------------------- homes and allocation


@router.get(
    "/homes", response=_responses({200: list[HomeOut]}), summary="Vacant and offered homes you allocate"
)
def homes_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_home(h) for h in selectors.home_list(actor=_actor(request))]


@router.post("/homes", response=_responses({201: HomeOut}), summary="Register a home your unit allocates")
def home_create(request: HttpRequest, payload: HomeIn) -> Status[dict[str, Any]]:
    return Status(201, _home(services.home_create(actor=_actor(request), **payload.model_dump())))


@router.get(
    "/homes/{home_id}/candidates",
    response=_responses({200: CandidatesOut}),
    summary="The candidates for a vacant home, best first, each with the reasons for the score",
)
def home_candidates(
    request: HttpRequest, home_id: int = _id("The home's id"), limit: int = Query(25, ge=1, le=500)
) -> dict[str, Any]:
    page = selectors.home_page(actor=_actor(request), home_id=home_id, limit=limit)
    return {
        "home": _home(page.home),
        "excluded": page.excluded_counts,
        "candidates": [
            {
                "rank": r.proposal.rank,
                "application_id": r.application.pk,
                "citizen_id": r.application.citizen_id,
                "citizen_name": r.citizen.full_name,
                "score": r.proposal.score,
                "reasons": selectors.reasons_as_data(r.proposal.reasons),
            }
            for r in page.candidates
        ],
    }


@router.post(
    "/homes/{home_id}/offers",
    response=_responses({201: OfferOut}),
    summary="Offer the home to a citizen (below number 1: say why)",
)
def offer_make(request: HttpRequest, payload: OfferIn, home_id: int = _id("The home's id")) -> Status[Any]:
    return Status(
        201, _offer(services.offer_make(actor=_actor(request), home_id=home_id, **payload.model_dump()))
    )


@router.post(
    "/offers/{offer_id}/accept",
    response=_responses({201: TenancyOut}),
    summary="The citizen said yes: the tenancy starts",
)
def offer_accept(
    request: HttpRequest, payload: AcceptIn, offer_id: int = _id("The offer's id")
) -> Status[Any]:
    tenancy: Tenancy = services.offer_accept(
        actor=_actor(request), offer_id=offer_id, move_in=payload.move_in
    )
    return Status(
        201,
        {
            "id": tenancy.pk,
            "citizen_id": tenancy.citizen_id,
            "home_id": tenancy.home_id,
            "move_in": tenancy.move_in,
            "ended_on": tenancy.ended_on,
            "follow_ups": list(tenancy.follow_ups.order_by("due_on").values_list("due_on", flat=True)),
        },
    )


@router.post(
    "/offers/{offer_id}/refuse",
    response=_responses({200: OfferOut}),
    summary="The citizen or the landlord said no, or the offer is withdrawn",
)
def offer_refuse(request: HttpRequest, payload: RefuseIn, offer_id: int = _id("The offer's id")) -> Any:
    return _offer(services.offer_refuse(actor=_actor(request), offer_id=offer_id, **payload.model_dump()))


@router.post(
    "/rounds",
    response=_responses({201: RoundOut}),
    summary="Propose the optimal assignment of vacant homes (nothing is offered yet)",
)
def round_create(request: HttpRequest, payload: RoundIn) -> Status[Any]:
    r: AllocationRound = services.allocation_round_create(actor=_actor(request), **payload.model_dump())
    return Status(
        201,
        {
            "id": r.pk,
            "total_score": float(r.total_score),
            "greedy_total_score": float(r.greedy_total_score),
            "proposals": r.proposals,
            "unassigned_home_ids": r.unassigned_home_ids,
        },
    )


# ---------------------------------------------------------------- shelters


def _stay(stay: ShelterStay) -> dict[str, Any]:
    return {
        "id": stay.pk,
        "citizen_id": stay.citizen_id,
        "shelter_id": stay.shelter_id,
        "check_in": stay.check_in,
        "check_out": stay.check_out,
    }


@router.post(
    "/shelters/{shelter_id}/stays",
    response=_responses({201: StayOut}),
    summary="Check a citizen in at your shelter (§ 110)",
)
def stay_check_in(
    request: HttpRequest, payload: CheckInIn, shelter_id: int = _id("The shelter's unit id")
) -> Status[Any]:
    return Status(
        201,
        _stay(services.stay_check_in(actor=_actor(request), shelter_id=shelter_id, **payload.model_dump())),
    )


@router.post(
    "/stays/{stay_id}/check-out",
    response=_responses({200: StayOut}),
    summary="Check a resident out, with where they go if known",
)
def stay_check_out(request: HttpRequest, payload: CheckOutIn, stay_id: int = _id("The stay's id")) -> Any:
    return _stay(services.stay_check_out(actor=_actor(request), stay_id=stay_id, **payload.model_dump()))


# ---------------------------------------------------------------- figures


_PERIOD_START = Query(..., description="First day of the period")
_PERIOD_END = Query(..., description="Last day of the period")


@router.get(
    "/figures",
    response=_responses({200: FiguresOut}),
    summary="Allocations, evictions, stays over 120 days and returns in a period (aggregates)",
)
def figures(
    request: HttpRequest,
    start: dt.date = _PERIOD_START,
    end: dt.date = _PERIOD_END,
) -> dict[str, Any]:
    if end < start or (end - start).days > 3660:
        raise ValidationError(
            "Give a period of at most ten years that does not end before it starts.", field="end"
        )
    f = selectors.housing_figures(actor=_actor(request), period=Period(start, end))
    return {
        "start": start,
        "end": end,
        "allocations": f.allocations,
        "evictions": f.evictions,
        "notices_received": f.notices_received,
        "long_stays": _share(f.long_stays),
        "returns": _share(f.returns),
        "young_at_shelters": _share(f.young_at_shelters),
        "tenancies_holding_12_months": _share(f.tenancies_holding_12_months),
    }
