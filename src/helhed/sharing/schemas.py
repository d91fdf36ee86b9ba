"""API schemas of sharing (django-ninja). Input is strict: unknown scopes and sectors answer 422."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from helhed.plans.schemas import NO_NUL, Id, StaffOut
from helhed.sharing.models import BreakGlass, SharingRecord

ScopeName = Literal["plan_goals", "interventions", "journal_notes", "assessments", "health"]
SectorName = Literal["children_families", "adult_social", "disability", "employment", "health_care",
                     "region_psychiatry", "general_practice", "prison_probation", "housing_association",
                     "ngo_volunteer"]
Purpose = Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=NO_NUL)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=1000, pattern=NO_NUL)]


class ConsentIn(Schema):
    scopes: list[ScopeName] = Field(..., min_length=1, max_length=5)
    unit_ids: list[Id] = Field(default_factory=list, max_length=50)
    sectors: list[SectorName] = Field(default_factory=list, max_length=10)
    network_person_ids: list[Id] = Field(default_factory=list, max_length=50)
    method: Literal["written", "oral"]
    given_on: dt.date
    purpose: Purpose


class StatutoryIn(Schema):
    scopes: list[ScopeName] = Field(..., min_length=1, max_length=5)
    unit_ids: list[Id] = Field(default_factory=list, max_length=50)
    sectors: list[SectorName] = Field(default_factory=list, max_length=10)
    legal_paragraph: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
    from_on: dt.date
    purpose: Purpose


class EndIn(Schema):
    ended_on: dt.date
    note: Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)] = ""


class SharingRecordOut(Schema):
    id: int
    record_id: uuid.UUID
    citizen_id: int
    basis: str
    scopes: list[str]
    unit_ids: list[int]
    sectors: list[str]
    network_person_ids: list[int]
    purpose: str
    method: str | None
    legal_paragraph: str | None
    valid_from: dt.date
    recorded_by: StaffOut
    ended_on: dt.date | None

    @staticmethod
    def from_record(r: SharingRecord) -> SharingRecordOut:
        return SharingRecordOut(
            id=r.pk, record_id=r.record_id, citizen_id=r.citizen_id, basis=r.basis, scopes=r.scope_list,
            unit_ids=[u.pk for u in r.recipient_units.all()], sectors=r.sector_list,
            network_person_ids=[p.pk for p in r.recipient_people.all()], purpose=r.purpose,
            method=r.method or None, legal_paragraph=r.legal_paragraph or None, valid_from=r.valid_from,
            recorded_by=StaffOut(id=r.recorded_by_id, name=str(r.recorded_by)), ended_on=r.ended_on,
        )


class BreakGlassIn(Schema):
    reason: Reason


class ReviewIn(Schema):
    note: Reason


class BreakGlassOut(Schema):
    id: int
    citizen_id: int
    actor: StaffOut
    actor_unit: str | None
    reason: str
    opened_at: dt.datetime
    expires_at: dt.datetime
    reviewed_at: dt.datetime | None
    reviewed_by: StaffOut | None
    review_note: str

    @staticmethod
    def from_grant(g: BreakGlass) -> BreakGlassOut:
        return BreakGlassOut(
            id=g.pk, citizen_id=g.citizen_id, actor=StaffOut(id=g.actor_id, name=str(g.actor)),
            actor_unit=g.actor_unit.name if g.actor_unit else None, reason=g.reason, opened_at=g.opened_at,
            expires_at=g.expires_at, reviewed_at=g.reviewed_at,
            reviewed_by=StaffOut.from_user(g.reviewed_by), review_note=g.review_note,
        )


Receipt = dict[str, Any]
