"""A cast of staff around one plan, shared by the domain tests (services, selectors, access).

The organisation (fixture `org` in helhed/conftest.py): Socialforvaltningen > Team Udsatte Voksne,
Team Handicap, Jobcenter, Center for Misbrugsbehandling. The coordinating caseworker works in Team
Udsatte Voksne; the team leader leads Socialforvaltningen (so every unit below it); the plan has no
interventions until a test adds them.
"""

from __future__ import annotations

from types import SimpleNamespace

from helhed.people.models import OrgUnit, User
from helhed.testing import factories as f


def staff(role: str, unit: OrgUnit | None) -> User:
    """Staff without a password: hashing would dominate the run time of the domain tests."""
    return f.staff(role, unit_=unit, password="")


def make_cast(org: dict[str, OrgUnit]) -> SimpleNamespace:
    return SimpleNamespace(
        coordinator=staff("coordinating_caseworker", org["team_a"]),
        colleague=staff("caseworker", org["team_a"]),
        leader=staff("team_leader", org["root"]),
        provider=staff("provider", org["treatment"]),
        job_provider=staff("provider", org["job"]),
        stranger=staff("coordinating_caseworker", org["team_b"]),
        other_leader=staff("team_leader", org["team_b"]),
        admin=staff("administrator", None),
    )
