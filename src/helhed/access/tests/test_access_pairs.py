"""Every staff member × every citizen: who may see whom, through the web page, the API and the name search.

The expected answer is computed here, independently of `access` and `plans.relations`, from the rule as a
caseworker would state it. A staff member sees a citizen only if the citizen has an active plan and the
staff member
- is the coordinating caseworker of that plan, or
- is responsible for one of its live (not ended) interventions, or
- works in a unit that provides one of its live interventions, or
- is a team leader of a unit at or above (in the tree) a unit that provides a live intervention, or the
  unit where the coordinating caseworker works.
Nobody else: not the administrator, not the analyst, not staff whose intervention has ended, and nobody
at all once the plan is closed. Every pair is checked three ways (web page, API, API plan) and the name
search must return exactly the citizens the user may see.
Consent (ADR 0005): no citizen here has consented to anything, so staff in another sector than the
coordinating caseworker's unit see the plan's summary only (web: the summary page; API: the citizen and
the plan answer 403, the summary 200).

The scenario is data (`UNITS`, `STAFF`, `CITIZENS`); the database is built from it through the services,
and the expected visibility is computed from the same data with the tree walked from the `UNITS` table,
not from the materialised paths the code uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.access.tokens import token_create
from helhed.catalog.services import catalog_sync
from helhed.people.models import Citizen, OrgUnit, User
from helhed.plans import selectors, services
from helhed.plans.models import Plan
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- the scenario, as data

# unit key: (name, kind, sector, parent key)
UNITS: dict[str, tuple[str, str, str, str | None]] = {
    "dept": ("Sociale Forhold og Beskæftigelse", "department", "adult_social", None),
    "admin": ("Socialforvaltningen", "administration", "adult_social", "dept"),
    "team_a": ("Team Udsatte Voksne", "team", "adult_social", "admin"),
    "team_b": ("Team Socialpsykiatri", "team", "adult_social", "admin"),
    "treatment": ("Center for Misbrugsbehandling", "centre", "adult_social", "admin"),
    "job": ("Jobcenter", "centre", "employment", "dept"),
    "job_team": ("Jobcenter Team Ressourceforløb", "team", "employment", "job"),
    "partner": ("Kriminalforsorgen Østjylland", "external", "prison_probation", None),
}

# staff key: (role, unit key or None)
STAFF: dict[str, tuple[str, str | None]] = {
    "coord_a": ("coordinating_caseworker", "team_a"),
    "coord_b": ("coordinating_caseworker", "team_b"),
    "caseworker_a": ("caseworker", "team_a"),
    "caseworker_job": ("caseworker", "job"),
    "provider_treatment": ("provider", "treatment"),
    "provider_treatment_2": ("provider", "treatment"),
    "provider_job_team": ("provider", "job_team"),
    "provider_partner": ("provider", "partner"),
    "provider_nowhere": ("provider", None),
    "leader_dept": ("team_leader", "dept"),
    "leader_admin": ("team_leader", "admin"),
    "leader_team_a": ("team_leader", "team_a"),
    "leader_treatment": ("team_leader", "treatment"),
    "leader_job": ("team_leader", "job"),
    "leader_partner": ("team_leader", "partner"),
    "analyst": ("analyst", "admin"),
    "administrator": ("administrator", None),
}


@dataclass(frozen=True)
class InterventionSpec:
    code: str
    provider: str                 # unit key
    responsible: str | None       # staff key
    status: str = "active"        # requested | decided | active | ended


@dataclass(frozen=True)
class CitizenSpec:
    first_name: str
    coordinator: str              # staff key
    interventions: tuple[InterventionSpec, ...] = ()
    closed: bool = False          # the plan is closed (its interventions ended first)


SURNAME = "Parsen"  # every citizen's last name contains it, so one name search reaches them all

CITIZENS: dict[str, CitizenSpec] = {
    # Treatment and a requested job intervention, different responsible persons.
    "anna": CitizenSpec("Anna", "coord_a", (
        InterventionSpec("stofbehandling-ambulant", "treatment", "provider_treatment"),
        InterventionSpec("ressourceforloeb", "job_team", "caseworker_job", status="requested"),
    )),
    # An external partner's live intervention and an ENDED treatment one (its staff no longer see her).
    "bo": CitizenSpec("Bo", "coord_b", (
        InterventionSpec("kriminalforsorg-tilsyn", "partner", "provider_partner"),
        InterventionSpec("alkoholbehandling", "treatment", "provider_treatment_2", status="ended"),
    )),
    # A plan with no interventions: only the coordinator and leaders above the coordinator's unit.
    "carl": CitizenSpec("Carl", "coord_a"),
    # A team leader holds the plan; a caseworker of another team is responsible for a decided intervention.
    "dorte": CitizenSpec("Dorte", "leader_team_a", (
        InterventionSpec("kontaktperson-99", "team_b", "coord_b", status="decided"),
    )),
    # Closed plan: nobody sees the citizen any more.
    "erik": CitizenSpec("Erik", "coord_b", (
        InterventionSpec("bostotte-85", "team_b", "coord_b", status="ended"),
    ), closed=True),
    # Held in the job centre; treatment provides with nobody named responsible.
    "frida": CitizenSpec("Frida", "caseworker_job", (
        InterventionSpec("stofbehandling-ambulant", "treatment", None, status="decided"),
    )),
    # Only an ended partner intervention, and a live one in the coordinator's own team.
    "gustav": CitizenSpec("Gustav", "coord_a", (
        InterventionSpec("kriminalforsorg-tilsyn", "partner", "provider_partner", status="ended"),
        InterventionSpec("bostotte-85", "team_a", "caseworker_a"),
    )),
}


# ---------------------------------------------------------------- the rule, computed independently


def _ancestors_or_self(unit: str) -> list[str]:
    chain: list[str] = []
    current: str | None = unit
    while current is not None:
        chain.append(current)
        current = UNITS[current][3]
    return chain


def _leads(leader_unit: str, unit: str | None) -> bool:
    """The leader's unit is `unit` or above it in the tree."""
    return unit is not None and leader_unit in _ancestors_or_self(unit)


