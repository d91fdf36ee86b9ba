"""Pydantic schemas of the plans API: what goes in (tight: lengths, enums, dates) and what comes out.

Input schemas forbid unknown fields, reject NUL characters in text (PostgreSQL cannot store them) and take
numbers and booleans strictly (no "5" for 5), so malformed input is a 422 before any service runs. The
domain rules (dates in order, who may do what) stay in the services; these schemas only describe shapes.
Never put a business rule here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints

from helhed.access.policy import Action
from helhed.catalog.models import InterventionType, LegalBasis
from helhed.people.choices import NetworkRole
from helhed.people.models import Citizen, OrgUnit, User
from helhed.plans.choices import (
    ConsentForm,
    EndReason,
    GoalStatus,
    InterventionStatus,
    LifeDomain,
    PlanStatus,
    TransitionKind,
)
from helhed.plans.coherence import Finding
from helhed.plans.models import FollowUp, Goal, Intervention, JournalNote, Meeting, Plan, PlanVersion
from helhed.plans.selectors import CaseloadRow, PlanPage, SearchResult

# Ids are 64-bit in every table; larger numbers would overflow the database driver.
MAX_ID = 2**63 - 1
# `version` is a 32-bit positive integer column.
MAX_VERSION = 2**31 - 2
NO_NUL = r"^[^\x00]*$"


def _integral(value: Any) -> Any:
    # JSON Schema counts 5.0 as an integer; strings ("5") and booleans stay refused by the strict int.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Integral = BeforeValidator(_integral)
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID), Integral]
Version = Annotated[int, Field(strict=True, ge=1, le=MAX_VERSION,
                               description="The `version` you read; if a newer one is saved: 409."), Integral]
Interval = Annotated[int, Field(strict=True, ge=7, le=366, description="Days between follow-ups."), Integral]


def _text(max_length: int, *, min_length: int = 0) -> StringConstraints:
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL)


Text100 = Annotated[str, _text(100)]
Text200 = Annotated[str, _text(200)]
Text5000 = Annotated[str, _text(5000)]
RequiredText1000 = Annotated[str, _text(1000, min_length=1)]
RequiredText5000 = Annotated[str, _text(5000, min_length=1)]
RequiredText20000 = Annotated[str, _text(20000, min_length=1)]


def _name_fits_search_index(value: str) -> str:
    # The lower-cased name is indexed in a 201-character column; a few letters grow when lower-cased.
    if len(value.lower()) > 100:
        raise ValueError("the name is too long when written in lower case (at most 100 characters)")
    return value


def _cents(value: float) -> float:
    return round(value, 2)


Name = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_NUL),
                 AfterValidator(_name_fits_search_index)]
Hours = Annotated[float, Field(strict=True, ge=0, le=168, allow_inf_nan=False,
                               description="Hours per week, 0-168; rounded to two decimals."),
                  AfterValidator(_cents)]
Money = Annotated[float, Field(strict=True, ge=0, le=9_999_999_999, allow_inf_nan=False,
                               description="Kroner per year; rounded to øre (two decimals)."),
                  AfterValidator(_cents)]
StrictBool = Annotated[bool, Field(strict=True)]
LiveStatus = Literal["requested", "decided", "active"]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong and what to do, in English.")
    field: str | None = Field(None, description="The input field the error is about, if any.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# ---------------------------------------------------------------- shared pieces


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    sector: str

    @staticmethod
    def from_unit(unit: OrgUnit | None) -> UnitOut | None:
        if unit is None:
            return None
        return UnitOut(id=unit.pk, name=unit.name, kind=unit.kind, sector=unit.sector)


class StaffOut(Schema):
    id: int
    name: str

    @staticmethod
    def from_user(user: User | None) -> StaffOut | None:
        return None if user is None else StaffOut(id=user.pk, name=str(user))


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    unit: UnitOut | None

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)

    @staticmethod
    def resolve_unit(obj: User) -> UnitOut | None:
        return UnitOut.from_unit(obj.unit)


# ---------------------------------------------------------------- citizens


class CitizenOut(Schema):
    id: int
    cpr: str = Field(description="DDMMYY-SSSS. Personal data: every read is in the audit log.")
    first_name: str
    last_name: str
    birth_date: dt.date
    has_replacement_cpr: bool
    address: str
    postal_code: str
    district: str
    is_synthetic: bool

    @staticmethod
    def resolve_cpr(obj: Citizen) -> str:
        return obj.cpr.formatted


class CitizenBrief(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: dt.date


class CitizenSearchOut(Schema):
    results: list[CitizenBrief] = Field(description="Citizens you work with that match.")
    exists_elsewhere: bool = Field(
        description="A CPR search matched a citizen you do not work with: "
                    "contact their coordinating caseworker."
    )
    coordinator: str
    coordinator_unit: str
    exists_without_plan: bool = Field(
        description="A CPR search matched a registered citizen with no active plan."
    )

    @staticmethod
    def resolve_results(obj: SearchResult) -> list[Citizen]:
        return obj.visible


class CitizenSearchIn(In):
    q: str = Field(min_length=2, max_length=100, pattern=NO_NUL,
                   description="A CPR number DDMMYY-SSSS, or part of the name (two letters or more).")
    limit: int = Field(25, strict=True, ge=1, le=100)


class CitizenRegisterIn(In):
    cpr: str = Field(pattern=r"^[0-9]{6}-?[0-9]{4}$", description="DDMMYY-SSSS (the dash is optional).")
    first_name: Name
    last_name: Name
    address: Text200 = ""
    postal_code: str = Field("", pattern=r"^([0-9]{4})?$", description="Four digits, or empty.")
    district: Text100 = ""
    vision: Text5000 = Field("", description="The citizen's vision, in their own words.")
    follow_up_interval_days: Interval = 90


# ---------------------------------------------------------------- plan parts


class PlanSummaryOut(Schema):
    """What staff outside the citizen's consent see (ADR 0005): that there is a plan and who coordinates,
    and the live interventions they deliver themselves (to record their own work on)."""

    citizen_id: int
    name: str
    plan_id: int
    coordinator: str
    coordinator_unit: str
    coordinator_email: str
    own_interventions: list[DeliveredInterventionOut]


class PlanHeaderOut(Schema):
    id: int
    citizen_id: int
    status: PlanStatus
    version: int
    vision: str
    follow_up_interval_days: int
    holistic_consent: bool
    holistic_consent_on: dt.date | None
    holistic_consent_form: ConsentForm | None
    coordinator: StaffOut
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_on: dt.date | None

    @staticmethod
    def resolve_coordinator(obj: Plan) -> StaffOut | None:
        return StaffOut.from_user(obj.coordinator)

    @staticmethod
    def resolve_holistic_consent_form(obj: Plan) -> str | None:
        return obj.holistic_consent_form or None


class CitizenRegisteredOut(Schema):
    citizen: CitizenOut
    plan: PlanHeaderOut

    @staticmethod
    def resolve_citizen(obj: Plan) -> Citizen:
        return obj.citizen

    @staticmethod
    def resolve_plan(obj: Plan) -> Plan:
        return obj


class PlanUpdateIn(In):
    version: Version
    vision: Text5000 = ""
    follow_up_interval_days: Interval
    holistic_consent: StrictBool = False
    holistic_consent_on: dt.date | None = Field(None, description="Required when holistic_consent is true.")
    holistic_consent_form: ConsentForm | None = Field(
        None, description="Required when holistic_consent is true."
    )


class GoalOut(Schema):
    id: int
    plan_id: int
    version: int
    life_domain: LifeDomain
    citizen_wording: str
    staff_note: str
    target_date: dt.date | None
    status: GoalStatus


class GoalIn(In):
    life_domain: LifeDomain
    citizen_wording: RequiredText1000 = Field(description="The goal in the citizen's own words.")
    target_date: dt.date | None = None
    staff_note: Text5000 = ""


class GoalUpdateIn(GoalIn):
    version: Version
    status: GoalStatus


class InterventionTypeOut(Schema):
    id: int
    code: str
    name: str
    category: str

    @staticmethod
    def resolve_name(obj: InterventionType) -> str:
        return obj.name


class LegalBasisOut(Schema):
    code: str
    law: str
    paragraph: str
    title: str

    @staticmethod
    def resolve_title(obj: LegalBasis) -> str:
        return obj.title


class InterventionOut(Schema):
    id: int
    plan_id: int
    version: int
    type: InterventionTypeOut
    legal_basis: LegalBasisOut
    provider_unit: UnitOut
    responsible: StaffOut | None
    status: InterventionStatus
    requested_on: dt.date
    decided_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    hours_per_week: float | None
    annual_cost: float | None
    goal_ids: list[int]
    end_reason: EndReason | None
    end_note: str

    @staticmethod
    def resolve_provider_unit(obj: Intervention) -> UnitOut | None:
        return UnitOut.from_unit(obj.provider_unit)

    @staticmethod
    def resolve_responsible(obj: Intervention) -> StaffOut | None:
        return StaffOut.from_user(obj.responsible)

    @staticmethod
    def resolve_hours_per_week(obj: Intervention) -> float | None:
        return _float(obj.hours_per_week)

    @staticmethod
    def resolve_annual_cost(obj: Intervention) -> float | None:
        return _float(obj.annual_cost)

    @staticmethod
    def resolve_goal_ids(obj: Intervention) -> list[int]:
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_end_reason(obj: Intervention) -> str | None:
        return obj.end_reason or None


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)



class DeliveredInterventionOut(InterventionOut):
    """An intervention the actor delivers, seen outside the citizen's consent: the goals it serves are not
    shared (ADR 0005), so `goal_ids` is always empty here."""

    @staticmethod
    def resolve_goal_ids(obj: Intervention) -> list[int]:
        return []

class InterventionIn(In):
    type_id: Id = Field(description="An intervention type from the catalogue.")
    provider_unit_id: Id
    requested_on: dt.date = Field(description="Not in the future.")
    status: LiveStatus = "requested"
    decided_on: dt.date | None = None
    start_date: dt.date | None = Field(None, description="Required when status is active.")
    end_date: dt.date | None = Field(None, description="Planned end; not before the start.")
    hours_per_week: Hours | None = None
    annual_cost: Money | None = None
    responsible_id: Id | None = None
    goal_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="Goals on this plan it serves."
    )


class InterventionUpdateIn(In):
    version: Version
    provider_unit_id: Id
    requested_on: dt.date
    status: LiveStatus
    decided_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    hours_per_week: Hours | None = None
    annual_cost: Money | None = None
    responsible_id: Id | None = None
    goal_ids: list[Id] | None = Field(None, max_length=100, description="Omit to keep the linked goals.")


class InterventionEndIn(In):
    version: Version
    end_date: dt.date
    reason: EndReason
    note: Text5000 = ""


class FollowUpOut(Schema):
    id: int
    plan_id: int
    goal_id: int | None
    due_on: dt.date
    done_on: dt.date | None
    done_by: StaffOut | None
    note: str

    @staticmethod
    def resolve_done_by(obj: FollowUp) -> StaffOut | None:
        return StaffOut.from_user(obj.done_by)


class FollowUpRecordIn(In):
    note: RequiredText5000 = Field(description="What was followed up.")
    done_on: dt.date | None = Field(None, description="Today if left out; not in the future.")
    goal_id: Id | None = None


class FollowUpScheduleIn(In):
    due_on: dt.date = Field(description="Today or later.")
    goal_id: Id | None = None


class NoteOut(Schema):
    id: int
    plan_id: int
    intervention_id: int | None
    author: StaffOut
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: JournalNote) -> StaffOut | None:
        return StaffOut.from_user(obj.author)


class NoteIn(In):
    text: RequiredText20000 = Field(description="Journal notes are never edited, only added.")
    intervention_id: Id | None = None


class FindingOut(Schema):
    rule: str
    severity: Literal["warning", "critical"]
    title: str
    explanation: str
    intervention_ids: list[int]
    goal_ids: list[int]

    @staticmethod
    def from_finding(f: Finding) -> FindingOut:
        return FindingOut(rule=f.rule, severity=f.severity, title=str(f.title),  # type: ignore[arg-type]
                          explanation=str(f.explanation), intervention_ids=list(f.interventions),
                          goal_ids=list(f.goals))


class MeetingOut(Schema):
    id: int
    held_on: dt.datetime
    title: str
    citizen_present: bool
    staff: list[StaffOut]
    network_ids: list[int]
    other_participants: str
    summary: str

    @staticmethod
    def resolve_staff(obj: Meeting) -> list[StaffOut | None]:
        return [StaffOut.from_user(u) for u in obj.staff.all()]

    @staticmethod
    def resolve_network_ids(obj: Meeting) -> list[int]:
        return [p.pk for p in obj.network.all()]


class TransitionOut(Schema):
    id: int
    kind: TransitionKind
    expected_on: dt.date
    not_needed: list[str]
    note: str


class NetworkPersonOut(Schema):
    id: int
    name: str
    role: NetworkRole
    phone: str
    may_take_part: bool


class PlanVersionOut(Schema):
    number: int
    adopted_at: dt.datetime
    note: str

    @staticmethod
    def from_version(v: PlanVersion | None) -> PlanVersionOut | None:
        return None if v is None else PlanVersionOut(number=v.number, adopted_at=v.adopted_at, note=v.note)


class PlanOut(Schema):
    """The citizen's whole plan as one document, with the coherence findings of today."""

    citizen: CitizenOut
    plan: PlanHeaderOut
    coordinator_unit: UnitOut | None
    permissions: list[str] = Field(description="What you may do on this plan (e.g. edit_plan, add_note).")
    goals: list[GoalOut]
    interventions: list[InterventionOut]
    findings: list[FindingOut]
    follow_ups: list[FollowUpOut] = Field(
        description="Open ones first (earliest due), then done (latest first)."
    )
    overdue_follow_ups: int
    notes: list[NoteOut] = Field(description="The newest 50 journal notes.")
    meetings: list[MeetingOut] = Field(description="The newest 20 meetings.")
    transitions: list[TransitionOut]
    network: list[NetworkPersonOut]
    current_version: PlanVersionOut | None

    @staticmethod
    def resolve_coordinator_unit(obj: PlanPage) -> UnitOut | None:
        return UnitOut.from_unit(obj.plan.coordinator.unit) if obj.plan else None

    @staticmethod
    def resolve_permissions(obj: PlanPage) -> list[str]:
        return [str(a) for a in Action if obj.can(a)]

    @staticmethod
    def resolve_interventions(obj: PlanPage) -> list[Intervention]:
        return [i for _unit, items in obj.interventions_by_unit for i in items]

    @staticmethod
    def resolve_findings(obj: PlanPage) -> list[FindingOut]:
        return [FindingOut.from_finding(f) for f in obj.findings]

    @staticmethod
    def resolve_overdue_follow_ups(obj: PlanPage) -> int:
        return len(obj.overdue)

    @staticmethod
    def resolve_current_version(obj: PlanPage) -> PlanVersionOut | None:
        return PlanVersionOut.from_version(obj.current_version)


class CaseloadRowOut(Schema):
    citizen_id: int
    name: str
    plan_id: int
    next_follow_up: dt.date | None
    overdue: bool
    findings: list[FindingOut]

    @staticmethod
    def resolve_findings(obj: CaseloadRow) -> list[FindingOut]:
        return [FindingOut.from_finding(f) for f in obj.findings]


# ---------------------------------------------------------------- conflicts (409)


class PlanConflictOut(ErrorOut):
    current: PlanHeaderOut = Field(description="The version saved by someone else: compare with yours.")
    yours: dict[str, Any] | None = Field(None, description="What you sent, unchanged.")


class GoalConflictOut(ErrorOut):
    current: GoalOut
    yours: dict[str, Any] | None = None


class InterventionConflictOut(ErrorOut):
    current: InterventionOut
    yours: dict[str, Any] | None = None


def conflict_current(current: Any) -> dict[str, Any] | None:
    """The saved object of a Conflict, in the shape of its output schema."""
    schemas: dict[type, type[Schema]] = {Plan: PlanHeaderOut, Goal: GoalOut, Intervention: InterventionOut}
    schema = schemas.get(type(current))
    if schema is None:
        return None
    return schema.model_validate(current).model_dump(mode="json")

