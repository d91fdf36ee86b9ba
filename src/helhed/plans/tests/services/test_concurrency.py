"""Real concurrent writers (threads with their own database connections), not just stale versions.

Each test starts writers together behind a barrier and checks that the database ends up with exactly one
winner and that the loser got the domain error meant for them (never a 500 or a silent overwrite).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from helhed.core.errors import Conflict, DomainError, ValidationError
from helhed.people.models import Citizen, OrgUnit
from helhed.people.services import DuplicateCitizen
from helhed.plans import services
from helhed.plans.models import FollowUp, Plan
from helhed.testing import factories as f
from helhed.testing.cast import make_cast

_TEST_NAME = connection.settings_dict["TEST"].get("NAME")
_IN_MEMORY = connection.vendor == "sqlite" and _TEST_NAME in (None, "", ":memory:")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(_IN_MEMORY, reason="the in-memory SQLite test database cannot be shared by concurrent "
                                          "connections: set HELHED_TEST_DB_NAME to a file to run these"),
]


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, each in its own thread and connection; results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                results[i] = call()
        except Exception as error:  # the result under test
            results[i] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    return SimpleNamespace(cast=cast, plan=f.plan(coordinator=cast.coordinator), org=org)


def _errors(results: list[Any]) -> list[BaseException]:
    return [r for r in results if isinstance(r, BaseException)]


def test_two_simultaneous_header_edits_one_wins(world: SimpleNamespace) -> None:
    plan, cast = world.plan, world.cast
    version = plan.version

    def edit(actor: Any, text: str) -> Callable[[], Any]:
        return lambda: services.plan_update(actor=actor, plan_id=plan.pk, expected_version=version,
                                            vision=text, follow_up_interval_days=30)

    results = _race(edit(cast.coordinator, "Tekst A"), edit(cast.leader, "Tekst B"))
    errors = _errors(results)
    assert len(errors) == 1 and isinstance(errors[0], Conflict), results
    winner = next(r for r in results if isinstance(r, Plan))
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.vision == winner.vision and stored.version == version + 1
    assert isinstance(errors[0], Conflict) and errors[0].current.vision == winner.vision


def test_two_simultaneous_plans_for_one_citizen(world: SimpleNamespace) -> None:
    plan, cast = world.plan, world.cast
    services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    cpr = Citizen.objects.get(pk=plan.citizen_id).cpr.formatted
    results = _race(lambda: services.plan_create(actor=cast.coordinator, cpr=cpr),
                    lambda: services.plan_create(actor=cast.colleague, cpr=cpr))
    errors = _errors(results)
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), results
    assert "already has an active plan" in str(errors[0])
    assert Plan.objects.filter(citizen_id=plan.citizen_id, status="active").count() == 1


def test_two_simultaneous_registrations_of_one_number(world: SimpleNamespace) -> None:
    cast = world.cast

    def register(actor: Any) -> Callable[[], Any]:
        return lambda: services.citizen_register(actor=actor, cpr="780690-4321", first_name="Tvilling",
                                                 last_name="Syntetisk", is_synthetic=True)

    results = _race(register(cast.coordinator), register(cast.colleague))
    errors = _errors(results)
    assert len(errors) == 1 and isinstance(errors[0], DuplicateCitizen), results
    assert Citizen.objects.filter(first_name="Tvilling").count() == 1
    assert Plan.objects.filter(citizen__first_name="Tvilling").count() == 1


def test_two_simultaneous_follow_ups_keep_one_open(world: SimpleNamespace) -> None:
    plan, cast = world.plan, world.cast
    results = _race(lambda: services.follow_up_record(actor=cast.coordinator, plan_id=plan.pk, note="A"),
                    lambda: services.follow_up_record(actor=cast.leader, plan_id=plan.pk, note="B"))
    assert not _errors(results), results
    assert FollowUp.objects.filter(plan=plan, done_on__isnull=False).count() == 2
    assert FollowUp.objects.filter(plan=plan, done_on__isnull=True, goal__isnull=True).count() == 1


def test_two_simultaneous_version_adoptions_chain(world: SimpleNamespace) -> None:
    plan, cast = world.plan, world.cast
    results = _race(lambda: services.plan_version_adopt(actor=cast.coordinator, plan_id=plan.pk, note="A"),
                    lambda: services.plan_version_adopt(actor=cast.leader, plan_id=plan.pk, note="B"))
    assert not [e for e in _errors(results) if not isinstance(e, DomainError)], results
    versions = list(plan.versions.order_by("number"))
    assert [v.number for v in versions] == list(range(1, len(versions) + 1))
    assert sum(v.is_current for v in versions) == 1
    assert len(versions) == 3, results
