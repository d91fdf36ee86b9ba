"""GET /me/caseload: the caller's own plans, overdue and flagged first, with coherence findings."""

from __future__ import annotations

import datetime as dt

import pytest

from helhed.plans.models import FollowUp
from helhed.plans.tests.api.conftest import ApiFor, World, today
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def test_caseload(world: World, api_for: ApiFor) -> None:
    second = f.plan(coordinator=world.coordinator, first_name="Bent", last_name="Forsinketsen")
    FollowUp.objects.filter(plan=second).update(due_on=today() - dt.timedelta(days=5))
    response = api_for(world.coordinator).get("/me/caseload")
    assert response.status_code == 200
    rows = response.json()
    assert [r["plan_id"] for r in rows] == [second.pk, world.plan.pk]
    assert rows[0]["overdue"] is True and rows[0]["next_follow_up"] == str(today() - dt.timedelta(days=5))
    assert rows[1]["overdue"] is False
    assert all(isinstance(r["findings"], list) for r in rows)


def test_caseload_of_someone_who_holds_no_plans_is_empty(world: World, api_for: ApiFor) -> None:
    assert api_for(world.provider).get("/me/caseload").json() == []
