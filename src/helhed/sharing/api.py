"""The sharing REST API (mounted under /api/v1/sharing by helhed.api): consents, statutory sharing, the
27560 receipt, break-the-glass and its review. Thin, like every router: one service or selector per call."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Status

from helhed.plans.api_common import actor as _actor
from helhed.plans.api_common import path_id as _id
from helhed.plans.api_common import responses as _responses
from helhed.plans.schemas import ErrorOut
from helhed.sharing import selectors, services
from helhed.sharing.schemas import (
    BreakGlassIn,
    BreakGlassOut,
    ConsentIn,
    EndIn,
    Receipt,
    ReviewIn,
    SharingRecordOut,
    StatutoryIn,
)

router = Router(tags=["sharing"])


@router.get("/citizens/{citizen_id}/records", response=_responses({200: list[SharingRecordOut]}),
            summary="The citizen's consents and statutory sharings, newest first")
def records(request: HttpRequest, citizen_id: int = _id("The citizen's id")) -> list[SharingRecordOut]:
    data = selectors.citizen_sharing(actor=_actor(request), citizen_id=citizen_id)
    return [SharingRecordOut.from_record(r) for r in data.records]


@router.post("/citizens/{citizen_id}/consents", response=_responses({201: SharingRecordOut}),
             summary="Record the citizen's consent to share named data with named units, sectors, relatives")
def consent_give(request: HttpRequest, payload: ConsentIn,
                 citizen_id: int = _id("The citizen's id")) -> Status[SharingRecordOut]:
    record = services.consent_give(actor=_actor(request), citizen_id=citizen_id, **payload.model_dump())
    return Status(201, SharingRecordOut.from_record(record))


@router.post("/citizens/{citizen_id}/statutory", response=_responses({201: SharingRecordOut}),
             summary="Record sharing the law allows without consent, with its paragraph")
def statutory_record(request: HttpRequest, payload: StatutoryIn,
                     citizen_id: int = _id("The citizen's id")) -> Status[SharingRecordOut]:
    record = services.statutory_sharing_record(actor=_actor(request), citizen_id=citizen_id,
                                               **payload.model_dump())
    return Status(201, SharingRecordOut.from_record(record))


@router.post("/records/{record_pk}/end", response=_responses({200: SharingRecordOut}, conflict=ErrorOut),
             summary="Withdraw a consent or end a statutory sharing from a date")
def sharing_end(request: HttpRequest, payload: EndIn,
                record_pk: int = _id("The record's id")) -> SharingRecordOut:
    return SharingRecordOut.from_record(services.sharing_end(actor=_actor(request), record_id=record_pk,
                                                             ended_on=payload.ended_on, note=payload.note))


@router.get("/receipts/{record_id}", response=_responses({200: Receipt}),
            summary="The record as an ISO/IEC TS 27560 consent receipt")
def receipt(request: HttpRequest, record_id: uuid.UUID) -> Receipt:
    return selectors.sharing_receipt(actor=_actor(request), record_id=record_id)


@router.post("/citizens/{citizen_id}/break-glass",
             response=_responses({201: BreakGlassOut}, conflict=ErrorOut),
             summary="Break the glass: read-only access for a limited time, with a reason (logged, reviewed)")
def break_glass_open(request: HttpRequest, payload: BreakGlassIn,
                     citizen_id: int = _id("The citizen's id")) -> Status[BreakGlassOut]:
    grant = services.break_glass_open(actor=_actor(request), citizen_id=citizen_id, reason=payload.reason)
    return Status(201, BreakGlassOut.from_grant(grant))


@router.get("/break-glass/reviews", response=_responses({200: list[BreakGlassOut]}),
            summary="Break-the-glass accesses to review (team leaders: their unit tree; the DPO: all)")
def break_glass_reviews(request: HttpRequest, include_reviewed: bool = Query(False)) -> list[BreakGlassOut]:
    rows = selectors.break_glass_reviews(actor=_actor(request), include_reviewed=include_reviewed)
    return [BreakGlassOut.from_grant(g) for g in rows]


@router.post("/break-glass/{grant_id}/review", response=_responses({200: BreakGlassOut}, conflict=ErrorOut),
             summary="Mark a break-the-glass access reviewed, with a note")
def break_glass_review(request: HttpRequest, payload: ReviewIn,
                       grant_id: int = _id("The access's id")) -> BreakGlassOut:
    return BreakGlassOut.from_grant(services.break_glass_review(actor=_actor(request), grant_id=grant_id,
                                                                note=payload.note))
