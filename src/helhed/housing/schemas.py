"""Input and output shapes of the housing API (django-ninja / Pydantic). No rules here: services decide."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints

from helhed.plans.schemas import NO_NUL, Id, StrictBool

Text100 = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)]
Text200 = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
Text2000 = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
Required200 = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
Required2000 = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=NO_NUL)]
Cpr = Annotated[str, StringConstraints(min_length=10, max_length=11, pattern=r"^\d{6}-?\d{4}$")]
Rent = Annotated[float, Field(strict=True, ge=0, le=100_000, allow_inf_nan=False)]
Size = Annotated[float, Field(strict=True, ge=1, le=1000, allow_inf_nan=False)]
Rooms = Annotated[int, Field(strict=True, ge=1, le=20)]
Income = Annotated[float, Field(strict=True, ge=1, le=200_000, allow_inf_nan=False)]
Need = Annotated[int, Field(strict=True, ge=0, le=4, description="Support need 0-4 (KL's scale).")]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class ProblemOut(Schema):
    row: int = Field(description="The row as numbered in the file or list (the header is row 1).")
    column: str
    message: str


class ImportErrorOut(Schema):
    detail: str
    field: str | None = None
    problems: list[ProblemOut] = []


# ---------------------------------------------------------------- notices


class NoticeRowIn(In):
    cpr: Cpr
    housing_association: Required200
    kind: Literal["rent_arrears", "complaint", "termination", "eviction"]
    received_on: dt.date
    deadline: dt.date
    reference: Text100 = ""
    address: Text200 = ""
    amount_owed: Annotated[float, Field(strict=True, ge=0, le=99_999_999, allow_inf_nan=False)] | None = None
    note: Text2000 = ""


class NoticesIn(In):
    notices: Annotated[list[NoticeRowIn], Field(min_length=1, max_length=5000)]
    skip_bad: StrictBool = Field(False, description="Import the good rows and report the bad ones.")


class ImportOut(Schema):
    import_id: int
    rows_total: int
    imported: int
    problems: list[ProblemOut]


class NoticeOut(Schema):
    id: int
    citizen_id: int
    citizen_name: str
    coordinator: str
    housing_association: str
    reference: str
    kind: str
    received_on: dt.date
    deadline: dt.date
    days_left: int
    amount_owed: float | None
    outcome: str
    outcome_on: dt.date | None


class NoticeOutcomeIn(In):
    outcome: Literal["resolved", "moved", "evicted", "withdrawn"]
    outcome_on: dt.date
    note: Text2000 = ""


# ---------------------------------------------------------------- homes and allocation


class HomeIn(In):
    allocation_unit_id: Id
    address: Required200
    postal_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    district: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_NUL)]
    kind: Literal["allocation_right", "skaev_bolig", "shared", "other_alternative"]
    monthly_rent: Rent
    size_m2: Size
    rooms: Rooms = 1
    step_free: StrictBool = False
    dogs_allowed: StrictBool = False
    available_from: dt.date
    landlord: Text200 = ""
    note: Text2000 = ""


class HomeOut(Schema):
    id: int
    version: int
    address: str
    postal_code: str
    district: str
    kind: str
    landlord: str
    monthly_rent: float
    size_m2: float
    rooms: int
    step_free: bool
    dogs_allowed: bool
    available_from: dt.date
    status: str
    allocation_unit_id: int


class ReasonOut(Schema):
    component: str
    weight: int
    value: float
    points: float
    facts: dict[str, Any]


class CandidateOut(Schema):
    rank: int
    application_id: int
    citizen_id: int
    citizen_name: str
    score: float
    reasons: list[ReasonOut]


class CandidatesOut(Schema):
    home: HomeOut
    candidates: list[CandidateOut]
    excluded: dict[str, int] = Field(description="How many citizens each hard constraint excluded.")


class OfferIn(In):
    application_id: Id
    deviation_reason: Text2000 = Field("", description="Required when the citizen is not number 1.")
    round_id: Id | None = None


class OfferOut(Schema):
    id: int
    home_id: int
    application_id: int
    status: str
    score: float
    rank: int
    reasons: list[ReasonOut]
    deviation_reason: str
    offered_on: dt.date
    decided_on: dt.date | None
    refused_by: str
    refusal_reason: str


class AcceptIn(In):
    move_in: dt.date


class RefuseIn(In):
    refused_by: Literal["citizen", "landlord", "caseworker"]
    reason: Required2000


class TenancyOut(Schema):
    id: int
    citizen_id: int
    home_id: int
    move_in: dt.date
    ended_on: dt.date | None
    follow_ups: list[dt.date]


class RoundIn(In):
    allocation_unit_id: Id
    home_ids: Annotated[list[Id], Field(max_length=5000)] | None = None


class RoundProposalOut(Schema):
    home_id: int
    application_id: int
    score: float
    reasons: list[ReasonOut]


class RoundOut(Schema):
    id: int
    total_score: float
    greedy_total_score: float
    proposals: list[RoundProposalOut]
    unassigned_home_ids: list[int]


# ---------------------------------------------------------------- shelters


class CheckInIn(In):
    cpr: Cpr
    check_in: dt.date
    note: Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)] = ""


class CheckOutIn(In):
    check_out: dt.date
    next_situation: Literal[
        "",
        "housed",
        "street",
        "night_shelter",
        "shelter_110",
        "hotel_hostel",
        "family_friends",
        "transitional",
        "prison_release",
        "hospital_discharge",
        "other",
    ] = ""
    note: Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)] = ""


class StayOut(Schema):
    id: int
    citizen_id: int
    shelter_id: int
    check_in: dt.date
    check_out: dt.date | None


# ---------------------------------------------------------------- figures


class ShareOut(Schema):
    count: int
    total: int
    percent: float | None


class FiguresOut(Schema):
    start: dt.date
    end: dt.date
    allocations: int
    evictions: int
    notices_received: int
    long_stays: ShareOut
    returns: ShareOut
    young_at_shelters: ShareOut
    tenancies_holding_12_months: ShareOut
