"""A provider in another sector may add a story to a citizen they work with, but the form lists only the
goals and interventions the citizen has consented to share with their unit (ADR 0005)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from helhed.people.models import OrgUnit
from helhed.plans.models import Plan
from helhed.sharing.services import consent_give
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db

SECRET_GOAL = "Jeg vil have styr på min medicin"


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def job_plan(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> Plan:
    f.goal(plan, wording=SECRET_GOAL)
    f.intervention(plan, code="virksomhedspraktik", provider=org["job"], responsible=cast.job_provider)
    return plan


def test_the_story_form_hides_goals_outside_the_consent(cast: SimpleNamespace, job_plan: Plan) -> None:
    response = _client(cast.job_provider).get(f"/outcomes/citizens/{job_plan.citizen_id}/stories/new/")
    assert response.status_code == 200
    assert SECRET_GOAL not in response.content.decode()


def test_the_story_form_lists_goals_once_the_citizen_consents(
    cast: SimpleNamespace, job_plan: Plan, org: dict[str, OrgUnit]
) -> None:
    consent_give(actor=cast.coordinator, citizen_id=job_plan.citizen_id, unit_ids=[org["job"].pk],
                 method="written", scopes=["plan_goals", "interventions"], given_on=timezone.localdate(),
                 purpose="Koordinering af planen")
    response = _client(cast.job_provider).get(f"/outcomes/citizens/{job_plan.citizen_id}/stories/new/")
    assert response.status_code == 200
    assert SECRET_GOAL in response.content.decode()


def test_the_coordinator_sees_every_goal_in_the_form(cast: SimpleNamespace, job_plan: Plan) -> None:
    response = _client(cast.coordinator).get(f"/outcomes/citizens/{job_plan.citizen_id}/stories/new/")
    assert SECRET_GOAL in response.content.decode()