def expected_visible(staff_key: str, citizen_key: str) -> bool:
    spec = CITIZENS[citizen_key]
    if spec.closed:
        return False
    role, unit = STAFF[staff_key]
    live = [i for i in spec.interventions if i.status != "ended"]
    if staff_key == spec.coordinator:
        return True
    if any(i.responsible == staff_key for i in live):
        return True
    if unit is not None and any(i.provider == unit for i in live):
        return True
    if role == "team_leader" and unit is not None:
        coordinator_unit = STAFF[spec.coordinator][1]
        if _leads(unit, coordinator_unit) or any(_leads(unit, i.provider) for i in live):
            return True
    return False


def shares_content(staff_key: str, citizen_key: str) -> bool:
    """Visible, and in the coordinating caseworker's sector (or the coordinator): the whole plan."""
    spec = CITIZENS[citizen_key]
    unit, coordinator_unit = STAFF[staff_key][1], STAFF[spec.coordinator][1]
    sector = UNITS[unit][2] if unit else None
    return expected_visible(staff_key, citizen_key) and (
        staff_key == spec.coordinator
        or (coordinator_unit is not None and sector == UNITS[coordinator_unit][2]))


def test_the_scenario_is_not_trivial() -> None:
    """Guards the scenario itself: both answers occur for most staff and most citizens."""
    matrix = {(s, c): expected_visible(s, c) for s in STAFF for c in CITIZENS}
    assert sum(matrix.values()) >= 25 and sum(not v for v in matrix.values()) >= 60
    for who in ("provider_treatment", "provider_treatment_2", "provider_partner", "leader_treatment",
                "leader_job", "leader_team_a", "leader_admin", "caseworker_job"):
        assert any(matrix[who, c] for c in CITIZENS) and not all(matrix[who, c] for c in CITIZENS), who
    assert not any(matrix[s, "erik"] for s in STAFF)
    assert all(matrix["leader_dept", c] for c in CITIZENS if c != "erik")
    nobodies = ("analyst", "administrator", "provider_nowhere")
    assert not any(matrix[who, c] for who in nobodies for c in CITIZENS)
    assert matrix["provider_partner", "bo"] and not matrix["provider_partner", "gustav"]
    assert not matrix["provider_treatment_2", "bo"] and matrix["provider_treatment_2", "anna"]
    summary_only = [(s, c) for (s, c), v in matrix.items() if v and not shares_content(s, c)]
    assert len(summary_only) >= 5, summary_only


# ---------------------------------------------------------------- building it through the services


@dataclass
class Built:
    units: dict[str, OrgUnit]
    staff: dict[str, User]
    citizens: dict[str, Citizen]


def _build() -> Built:
    catalog_sync()
    today = timezone.localdate()
    units: dict[str, OrgUnit] = {}
    for key, (name, kind, sector, parent) in UNITS.items():  # parents come first in the table
        units[key] = f.unit(name, kind=kind, sector=sector, parent=units[parent] if parent else None)
    staff = {key: f.staff(role, unit_=units[unit] if unit else None, username=key, password="")
             for key, (role, unit) in STAFF.items()}
    citizens: dict[str, Citizen] = {}
    for n, (key, spec) in enumerate(CITIZENS.items(), start=1):
        coordinator = staff[spec.coordinator]
        plan = f.plan(coordinator=coordinator, first_name=spec.first_name, last_name=f"{SURNAME}{n}",
                      birth=dt.date(1970 + n, n, 10 + n))
        goal = f.goal(plan)
        for i in spec.interventions:
            status = "active" if i.status == "ended" else i.status
            intervention = f.intervention(
                plan, code=i.code, provider=units[i.provider],
                responsible=staff[i.responsible] if i.responsible else None, goals=[goal], status=status,
            )
            if i.status == "ended":
                services.intervention_end(actor=coordinator, intervention_id=intervention.pk,
                                          expected_version=intervention.version, end_date=today,
                                          reason="goal_reached")
        if spec.closed:
            services.plan_close(actor=coordinator, plan_id=plan.pk, reason="Borgeren er flyttet")
        citizens[key] = plan.citizen
    return Built(units, staff, citizens)


