"""Fixtures for the staircase tests: the catalogue, the shipped staircases and scenarios, a small team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.utils import translation

from helhed.catalog.services import catalog_sync
from helhed.people.models import OrgUnit
from helhed.staircase.services import scenario_sync, staircase_sync
from helhed.testing import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def shipped(db: None) -> None:
    """The catalogue, the staircases and the seed-003 scenarios, loaded from their data files."""
    catalog_sync()
    staircase_sync()
    scenario_sync()


@pytest.fixture
def team(shipped: None, org: dict[str, OrgUnit]) -> SimpleNamespace:
    """A disability team for children (Team Handicap), its caseworker and leader, an analyst."""
    return SimpleNamespace(
        unit=org["team_b"],
        other_unit=org["team_a"],
        caseworker=f.staff("coordinating_caseworker", unit_=org["team_b"], password=""),
        leader=f.staff("team_leader", unit_=org["team_b"], password=""),
        other_leader=f.staff("team_leader", unit_=org["team_a"], password=""),
        analyst=f.staff("analyst", unit_=org["root"], password=""),
        plain=f.staff("caseworker", unit_=org["team_b"], password=""),
    )


def child(team: SimpleNamespace, *spells: tuple[str, dt.date, dt.date | None],
          birth: dt.date = dt.date(2015, 3, 1)) -> int:
    """A disabled child on Team Handicap's caseload with interventions (type code, start, end)."""
    plan = f.plan(coordinator=team.caseworker, birth=birth)
    for code, start, end in spells:
        f.intervention(plan, code=code, provider=team.unit, status="active", start=start, end_date=end,
                       requested_on=start - dt.timedelta(days=10))
    return plan.citizen_id
