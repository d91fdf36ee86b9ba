"""Mine borgere: the coordinating caseworker's citizens, next follow-up, overdue and warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helhed.plans.models import FollowUp
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def test_caseload_lists_own_citizens_with_follow_up_overdue_and_warnings(
    wc, worker, other_worker, org
) -> None:
    mine = f.plan(coordinator=worker, first_name="Mette", last_name="Overdue")
    f.goal(mine)  # a goal with no support: one warning
    FollowUp.objects.filter(plan=mine).update(due_on=timezone.localdate() - dt.timedelta(days=3))
    f.plan(coordinator=worker, first_name="Karl", last_name="Calm")
    f.plan(coordinator=other_worker, first_name="Nina", last_name="Notmine")

    response = wc.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mette Overdue" in html and "Karl Calm" in html
    assert "Notmine" not in html
    assert html.index("Mette Overdue") < html.index("Karl Calm"), "overdue first"
    assert "1 overdue follow-up" in html
    assert 'badge badge-error">Overdue' in html
    assert "1 warning" in html
    assert f'href="/citizens/{mine.citizen_id}/"' in html
    assert 'role="search"' in html and 'name="q"' in html


def test_empty_caseload_says_what_to_do(wc) -> None:
    html = wc.get("/").content.decode()
    assert "You do not coordinate any plans yet" in html
    assert 'href="/citizens/new/"' in html
