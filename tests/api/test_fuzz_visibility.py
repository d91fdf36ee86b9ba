"""schemathesis drives every operation of /api/v1/openapi.json with the token of a coordinating caseworker:
no operation answers 5xx, and no response shows a citizen the caseworker may not see.

"May see" is helhed.access.selectors.visible_citizens, asked again after every response (a citizen the
caseworker registers through the API becomes theirs). A response "shows" a citizen when its JSON holds the
citizen's id (`citizen_id`, a `citizen` object, anything shaped like a citizen), when a successful answer
is about a citizen named in the path, or when its text holds the citizen's analytics pseudonym.

The world has a plan the caseworker coordinates and one held in another team, each with a goal, an
intervention and an assessment; every operation runs with random ids, with the ids of the caseworker's own
plan (so bodies reach the services) and with the ids of the other team's plan (which must stay unseen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.utils import timezone

from helhed.access.selectors import visible_citizens
from helhed.access.tokens import token_create
from helhed.analytics.export import pseudonym
from helhed.catalog.services import catalog_sync
from helhed.outcomes import services as outcomes
from helhed.outcomes.services import instrument_sync
from helhed.people.models import Citizen, User
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.fuzz import MODES, api_operations, keep_the_test_connection, run_operation

pytestmark = pytest.mark.django_db
__all__ = ["keep_the_test_connection"]  # the fixture, imported for pytest
EXAMPLES = 5
MASTERY = ("personal_development", "network_citizenship", "learning_self_support")
CITIZEN_SHAPE = {"id", "first_name", "last_name"}


def _plan_with_data(coordinator: User, provider_unit: Any) -> dict[str, Any]:
    plan: Plan = f.plan(coordinator=coordinator)
    goal = f.goal(plan, actor=coordinator)
    intervention = f.intervention(plan, code="bostotte-85", provider=provider_unit, actor=coordinator,
                                  goals=[goal])
    assessment = outcomes.assessment_record(
        actor=coordinator, citizen_id=plan.citizen_id, instrument_code="aarhus-mastery",
        assessed_on=timezone.localdate() - dt.timedelta(days=10),
        answers=[{"item": item, "value": 4} for item in MASTERY],
    )
    return {"citizen_id": plan.citizen_id, "plan_id": plan.pk, "goal_id": goal.pk,
            "intervention_id": intervention.pk, "assessment_id": assessment.pk, "code": "aarhus-mastery"}


def citizen_ids_in(body: Any) -> Iterator[int]:
    """Every citizen id a JSON body holds, wherever it is nested."""
    if isinstance(body, list):
        for item in body:
            yield from citizen_ids_in(item)
    elif isinstance(body, dict):
        if isinstance(body.get("id"), int) and (body.keys() >= CITIZEN_SHAPE or "cpr" in body):
            yield body["id"]
        for key, value in body.items():
            if key == "citizen_id" and isinstance(value, int):
                yield value
            elif key == "citizen" and isinstance(value, dict) and isinstance(value.get("id"), int):
                yield value["id"]
            yield from citizen_ids_in(value)


def no_invisible_citizen_for(actor: User) -> Any:
    def no_invisible_citizen(ctx: Any, response: Any, case: schemathesis.Case) -> None:
        visible = set(visible_citizens(actor).values_list("pk", flat=True))
        try:
            body = response.json()
        except ValueError:
            body = None
        shown = set(citizen_ids_in(body))
        path_citizen = (case.path_parameters or {}).get("citizen_id")
        if 200 <= response.status_code < 300 and isinstance(path_citizen, int):
            shown.add(path_citizen)
        if shown - visible:
            raise AssertionError(f"{case.method} {case.formatted_path} showed citizens "
                                 f"{sorted(shown - visible)} whom the caseworker may not see "
                                 f"(status {response.status_code})")
        text = response.text or ""
        for citizen_id in Citizen.objects.exclude(pk__in=visible).values_list("pk", flat=True):
            if pseudonym(citizen_id) in text:
                raise AssertionError(f"{case.method} {case.formatted_path} showed the pseudonym of citizen "
                                     f"{citizen_id}, whom the caseworker may not see")

    return no_invisible_citizen


@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_operation_fails_or_shows_a_citizen_the_caseworker_may_not_see() -> None:
    catalog_sync()
    instrument_sync()
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team_a = f.unit("Team Udsatte Voksne", kind="team", sector="adult_social", parent=root)
    team_b = f.unit("Team Handicap", kind="team", sector="disability", parent=root)
    treatment = f.unit("Center for Misbrugsbehandling", kind="centre", sector="adult_social", parent=root)
    caseworker = f.staff("coordinating_caseworker", unit_=team_a, password="")
    stranger = f.staff("coordinating_caseworker", unit_=team_b, password="")
    own = _plan_with_data(caseworker, treatment)
    other = _plan_with_data(stranger, treatment)
    assert other["citizen_id"] not in set(visible_citizens(caseworker).values_list("pk", flat=True))

    _token, raw = token_create(user=caseworker, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    check = no_invisible_citizen_for(caseworker)
    operations = api_operations()
    assert len(operations) >= 60  # every router of the API, not one app's
    failures: list[str] = []
    for mode in MODES:
        for ids in (None, own, other):
            for operation in operations:
                run_operation(operation, mode, headers, failures, path_parameters=ids, examples=EXAMPLES,
                              additional_checks=[check])
    assert not failures, "\n\n".join(failures)


def test_the_check_finds_a_citizen_wherever_the_body_holds_one() -> None:
    body = {"results": [{"id": 7, "first_name": "A", "last_name": "B", "birth_date": "2000-01-01"}],
            "plan": {"citizen": {"id": 8, "cpr": "xx"}, "rows": [{"citizen_id": 9, "id": 100}]},
            "goal": {"id": 11, "citizen_wording": "..."}}
    assert set(citizen_ids_in(body)) == {7, 8, 9}


def test_the_check_refuses_an_invisible_citizen_by_id_path_or_pseudonym() -> None:
    from types import SimpleNamespace

    caseworker = f.staff("coordinating_caseworker", unit_=f.unit("Team A"), password="")
    own = f.plan(coordinator=caseworker)
    hidden = f.plan(coordinator=f.staff("coordinating_caseworker", unit_=f.unit("Team B"), password=""))
    check = no_invisible_citizen_for(caseworker)

    def answer(body: Any, *, status: int = 200, path: dict[str, Any] | None = None) -> None:
        response = SimpleNamespace(status_code=status, json=lambda: body, text=str(body))
        case = SimpleNamespace(method="GET", formatted_path="/x", path_parameters=path or {})
        check(None, response, case)

    answer({"citizen_id": own.citizen_id, "rows": [{"citizen": {"id": own.citizen_id}}]})
    answer({"detail": "Not found"}, status=404, path={"citizen_id": hidden.citizen_id})
    with pytest.raises(AssertionError, match="showed citizens"):
        answer({"rows": [{"citizen_id": hidden.citizen_id}]})
    with pytest.raises(AssertionError, match="showed citizens"):
        answer({"ok": True}, path={"citizen_id": hidden.citizen_id})
    with pytest.raises(AssertionError, match="pseudonym"):
        answer({"person": pseudonym(hidden.citizen_id)})
