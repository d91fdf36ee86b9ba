"""Fixtures of the housing tests: a small municipality with a shelter, an allocating unit and citizens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone, translation

from helhed.housing import services
from helhed.housing.models import Home, HousingApplication
from helhed.people.models import Citizen, OrgUnit, User
from helhed.plans.models import Plan
from helhed.testing import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Staff get passwords in the factories; Argon2 is slow on purpose, and tests need no protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    root: OrgUnit
    team: OrgUnit
    allocation: OrgUnit
    shelter: OrgUnit
    eviction_team: OrgUnit
    support: OrgUnit
    coordinator: User
    allocator: User
    shelter_worker: User
    notice_worker: User
    leader: User
    stranger: User
    plans: dict[str, Plan] = field(default_factory=dict)
    today: dt.date = field(default_factory=timezone.localdate)

    def citizen(self, name: str) -> Citizen:
        return self.plans[name].citizen

    def home(self, **kw: Any) -> Home:
        base: dict[str, Any] = {
            "address": "Byvej 1, st. tv.",
            "postal_code": "8000",
            "district": "8000 Aarhus C",
            "kind": "allocation_right",
            "monthly_rent": "4000",
            "size_m2": "40",
            "available_from": self.today,
        }
        return services.home_create(
            actor=self.allocator, allocation_unit_id=self.allocation.pk, **{**base, **kw}
        )

    def apply(self, name: str, **kw: Any) -> HousingApplication:
        base: dict[str, Any] = {"consent_on": self.today, "support_need": 2, "monthly_income": "12000"}
        return services.application_register(
            actor=self.coordinator,
            citizen_id=self.citizen(name).pk,
            allocation_unit_id=self.allocation.pk,
            **{**base, **kw},
        )

    def homeless(self, name: str, since: dt.date, category: str = "street") -> None:
        services.status_record(
            actor=self.coordinator,
            citizen_id=self.citizen(name).pk,
            category=category,
            valid_from=since,
            source="caseworker",
        )


@pytest.fixture
def world(db: Any) -> World:
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team = f.unit("Team Hjemløse", kind="team", sector="adult_social", parent=root)
    allocation = f.unit("Boliganvisningen", kind="team", sector="adult_social", parent=root)
    shelter = f.unit("Forsorgshjemmet Østervang", kind="centre", sector="adult_social", parent=root)
    eviction_team = f.unit("Boligsocialt Team", kind="team", sector="adult_social", parent=root)
    support = f.unit("Bostøtteteamet", kind="team", sector="adult_social", parent=root)
    other = f.unit("Jobcenter", kind="centre", sector="employment")
    w = World(
        root=root,
        team=team,
        allocation=allocation,
        shelter=shelter,
        eviction_team=eviction_team,
        support=support,
        coordinator=f.staff("coordinating_caseworker", unit_=team),
        allocator=f.staff("caseworker", unit_=allocation),
        shelter_worker=f.staff("provider", unit_=shelter),
        notice_worker=f.staff("provider", unit_=eviction_team),
        leader=f.staff("team_leader", unit_=root),
        stranger=f.staff("caseworker", unit_=other),
    )
    admin = f.staff("administrator", unit_=None)
    services.shelter_register(actor=admin, unit_id=shelter.pk, places=20)
    for name, birth in (
        ("anna", dt.date(1980, 3, 1)),
        ("bo", dt.date(1990, 7, 9)),
        ("carl", dt.date(2004, 1, 5)),
        ("dina", dt.date(1975, 11, 30)),
    ):
        w.plans[name] = f.plan(coordinator=w.coordinator, first_name=name.title(), birth=birth)
    return w
