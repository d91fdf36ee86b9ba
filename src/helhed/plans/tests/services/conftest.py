"""A cast for the plan services' tests.

The organisation (root fixture `org`): Socialforvaltningen > Team Udsatte Voksne, Team Handicap, Jobcenter,
Center for Misbrugsbehandling. The coordinating caseworker works in Team Udsatte Voksne; the plan has no
interventions until a test adds them.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from helhed.people.models import OrgUnit, User
from helhed.plans.models import Plan
from helhed.testing import factories as f


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _staff(role: str, unit: OrgUnit | None) -> User:
    return f.staff(role, unit_=unit, password="")  # no password: hashing would dominate the run time


@pytest.fixture
def cast(org: dict[str, OrgUnit]) -> SimpleNamespace:
    return SimpleNamespace(
        coordinator=_staff("coordinating_caseworker", org["team_a"]),
        colleague=_staff("caseworker", org["team_a"]),
        leader=_staff("team_leader", org["root"]),
        provider=_staff("provider", org["treatment"]),
        job_provider=_staff("provider", org["job"]),
        stranger=_staff("coordinating_caseworker", org["team_b"]),
        other_leader=_staff("team_leader", org["team_b"]),
        admin=_staff("administrator", None),
    )


@pytest.fixture
def plan(cast: SimpleNamespace) -> Plan:
    return f.plan(coordinator=cast.coordinator, first_name="Synne", last_name="Syntetisk")
