"""`facts_of` compiles its one query once per actor and day and reuses it: the statement is reused, never
an answer. Each call sees the data as it is now, for the citizen asked about."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from helhed.access.policy import Relation
from helhed.access.relations import facts_of
from helhed.people.models import OrgUnit, User
from helhed.plans import services as plan_services
from helhed.sharing.models import BreakGlass
from helhed.sharing.services import break_glass_open
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.select_related("unit").get(pk=user.pk)


def test_the_reused_statement_answers_for_each_citizen_and_for_the_data_of_now(
        org: dict[str, OrgUnit], django_assert_num_queries: Any) -> None:
    coordinator = f.staff("coordinating_caseworker", unit_=org["team_a"])
    provider = f.staff("provider", unit_=org["treatment"])
    mine, other = f.plan(coordinator=coordinator), f.plan(coordinator=coordinator)
    actor = _fresh(provider)
    assert facts_of(actor, mine.citizen_id).relations == frozenset()
    iv = f.intervention(mine, code="stofbehandling-ambulant", provider=org["treatment"], responsible=provider)
    with django_assert_num_queries(1):  # compiled already: one round trip, nothing built again
        assert facts_of(actor, mine.citizen_id).relations == {Relation.RESPONSIBLE, Relation.PROVIDER_STAFF}
    assert facts_of(actor, other.citizen_id).relations == frozenset()
    assert facts_of(actor, 10**9).citizen is None  # no such citizen
    plan_services.intervention_end(actor=coordinator, intervention_id=iv.pk, expected_version=iv.version,
                                   end_date=timezone.localdate(), reason="goal_reached")
    assert facts_of(actor, mine.citizen_id).relations == frozenset()


def test_a_new_unit_or_role_is_a_new_statement(org: dict[str, OrgUnit]) -> None:
    coordinator = f.staff("coordinating_caseworker", unit_=org["team_a"])
    plan = f.plan(coordinator=coordinator)
    f.intervention(plan, code="virksomhedspraktik", provider=org["job"])
    worker = f.staff("provider", unit_=org["treatment"])
    assert facts_of(_fresh(worker), plan.citizen_id).relations == frozenset()
    worker.unit = org["job"]
    worker.save()
    assert facts_of(_fresh(worker), plan.citizen_id).relations == {Relation.PROVIDER_STAFF}
    worker.role, worker.unit = "team_leader", org["root"]
    worker.save()
    assert facts_of(_fresh(worker), plan.citizen_id).relations == {Relation.TEAM_LEADER}


def test_a_break_the_glass_grant_ends_by_the_database_clock(org: dict[str, OrgUnit]) -> None:
    coordinator = f.staff("coordinating_caseworker", unit_=org["team_a"])
    plan = f.plan(coordinator=coordinator)
    stranger = _fresh(f.staff("coordinating_caseworker", unit_=org["team_b"]))
    assert Relation.BREAK_GLASS not in facts_of(stranger, plan.citizen_id).relations
    grant = break_glass_open(actor=stranger, citizen_id=plan.citizen_id, reason="Akut indlæggelse, se planen")
    facts = facts_of(stranger, plan.citizen_id)
    assert Relation.BREAK_GLASS in facts.relations and facts.break_glass_grant == grant.pk
    BreakGlass.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Relation.BREAK_GLASS not in facts_of(stranger, plan.citizen_id).relations
