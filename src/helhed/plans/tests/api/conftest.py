"""Fixtures of the API tests: the catalogue, a bearer-token client per user, and a small world of plans."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from helhed.access.tokens import token_create
from helhed.catalog.services import catalog_sync
from helhed.people.models import OrgUnit, User
from helhed.plans import services
from helhed.plans.models import Goal, Intervention, Plan
from helhed.testing import factories as f

BASE = "/api/v1"

# The operations of the plans API (helhed.plans.api), as the OpenAPI document lists them. Other apps
# mount their own routers under /api/v1/ too; these tests cover this one.
PLANS_API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/me": {"get"},
    "/api/v1/me/caseload": {"get"},
    "/api/v1/citizens": {"get", "post"},
    "/api/v1/citizens/{citizen_id}": {"get"},
    "/api/v1/citizens/{citizen_id}/plan": {"get"},
    "/api/v1/plans/{plan_id}": {"put"},
    "/api/v1/plans/{plan_id}/goals": {"post"},
    "/api/v1/goals/{goal_id}": {"put"},
    "/api/v1/plans/{plan_id}/interventions": {"post"},
    "/api/v1/interventions/{intervention_id}": {"put"},
    "/api/v1/interventions/{intervention_id}/end": {"post"},
    "/api/v1/plans/{plan_id}/follow-ups": {"get", "post"},
    "/api/v1/plans/{plan_id}/follow-ups/record": {"post"},
    "/api/v1/plans/{plan_id}/notes": {"post"},
}


class ApiClient:
    """The Django test client with `Authorization: Bearer <token>` on every call and JSON bodies."""

    def __init__(self, token: str | None, *, language: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path: str, body: Any = None, *, raw: str | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(BASE + path, data, content_type="application/json", headers=self.headers)

    def put(self, path: str, body: Any = None, *, raw: str | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.put(BASE + path, data, content_type="application/json", headers=self.headers)


ApiFor = Callable[..., ApiClient]


@pytest.fixture
def catalog(db: None) -> None:
    catalog_sync()


@pytest.fixture
def api_for() -> ApiFor:
    """`api_for(user)`: a client authenticated with a fresh token of `user`."""

    def make(user: User, *, language: str | None = None) -> ApiClient:
        _token, raw = token_create(user=user, name="test")
        return ApiClient(raw, language=language)

    return make


def staff(role: str, unit: OrgUnit | None) -> User:
    """A staff member without a password (API tests use tokens; hashing passwords is slow)."""
    return f.staff(role, unit_=unit, password="")


@dataclass
class World:
    units: dict[str, OrgUnit]
    coordinator: User      # coordinating caseworker of `plan`, in team A
    provider: User         # treatment centre, responsible for the plan's treatment
    job_consultant: User   # job centre, no live intervention on `plan` (the job one has ended)
    leader: User           # team leader of the administration: sees every plan in it
    stranger: User         # caseworker in team B with no relation to `plan`
    plan: Plan
    goal: Goal
    treatment: Intervention
    other_plan: Plan       # held by `stranger`: invisible to `coordinator`

    @property
    def citizen_id(self) -> int:
        return self.plan.citizen_id


@pytest.fixture
def world(org: dict[str, OrgUnit], catalog: None) -> World:
    coordinator = staff("coordinating_caseworker", org["team_a"])
    provider = staff("provider", org["treatment"])
    job_consultant = staff("provider", org["job"])
    leader = staff("team_leader", org["root"])
    stranger = staff("caseworker", org["team_b"])
    plan = f.plan(coordinator=coordinator, first_name="Synne", last_name="Apitestesen")
    goal = f.goal(plan, wording="Jeg vil være stoffri")
    treatment = f.intervention(plan, code="stofbehandling-ambulant", provider=org["treatment"],
                               responsible=provider, goals=[goal])
    job = f.intervention(plan, code="virksomhedspraktik", provider=org["job"], goals=[goal])
    services.intervention_end(actor=coordinator, intervention_id=job.pk, expected_version=job.version,
                              end_date=timezone.localdate(), reason="citizen_declined")
    other_plan = f.plan(coordinator=stranger, first_name="Otto", last_name="Andensen")
    plan.refresh_from_db()
    return World(units=org, coordinator=coordinator, provider=provider, job_consultant=job_consultant,
                 leader=leader, stranger=stranger, plan=plan, goal=goal, treatment=treatment,
                 other_plan=other_plan)


def today() -> dt.date:
    return timezone.localdate()
