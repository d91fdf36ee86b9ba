"""Follow-ups (list, schedule, record) and journal notes (add; listed with the plan)."""

from __future__ import annotations

import datetime as dt

import pytest

from helhed.plans.models import FollowUp, JournalNote
from helhed.plans.tests.api.conftest import ApiFor, World, staff, today

pytestmark = pytest.mark.django_db


def test_list_follow_ups(world: World, api_for: ApiFor) -> None:
    response = api_for(world.provider).get(f"/plans/{world.plan.pk}/follow-ups")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 1 and rows[0]["done_on"] is None
    assert rows[0]["due_on"] == str(today() + dt.timedelta(days=world.plan.follow_up_interval_days))


def test_schedule_and_record(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    due = today() + dt.timedelta(days=14)
    scheduled = client.post(f"/plans/{world.plan.pk}/follow-ups",
                            {"due_on": str(due), "goal_id": world.goal.pk})
    assert scheduled.status_code == 201, scheduled.content
    assert scheduled.json()["goal_id"] == world.goal.pk and scheduled.json()["due_on"] == str(due)

    recorded = client.post(f"/plans/{world.plan.pk}/follow-ups/record",
                           {"note": "Samtale om målet", "goal_id": world.goal.pk})
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert body["done_on"] == str(today()) and body["done_by"]["id"] == world.coordinator.pk
    assert body["id"] == scheduled.json()["id"]  # the goal's open follow-up is the one recorded

    rows = client.get(f"/plans/{world.plan.pk}/follow-ups").json()
    assert [r["done_on"] is None for r in rows] == [True, False]  # open first, then done
    assert rows[1]["note"] == "Samtale om målet"


def test_follow_up_rules_are_400_in_english(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator, language="da")
    past = client.post(f"/plans/{world.plan.pk}/follow-ups", {"due_on": str(today() - dt.timedelta(days=1))})
    assert past.status_code == 400
    assert past.json() == {"detail": "Schedule a follow-up today or later.", "field": "due_on"}
    future = client.post(f"/plans/{world.plan.pk}/follow-ups/record", {
        "note": "x", "done_on": str(today() + dt.timedelta(days=1))})
    assert future.json() == {"detail": "A follow-up cannot be recorded in the future.", "field": "done_on"}
    blank = client.post(f"/plans/{world.plan.pk}/follow-ups/record", {"note": "  "})
    assert blank.status_code == 400 and blank.json()["field"] == "note"
    other_goal = client.post(f"/plans/{world.plan.pk}/follow-ups",
                             {"due_on": str(today()), "goal_id": 999999})
    assert other_goal.json() == {"detail": "Link only to goals on this plan.", "field": "goal"}


def test_job_consultant_whose_intervention_ended_cannot_see_or_record(world: World, api_for: ApiFor) -> None:
    client = api_for(world.job_consultant)
    assert client.get(f"/plans/{world.plan.pk}/follow-ups").status_code == 404
    assert client.post(f"/plans/{world.plan.pk}/follow-ups/record", {"note": "x"}).status_code == 404


def test_provider_staff_who_is_not_responsible_may_not_record(world: World, api_for: ApiFor) -> None:
    colleague = staff("provider", world.units["treatment"])
    response = api_for(colleague).post(f"/plans/{world.plan.pk}/follow-ups/record", {"note": "x"})
    assert response.status_code == 403


def test_follow_ups_of_missing_and_invisible_plans_are_the_same_404(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    invisible = client.get(f"/plans/{world.other_plan.pk}/follow-ups")
    missing = client.get("/plans/999999/follow-ups")
    assert invisible.status_code == missing.status_code == 404
    assert invisible.content == missing.content


@pytest.mark.parametrize(("path", "body"), [
    ("follow-ups", {}), ("follow-ups", {"due_on": "tomorrow"}),
    ("follow-ups", {"due_on": "2030-01-01", "x": 1}),
    ("follow-ups/record", {}), ("follow-ups/record", {"note": ""}), ("follow-ups/record", {"note": "a\x00"}),
    ("follow-ups/record", {"note": "x", "goal_id": -3}),
])
def test_follow_up_input_outside_the_schema_is_422(
    world: World, api_for: ApiFor, path: str, body: dict,
) -> None:
    assert api_for(world.coordinator).post(f"/plans/{world.plan.pk}/{path}", body).status_code == 422
    assert FollowUp.objects.filter(plan=world.plan).count() == 1


def test_add_a_note_and_see_it_on_the_plan(world: World, api_for: ApiFor) -> None:
    client = api_for(world.provider)
    response = client.post(f"/plans/{world.plan.pk}/notes", {
        "text": "Borgeren mødte stabilt op", "intervention_id": world.treatment.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"]["id"] == world.provider.pk and body["intervention_id"] == world.treatment.pk
    notes = client.get(f"/citizens/{world.citizen_id}/plan").json()["notes"]
    assert [n["id"] for n in notes] == [body["id"]]


def test_note_rules(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    blank = client.post(f"/plans/{world.plan.pk}/notes", {"text": " \n "})
    assert blank.status_code == 400
    assert blank.json() == {"detail": "The note cannot be empty.", "field": "text"}
    other = client.post(f"/plans/{world.plan.pk}/notes", {"text": "x", "intervention_id": 999999})
    assert other.json() == {"detail": "Link only to interventions on this plan.", "field": "intervention"}
    assert client.post(f"/plans/{world.plan.pk}/notes", {"text": ""}).status_code == 422
    assert client.post(f"/plans/{world.plan.pk}/notes", {"text": "x" * 20001}).status_code == 422
    assert api_for(world.stranger).post(f"/plans/{world.plan.pk}/notes", {"text": "x"}).status_code == 404
    assert not JournalNote.objects.exists()
