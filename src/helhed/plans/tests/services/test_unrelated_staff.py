"""Staff with no relation to the citizen get NotFound from every service and selector, never a hint.

That a person is a client of the social services is itself personal data: the answer for a citizen one
does not work with is the same as for an id that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from helhed.access.models import AuditEvent
from helhed.core.errors import NotFound
from helhed.people.models import OrgUnit
from helhed.plans import selectors, services
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.db import nothing_written

TODAY = timezone.localdate


def _calls(ids: SimpleNamespace) -> dict[str, Callable[[Any], object]]:
    """Every service and selector that takes an id, as a function of the actor."""
    return {
        "plan_page": lambda a: selectors.plan_page(actor=a, citizen_id=ids.citizen),
        "plan_history": lambda a: selectors.plan_history(actor=a, citizen_id=ids.citizen),
        "follow_up_list": lambda a: selectors.follow_up_list(actor=a, plan_id=ids.plan),
        "plan_update": lambda a: services.plan_update(actor=a, plan_id=ids.plan, expected_version=1,
                                                      vision="x",
                                                      follow_up_interval_days=30),
        "plan_version_adopt": lambda a: services.plan_version_adopt(actor=a, plan_id=ids.plan, note=""),
        "plan_close": lambda a: services.plan_close(actor=a, plan_id=ids.plan, reason="x"),
        "plan_reassign": lambda a: services.plan_reassign(actor=a, plan_id=ids.plan, coordinator_id=a.pk),
        "goal_add": lambda a: services.goal_add(actor=a, plan_id=ids.plan, life_domain="housing",
                                                citizen_wording="x"),
        "goal_update": lambda a: services.goal_update(actor=a, goal_id=ids.goal, expected_version=1,
                                                      life_domain="housing", citizen_wording="x",
                                                      target_date=None, status="open"),
        "intervention_add": lambda a: services.intervention_add(
            actor=a, plan_id=ids.plan, type_id=f.itype("bostotte-85").pk, provider_unit_id=a.unit_id,
            requested_on=TODAY()),
        "intervention_update": lambda a: services.intervention_update(
            actor=a, intervention_id=ids.intervention, expected_version=1, status="active",
            requested_on=TODAY(), start_date=TODAY(), provider_unit_id=a.unit_id),
        "intervention_end": lambda a: services.intervention_end(
            actor=a, intervention_id=ids.intervention, expected_version=1, end_date=TODAY(), reason="other"),
        "follow_up_record": lambda a: services.follow_up_record(actor=a, plan_id=ids.plan, note="x"),
        "follow_up_schedule": lambda a: services.follow_up_schedule(actor=a, plan_id=ids.plan,
                                                                    due_on=TODAY()),
        "note_add": lambda a: services.note_add(actor=a, plan_id=ids.plan, text="x"),
        "meeting_add": lambda a: services.meeting_add(actor=a, plan_id=ids.plan, held_on=timezone.now(),
                                                      title="x"),
        "transition_add": lambda a: services.transition_add(actor=a, plan_id=ids.plan, kind="prison_release",
                                                            expected_on=TODAY() + dt.timedelta(days=5)),
        "network_add": lambda a: services.network_add(actor=a, plan_id=ids.plan, name="x", role="friend"),
    }


CALLS = list(_calls(SimpleNamespace()).keys())


@pytest.fixture
def real_ids(plan: Plan, org: dict[str, OrgUnit]) -> SimpleNamespace:
    goal = f.goal(plan)
    i = f.intervention(plan, provider=org["treatment"], goals=[goal])
    return SimpleNamespace(citizen=plan.citizen_id, plan=plan.pk, goal=goal.pk, intervention=i.pk)


MISSING = SimpleNamespace(citizen=10**9, plan=10**9, goal=10**9, intervention=10**9)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("who", ["stranger", "other_leader", "job_provider"])
def test_unrelated_staff_get_not_found(cast: SimpleNamespace, real_ids: SimpleNamespace, call: str,
                                       who: str) -> None:
    actor = getattr(cast, who)
    with nothing_written(), pytest.raises(NotFound) as exc:
        _calls(real_ids)[call](actor)
    with pytest.raises(NotFound) as missing:
        _calls(MISSING)[call](actor)
    assert str(exc.value) == str(missing.value), "an existing id must answer like a missing one"
    assert exc.value.status_code == 404


def test_the_calls_cover_every_service_that_takes_an_id() -> None:
    public = {name for name in dir(services) if not name.startswith("_") and callable(getattr(services, name))
              and getattr(getattr(services, name), "__module__", "") == services.__name__}
    by_cpr = {"citizen_register", "plan_create"}  # no id: they take the CPR number the citizen gave
    assert public - by_cpr == set(CALLS) - {"plan_page", "plan_history", "follow_up_list"}


def test_an_ended_relation_ends_access(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["job"], code="virksomhedspraktik")
    # Another sector without the citizen's consent: the summary (ADR 0005); the relation is what counts here.
    selectors.plan_page(actor=cast.job_provider, citizen_id=plan.citizen_id, summary_ok=True)
    services.intervention_end(actor=cast.coordinator, intervention_id=i.pk, expected_version=i.version,
                              end_date=TODAY(), reason="goal_reached")
    with pytest.raises(NotFound):
        selectors.plan_page(actor=cast.job_provider, citizen_id=plan.citizen_id, summary_ok=True)


def test_inactive_staff_lose_access(cast: SimpleNamespace, plan: Plan) -> None:
    cast.coordinator.is_active = False
    cast.coordinator.save()
    with pytest.raises(NotFound):
        selectors.plan_page(actor=cast.coordinator, citizen_id=plan.citizen_id)


def test_a_refused_look_is_not_audited_as_a_view(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(NotFound):
        selectors.plan_page(actor=cast.stranger, citizen_id=plan.citizen_id)
    assert not AuditEvent.objects.filter(actor=cast.stranger).exists()
