"""Goals: add in the citizen's own words, update with version; 409, 403, 404, 400 and 422."""

from __future__ import annotations

import datetime as dt

import pytest

from helhed.plans.models import Goal
from helhed.plans.tests.api.conftest import ApiFor, World, today

pytestmark = pytest.mark.django_db


def test_add_a_goal(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post(f"/plans/{world.plan.pk}/goals", {
        "life_domain": "employment_education", "citizen_wording": "Jeg vil have et fritidsjob",
        "target_date": str(today() + dt.timedelta(days=100)), "staff_note": "Jobcentret hjælper",
    })
    assert response.status_code == 201, response.content
    body = response.json()
    goal = Goal.objects.get(pk=body["id"])
    assert goal.plan == world.plan and goal.citizen_wording == "Jeg vil have et fritidsjob"
    assert body["status"] == "open" and body["version"] == 1 and body["plan_id"] == world.plan.pk


def test_update_a_goal(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).put(f"/goals/{world.goal.pk}", {
        "version": world.goal.version, "life_domain": "substance_use", "citizen_wording": "Stoffri i et år",
        "target_date": None, "status": "partly_reached",
    })
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "partly_reached"
    assert response.json()["version"] == world.goal.version + 1


def test_goal_conflict_keeps_both_versions(world: World, api_for: ApiFor) -> None:
    body = {"version": world.goal.version, "life_domain": "substance_use", "target_date": None,
            "status": "open"}
    assert api_for(world.coordinator).put(
        f"/goals/{world.goal.pk}", {**body, "citizen_wording": "Første"}).status_code == 200
    response = api_for(world.leader).put(f"/goals/{world.goal.pk}", {**body, "citizen_wording": "Anden"})
    assert response.status_code == 409
    assert response.json()["current"]["citizen_wording"] == "Første"
    assert response.json()["yours"]["citizen_wording"] == "Anden"
    world.goal.refresh_from_db()
    assert world.goal.citizen_wording == "Første"


def test_blank_wording_is_400_in_english(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator, language="da").post(
        f"/plans/{world.plan.pk}/goals", {"life_domain": "housing", "citizen_wording": "   "})
    assert response.status_code == 400
    assert response.json() == {"detail": "The goal in the citizen's words cannot be empty.",
                               "field": "citizen_wording"}


def test_provider_may_not_add_goals(world: World, api_for: ApiFor) -> None:
    response = api_for(world.provider).post(
        f"/plans/{world.plan.pk}/goals", {"life_domain": "housing", "citizen_wording": "Bolig"})
    assert response.status_code == 403


def test_goals_of_invisible_or_missing_plans_are_404(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    body = {"life_domain": "housing", "citizen_wording": "Bolig"}
    assert client.post(f"/plans/{world.other_plan.pk}/goals", body).status_code == 404
    assert client.post("/plans/999999/goals", body).status_code == 404
    update = {**body, "version": 1, "status": "open", "target_date": None}
    assert api_for(world.stranger).put(f"/goals/{world.goal.pk}", update).status_code == 404
    assert client.put("/goals/999999", update).status_code == 404
    assert not Goal.objects.filter(plan=world.other_plan).exists()


@pytest.mark.parametrize("body", [
    {"life_domain": "wellbeing", "citizen_wording": "x"},
    {"life_domain": "housing", "citizen_wording": ""},
    {"life_domain": "housing", "citizen_wording": "x" * 1001},
    {"life_domain": "housing", "citizen_wording": "x", "target_date": "next year"},
    {"life_domain": "housing", "citizen_wording": "x", "plan_id": 1},
    {"life_domain": "housing"},
    [],
])
def test_goal_input_outside_the_schema_is_422(world: World, api_for: ApiFor, body: object) -> None:
    assert api_for(world.coordinator).post(f"/plans/{world.plan.pk}/goals", body).status_code == 422
