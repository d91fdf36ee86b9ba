"""Plain descriptions of the synthetic municipality, before anything is written to a database.

The generator builds these (deterministically for a seed); the demo path writes them through the
services and the bulk path with `bulk_create`. Staff, units, goals and interventions refer to each other
by key or index, so a spec never holds a database id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    kind: str
    sector: str
    parent: str | None
    provides: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffSpec:
    key: str
    username: str
    first_name: str
    last_name: str
    role: str
    unit: str


@dataclass(frozen=True)
class OrganisationSpec:
    units: tuple[UnitSpec, ...]
    staff: tuple[StaffSpec, ...]
    # Case-holding staff keys per pool, in the order citizens are assigned to them.
    coordinators: dict[str, tuple[str, ...]]
    # Staff keys per unit who can be responsible for its interventions.
    responsible: dict[str, tuple[str, ...]]
    # A demo log-in per role label: username -> staff key.
    personas: dict[str, str]
    # Pool -> how many citizens each coordinator holds, same order as `coordinators`.
    caseloads: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    role: str
    may_take_part: bool


@dataclass(frozen=True)
class GoalSpec:
    life_domain: str
    wording: str
    staff_note: str
    target_date: dt.date | None
    status: str = "open"


@dataclass(frozen=True)
class InterventionSpec:
    code: str
    unit: str
    responsible: str | None
    status: str
    requested_on: dt.date
    decided_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    hours_per_week: Decimal | None
    annual_cost: Decimal | None
    goals: tuple[int, ...]  # indexes into PlanSpec.goals
    end_reason: str = ""
    end_note: str = ""


@dataclass(frozen=True)
class FollowUpSpec:
    due_on: dt.date
    done_on: dt.date | None
    note: str = ""
    goal: int | None = None  # index into PlanSpec.goals


@dataclass(frozen=True)
class MeetingSpec:
    held_on: dt.datetime
    title: str
    summary: str
    citizen_present: bool
    staff: tuple[str, ...]
    network: tuple[int, ...]  # indexes into CitizenSpec.network (all may take part)
    other_participants: str


@dataclass(frozen=True)
class NoteSpec:
    written_at: dt.datetime
    author: str
    text: str
    intervention: int | None  # index into PlanSpec.interventions


@dataclass(frozen=True)
class TransitionSpec:
    kind: str
    expected_on: dt.date
    not_needed: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class VersionSpec:
    adopted_on: dt.date
    note: str


@dataclass(frozen=True)
class PlanSpec:
    started_on: dt.date
    coordinator: str
    vision: str
    follow_up_interval_days: int
    consent_on: dt.date | None
    consent_form: str
    goals: tuple[GoalSpec, ...]
    interventions: tuple[InterventionSpec, ...]
    follow_ups: tuple[FollowUpSpec, ...]  # general ones in the order they were recorded, then goal follow-ups
    meetings: tuple[MeetingSpec, ...]
    notes: tuple[NoteSpec, ...]
    transitions: tuple[TransitionSpec, ...]
    versions: tuple[VersionSpec, ...]  # after the first (adopted when the plan was created)


@dataclass(frozen=True)
class CitizenSpec:
    index: int
    profile: str
    pool: str
    cpr: str
    first_name: str
    last_name: str
    birth_date: dt.date
    address: str
    postal_code: str
    district: str
    household: str | None  # a household key; citizens sharing it live together
    network: tuple[NetworkSpec, ...]
    plan: PlanSpec
    # Coherence problems deliberately put into this plan (for tests and the demo's guide).
    problems: tuple[str, ...] = ()
    overdue: bool = False
