"""Data and helpers for the browser tests: a small municipality with a caseworker, a job centre and a plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from helhed.people.models import OrgUnit, User
from helhed.plans.models import Plan
from helhed.testing import factories as f


@dataclass
class Municipality:
    social: OrgUnit
    team: OrgUnit
    job_centre: OrgUnit
    caseworker: User
    consultant: User
    leader: User
    plan: Plan


@pytest.fixture
def municipality(transactional_db: Any) -> Municipality:
    social = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team = f.unit("Team Udsatte Voksne", kind="team", sector="adult_social", parent=social)
    employment = f.unit("Beskæftigelsesforvaltningen", kind="administration", sector="employment")
    job_centre = f.unit("Jobcenter Aarhus", kind="centre", sector="employment", parent=employment)
    caseworker = f.staff("coordinating_caseworker", unit_=team, username="anne")
    caseworker.first_name, caseworker.last_name = "Anne", "Sørensen"
    caseworker.save()
    consultant = f.staff("provider", unit_=job_centre, username="jonas")
    consultant.first_name, consultant.last_name = "Jonas", "Holm"
    consultant.save()
    leader = f.staff("team_leader", unit_=social, username="lise")
    plan = f.plan(
        coordinator=caseworker,
        first_name="Sofie",
        last_name="Jensen",
        vision="Jeg vil have min egen lejlighed og se mine børn hver weekend.",
    )
    for first, last in (("Karim", "Andersen"), ("Mette", "Poulsen"), ("Peter", "Nielsen")):
        f.plan(coordinator=caseworker, first_name=first, last_name=last)
    return Municipality(social, team, job_centre, caseworker, consultant, leader, plan)


@pytest.fixture
def log_in() -> Callable[[Any, str], None]:
    """Log in through the form, as a user would."""

    def login(page: Any, username: str) -> None:
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", f.PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url("**/")

    return login
