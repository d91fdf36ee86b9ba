"""The outcomes pages: progress, recording forms (errors by field, 422), what works, instruments."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client

from helhed.outcomes import services
from helhed.outcomes.models import Assessment, GoalScale, Story
from helhed.plans.models import Plan
from helhed.testing import factories as f

from ..conftest import LEVELS, days_ago, mastery

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # Danish unless the user picks English
    client.force_login(user)
    return client


def test_progress_page_shows_charts_goals_and_stories(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 5, 2), on=days_ago(90))
    mastery(cast.coordinator, plan, (5, 5, 2), on=days_ago(5))
    goal = f.goal(plan)
    services.goal_scale_set(actor=cast.coordinator, goal_id=goal.pk, levels=LEVELS)
    services.story_add(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        told_by="citizen",
        told_on=days_ago(1),
        what_works="Faste tider hver tirsdag.",
    )
    response = _client(cast.coordinator).get(f"/outcomes/citizens/{plan.citizen_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-outcome-chart="chart-aarhus-mastery"' in html and 'id="chart-aarhus-mastery"' in html
    assert "Personal development" in html and "Improved" in html
    assert "Har fået en bolig" in html and "Faste tider hver tirsdag." in html
    assert f"/outcomes/citizens/{plan.citizen_id}/assessments/new/?instrument=aarhus-mastery" in html


def test_strangers_get_404(cast: SimpleNamespace, plan: Plan) -> None:
    client = _client(cast.stranger)
    assert client.get(f"/outcomes/citizens/{plan.citizen_id}/").status_code == 404
    assert (
        client.get(f"/outcomes/citizens/{plan.citizen_id}/assessments/new/?instrument=gas").status_code == 404
    )
    assert Client().get(f"/outcomes/citizens/{plan.citizen_id}/").status_code == 302


def test_record_an_assessment_from_the_definition_form(cast: SimpleNamespace, plan: Plan) -> None:
    client = _client(cast.coordinator)
    url = f"/outcomes/citizens/{plan.citizen_id}/assessments/new/?instrument=aarhus-mastery"
    page = client.get(url)
    assert page.status_code == 200 and "Personal development" in page.content.decode()
    bad = client.post(
        url,
        {
            "assessed_on": days_ago(-1).isoformat(),
            "rater": "together",
            "item-personal_development": "4",
            "item-network_citizenship": "5",
            "item-learning_self_support": "6",
        },
    )
    assert bad.status_code == 422 and "cannot be dated in the future" in bad.content.decode()
    missing = client.post(
        url,
        {
            "assessed_on": days_ago(0).isoformat(),
            "rater": "together",
            "item-personal_development": "4",
            "item-network_citizenship": "5",
        },
    )
    assert missing.status_code == 422 and "Answer Learning and self-support" in missing.content.decode()
    ok = client.post(
        url,
        {
            "assessed_on": days_ago(0).isoformat(),
            "rater": "citizen",
            "item-personal_development": "4",
            "item-network_citizenship": "5",
            "item-learning_self_support": "6",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#instrument-aarhus-mastery")
    a = Assessment.objects.get()
    assert {x.rater for x in a.answers.all()} == {"citizen"}


def test_function_levels_form_with_goal_types(cast: SimpleNamespace, plan: Plan) -> None:
    url = f"/outcomes/citizens/{plan.citizen_id}/assessments/new/?instrument=ffb-function-levels"
    response = _client(cast.coordinator).post(
        url,
        {
            "assessed_on": days_ago(0).isoformat(),
            "rater": "together",
            "item-self_care": "2",
            "goaltype-self_care": "maintain",
            "item-mobility": "not_assessed",
        },
    )
    assert response.status_code == 302
    answers = {x.item: (x.value, x.option, x.goal_type) for x in Assessment.objects.get().answers.all()}
    assert answers == {"self_care": (2, "", "maintain"), "mobility": (None, "not_assessed", "")}


def test_lines_take_a_number_field(cast: SimpleNamespace, plan: Plan, tmp_path) -> None:
    from pathlib import Path

    services.instrument_sync(paths=[Path(__file__).resolve().parents[1] / "data" / "test-lines.v1.json"])
    url = f"/outcomes/citizens/{plan.citizen_id}/assessments/new/?instrument=test-lines"
    client = _client(cast.coordinator)
    assert 'inputmode="decimal"' in client.get(url).content.decode()
    bad = client.post(
        url,
        {
            "assessed_on": days_ago(0).isoformat(),
            "rater": "citizen",
            "item-line_a": "10,5",
            "item-line_b": "1",
            "item-line_c": "2",
            "item-line_d": "3",
        },
    )
    assert (
        bad.status_code == 422 and "Line A must be between 0 and 10 (you gave 10.5)" in bad.content.decode()
    )
    ok = client.post(
        url,
        {
            "assessed_on": days_ago(0).isoformat(),
            "rater": "citizen",
            "item-line_a": "7,5",
            "item-line_b": "1",
            "item-line_c": "2",
            "item-line_d": "3",
        },
    )
    assert ok.status_code == 302
    assert str(Assessment.objects.get().answers.get(item="total").value) == "13.50"


def test_goal_scale_gas_level_and_story_forms(cast: SimpleNamespace, plan: Plan) -> None:
    client = _client(cast.coordinator)
    goal = f.goal(plan)
    base = f"/outcomes/citizens/{plan.citizen_id}"
    levels = {
        "much_more": LEVELS[2],
        "more": LEVELS[1],
        "expected": LEVELS[0],
        "less": LEVELS[-1],
        "much_less": LEVELS[-2],
        "weight": "2",
    }
    assert client.post(f"{base}/goals/{goal.pk}/scale/", {**levels, "expected": ""}).status_code == 422
    assert client.post(f"{base}/goals/{goal.pk}/scale/", levels).status_code == 302
    assert GoalScale.objects.get(goal=goal).weight == 2
    gas = client.post(
        f"{base}/assessments/new/?instrument=gas&goal={goal.pk}",
        {"assessed_on": days_ago(0).isoformat(), "rater": "together", "item-level": "-1"},
    )
    assert gas.status_code == 302 and gas["Location"].endswith(f"#goal-{goal.pk}")
    story = client.post(
        f"{base}/stories/new/",
        {
            "told_by": "citizen",
            "told_on": days_ago(0).isoformat(),
            "what_works": "At blive ringet op.",
            "goal": goal.pk,
            "consent_anonymised": "on",
            "consent_form": "oral",
        },
    )
    assert story.status_code == 302
    s = Story.objects.get()
    assert s.consent_anonymised and s.goal == goal
    client.post(f"{base}/stories/{s.pk}/consent/", {})
    s.refresh_from_db()
    assert not s.consent_anonymised


def test_withdraw_page(cast: SimpleNamespace, plan: Plan) -> None:
    a = mastery(cast.coordinator, plan, (3, 3, 3), on=days_ago(3))
    client = _client(cast.coordinator)
    url = f"/outcomes/citizens/{plan.citizen_id}/assessments/{a.pk}/withdraw/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Tastefejl"}).status_code == 302
    a.refresh_from_db()
    assert a.withdrawn_reason == "Tastefejl"


def test_what_works_and_instruments_pages(cast: SimpleNamespace, org: dict) -> None:
    for n in range(6):
        p = f.plan(coordinator=cast.coordinator)
        f.intervention(p, code="kontaktperson-99", provider=org["team_a"], start=days_ago(200))
        mastery(cast.coordinator, p, (3, 3, 3), on=days_ago(100))
        mastery(cast.coordinator, p, (3 + n % 3, 3, 3), on=days_ago(10))
    client = _client(cast.leader)
    page = client.get("/outcomes/what-works/")
    html = page.content.decode()
    assert page.status_code == 200 and "observational" in html
    assert "Interventions side by side" in html and 'data-outcome-chart="chart-interventions"' in html
    assert "67 %" in html  # 4 of 6 improved
    small = client.get("/outcomes/what-works/", {"target_group": "young-adults"})
    assert small.status_code == 200 and "Fewer than 5 citizens in this population" in small.content.decode()
    bad = client.get("/outcomes/what-works/", {"period_from": "2025-05-01", "period_to": "2025-01-01"})
    assert bad.status_code == 422 and "start before it ends" in bad.content.decode()
    listing = client.get("/outcomes/instruments/")
    assert listing.status_code == 200 and "Mastering one&#x27;s own life" in listing.content.decode()