@pytest.fixture
def built(db: None) -> Built:
    return _build()


def test_the_database_matches_the_scenario(built: Built) -> None:
    closed = {key for key, spec in CITIZENS.items() if spec.closed}
    for key, citizen in built.citizens.items():
        assert Plan.objects.filter(citizen=citizen, status="active").exists() == (key not in closed)


# ---------------------------------------------------------------- every pair, three ways


def _mismatches(built: Built, observe: dict[tuple[str, str], int]) -> list[str]:
    wrong = []
    for (staff_key, citizen_key), status in sorted(observe.items()):
        want = 200 if expected_visible(staff_key, citizen_key) else 404
        if status != want:
            wrong.append(f"{staff_key} ({STAFF[staff_key][0]}, {STAFF[staff_key][1]}) -> "
                         f"{citizen_key}: got {status}, expected {want}")
    return wrong


def test_every_pair_through_the_web_page(built: Built) -> None:
    observed: dict[tuple[str, str], int] = {}
    wrong_kind = []
    for staff_key, user in built.staff.items():
        client = Client()
        client.force_login(user)
        for citizen_key, citizen in built.citizens.items():
            response = client.get(reverse("plan", args=[citizen.pk]))
            observed[staff_key, citizen_key] = response.status_code
            if response.status_code == 200:
                summary = 'id="plan-summary"' in response.content.decode()
                if summary == shares_content(staff_key, citizen_key):
                    shown = "summary" if summary else "whole plan"
                    wrong_kind.append(f"{staff_key} -> {citizen_key}: {shown}")
    assert not _mismatches(built, observed), "\n".join(_mismatches(built, observed))
    assert not wrong_kind, "\n".join(wrong_kind)


def test_every_pair_through_the_api(built: Built) -> None:
    observed_citizen: dict[tuple[str, str], int] = {}
    observed_plan: dict[tuple[str, str], int] = {}
    observed_summary: dict[tuple[str, str], int] = {}
    for staff_key, user in built.staff.items():
        _token, raw = token_create(user=user, name="access test")
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        for citizen_key, citizen in built.citizens.items():
            url = f"/api/v1/citizens/{citizen.pk}"
            observed_citizen[staff_key, citizen_key] = client.get(url).status_code
            observed_plan[staff_key, citizen_key] = client.get(f"{url}/plan").status_code
            observed_summary[staff_key, citizen_key] = client.get(f"{url}/plan/summary").status_code
    wrong = [f"summary: {w}" for w in _mismatches(built, observed_summary)]
    for kind, observed in (("citizen", observed_citizen), ("plan", observed_plan)):
        for (staff_key, citizen_key), status in sorted(observed.items()):
            want = 200 if shares_content(staff_key, citizen_key) else 403 if expected_visible(
                staff_key, citizen_key) else 404
            if status != want:
                wrong.append(f"{kind}: {staff_key} -> {citizen_key}: got {status}, expected {want}")
    assert not wrong, "\n".join(wrong)


def test_an_invisible_citizen_answers_exactly_like_a_missing_one(built: Built) -> None:
    missing = max(c.pk for c in built.citizens.values()) + 1000
    for staff_key, user in built.staff.items():
        _token, raw = token_create(user=user)
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        expected = client.get(f"/api/v1/citizens/{missing}")
        for citizen_key, citizen in built.citizens.items():
            if not expected_visible(staff_key, citizen_key):
                response = client.get(f"/api/v1/citizens/{citizen.pk}")
                assert (response.status_code, response.content) == (expected.status_code, expected.content)


def test_the_name_search_returns_exactly_the_visible_citizens(built: Built) -> None:
    wrong = []
    for staff_key, user in built.staff.items():
        want = {built.citizens[c].pk for c in CITIZENS if expected_visible(staff_key, c)}
        found = {c.pk for c in selectors.citizen_search(actor=user, query=SURNAME.lower()).visible}
        _token, raw = token_create(user=user)
        response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/citizens", {"q": SURNAME})
        via_api = {c["id"] for c in response.json()["results"]}
        if found != want or via_api != want:
            names = {c.pk: k for k, c in built.citizens.items()}
            wrong.append(f"{staff_key}: expected {sorted(names[i] for i in want)}, selector "
                         f"{sorted(names[i] for i in found)}, API {sorted(names[i] for i in via_api)}")
    assert not wrong, "\n".join(wrong)
