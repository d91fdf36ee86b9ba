"""goal_add and goal_update: the citizen's own words, versioned, edited only by those who hold the plan."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from helhed.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import Goal, Plan
from helhed.testing import factories as f
from helhed.testing.db import nothing_written


def _add(actor, plan: Plan, **kw):
    kw.setdefault("life_domain", "housing")
    kw.setdefault("citizen_wording", "Jeg vil have min egen lejlighed")
    return services.goal_add(actor=actor, plan_id=plan.pk, **kw)


def _update(actor, goal: Goal, version: int, **kw):
    kw.setdefault("life_domain", goal.life_domain)
    kw.setdefault("citizen_wording", goal.citizen_wording)
    kw.setdefault("target_date", goal.target_date)
    kw.setdefault("status", goal.status)
    return services.goal_update(actor=actor, goal_id=goal.pk, expected_version=version, **kw)


def test_goal_add_keeps_the_citizens_words(cast: SimpleNamespace, plan: Plan) -> None:
    goal = _add(cast.coordinator, plan, citizen_wording="  Jeg vil se min datter hver uge  ",
                life_domain="family_network", target_date=dt.date(2026, 1, 1), staff_note="Samvær aftales")
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.citizen_wording == "Jeg vil se min datter hver uge"
    assert (stored.life_domain, stored.status, stored.version) == ("family_network", "open", 1)
    assert stored.created_by == cast.coordinator and stored.plan == plan


@pytest.mark.parametrize(("kw", "field", "words"), [
    ({"citizen_wording": ""}, "citizen_wording", "cannot be empty"),
    ({"citizen_wording": " \n\t "}, "citizen_wording", "cannot be empty"),
    ({"citizen_wording": "x" * 1001}, "citizen_wording", "too long"),
    ({"life_domain": "astrology"}, "life_domain", "life domain"),
])
def test_invalid_goal_is_refused_and_nothing_written(cast: SimpleNamespace, plan: Plan, kw: dict, field: str,
                                                     words: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _add(cast.coordinator, plan, **kw)
    assert exc.value.field == field
    assert words in str(exc.value)


def test_two_caseworkers_edit_the_same_goal(cast: SimpleNamespace, plan: Plan) -> None:
    goal = _add(cast.coordinator, plan)
    seen = goal.version
    _update(cast.coordinator, goal, seen, citizen_wording="Jeg vil bo i Aarhus C")
    with pytest.raises(Conflict) as exc:
        _update(cast.leader, goal, seen, citizen_wording="Jeg vil bo på landet")
    assert exc.value.current.version == seen + 1
    assert exc.value.current.citizen_wording == "Jeg vil bo i Aarhus C"
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.citizen_wording == "Jeg vil bo i Aarhus C" and stored.version == seen + 1


def test_goal_update_changes_status_and_refuses_unknown_status(cast: SimpleNamespace, plan: Plan) -> None:
    goal = _add(cast.coordinator, plan)
    updated = _update(cast.coordinator, goal, goal.version, status="reached")
    assert Goal.objects.get(pk=goal.pk).status == "reached"
    with pytest.raises(ValidationError) as exc:
        _update(cast.coordinator, goal, updated.version, status="finished")
    assert exc.value.field == "status"
    assert Goal.objects.get(pk=goal.pk).version == updated.version


def test_invalid_update_changes_nothing(cast: SimpleNamespace, plan: Plan) -> None:
    goal = _add(cast.coordinator, plan)
    with pytest.raises(ValidationError):
        _update(cast.coordinator, goal, goal.version, citizen_wording="  ")
    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.citizen_wording, stored.version) == (goal.citizen_wording, goal.version)


def test_provider_may_not_add_or_edit_goals(cast: SimpleNamespace, plan: Plan,
                                            org: dict[str, OrgUnit]) -> None:
    goal = _add(cast.coordinator, plan)
    f.intervention(plan, provider=org["treatment"], goals=[goal])
    with nothing_written(), pytest.raises(PermissionDenied):
        _add(cast.provider, plan)
    with pytest.raises(PermissionDenied):
        _update(cast.provider, goal, goal.version, citizen_wording="Provider's wording")
    assert Goal.objects.get(pk=goal.pk).citizen_wording == goal.citizen_wording


def test_team_leader_may_edit_goals(cast: SimpleNamespace, plan: Plan) -> None:
    goal = _add(cast.leader, plan)
    _update(cast.leader, goal, goal.version, citizen_wording="Ændret af teamlederen")
    assert Goal.objects.get(pk=goal.pk).citizen_wording == "Ændret af teamlederen"


def test_goal_update_of_unknown_goal(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(NotFound):
        services.goal_update(actor=cast.coordinator, goal_id=987654, expected_version=1,
                             life_domain="housing",
                             citizen_wording="x", target_date=None, status="open")
