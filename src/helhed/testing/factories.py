"""Plain factory functions for tests: small, explicit, synthetic people only."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from helhed.catalog.models import InterventionType
from helhed.people.models import OrgUnit, User
from helhed.people.services import org_unit_create, staff_create
from helhed.plans import services as plan_services
from helhed.plans.models import Goal, Intervention, Plan

_seq = itertools.count(1)
PASSWORD = "synthetic-pass-123"  # noqa: S105


def synthetic_cpr(birth: dt.date | None = None, serial: int | None = None) -> str:
    """A replacement-form CPR number (day + 60): never an ordinary person's number."""
    birth = birth or dt.date(1985, 5, 17)
    n = serial if serial is not None else next(_seq)
    century_digit = {1900: 1, 2000: 4}[birth.year // 100 * 100]
    return f"{birth.day + 60:02d}{birth.month:02d}{birth.year % 100:02d}-{century_digit}{n % 1000:03d}"


def unit(name: str | None = None, *, kind: str = "team", sector: str = "adult_social",
         parent: OrgUnit | None = None) -> OrgUnit:
    return org_unit_create(name=name or f"Unit {next(_seq)}", kind=kind, sector=sector, parent=parent)


def staff(role: str = "coordinating_caseworker", *, unit_: OrgUnit | None = None, username: str | None = None,
          password: str = PASSWORD) -> User:
    n = next(_seq)
    return staff_create(username=username or f"staff{n}", first_name=f"Staff{n}", last_name="Synthetic",
                        role=role, unit=unit_, password=password, is_synthetic=True)


def plan(*, coordinator: User, first_name: str = "Synne", last_name: str | None = None,
         birth: dt.date | None = None, **kwargs: Any) -> Plan:
    return plan_services.citizen_register(
        actor=coordinator, cpr=synthetic_cpr(birth), first_name=first_name,
        last_name=last_name or f"Syntetisk{next(_seq)}", is_synthetic=True, **kwargs,
    )


def itype(code: str) -> InterventionType:
    return InterventionType.objects.get(code=code)


def goal(p: Plan, *, actor: User | None = None, wording: str = "Jeg vil have mit eget sted at bo",
         domain: str = "housing") -> Goal:
    return plan_services.goal_add(actor=actor or p.coordinator, plan_id=p.pk, life_domain=domain,
                                  citizen_wording=wording)


def intervention(p: Plan, *, code: str = "bostotte-85", provider: OrgUnit, actor: User | None = None,
                 responsible: User | None = None, goals: list[Goal] | None = None,
                 status: str = "active", start: dt.date | None = None, **kwargs: Any) -> Intervention:
    today = timezone.localdate()
    start = start or (today - dt.timedelta(days=10) if status == "active" else None)
    kwargs.setdefault("requested_on", today - dt.timedelta(days=20))
    return plan_services.intervention_add(
        actor=actor or p.coordinator, plan_id=p.pk, type_id=itype(code).pk, provider_unit_id=provider.pk,
        status=status, start_date=start, responsible_id=responsible.pk if responsible else None,
        goal_ids=[g.pk for g in goals or []], **kwargs,
    )
