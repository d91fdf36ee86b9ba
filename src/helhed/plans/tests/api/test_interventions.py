"""Interventions: add, update with version, end with a reason; who may change which."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from helhed.catalog.models import InterventionType
from helhed.plans.models import Intervention
from helhed.plans.tests.api.conftest import ApiFor, World, today

pytestmark = pytest.mark.django_db


def _type_id(code: str) -> int:
    return InterventionType.objects.get(code=code).pk


def _add_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type_id": _type_id("kontaktperson-99"), "provider_unit_id": world.units["team_b"].pk,
        "requested_on": str(today() - dt.timedelta(days=3)), "status": "active",
        "start_date": str(today()), "hours_per_week": 2.5, "annual_cost": 41000.456,
        "goal_ids": [world.goal.pk],
    }
    body.update(overrides)
    return body


def _update_body(i: Intervention, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "version": i.version, "provider_unit_id": i.provider_unit_id, "requested_on": str(i.requested_on),
        "status": i.status, "decided_on": str(i.decided_on) if i.decided_on else None,
        "start_date": str(i.start_date) if i.start_date else None, "responsible_id": i.responsible_id,
    }
    body.update(overrides)
    return body


def test_add_an_intervention(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post(f"/plans/{world.plan.pk}/interventions", _add_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["type"]["code"] == "kontaktperson-99" and body["type"]["name"]
    assert body["legal_basis"]["paragraph"] and body["status"] == "active"
    assert body["hours_per_week"] == 2.5 and body["annual_cost"] == 41000.46
    assert body["goal_ids"] == [world.goal.pk] and body["provider_unit"]["id"] == world.units["team_b"].pk
    assert body["decided_on"] is not None


def test_start_before_request_rules_are_400_in_english(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator, language="da")
    future = client.post(f"/plans/{world.plan.pk}/interventions",
                         _add_body(world, requested_on=str(today() + dt.timedelta(days=1))))
    assert future.status_code == 400
    assert future.json() == {"detail": "The request date cannot be in the future.", "field": "requested_on"}
    no_start = client.post(f"/plans/{world.plan.pk}/interventions", _add_body(world, start_date=None))
    assert no_start.json() == {"detail": "An active intervention needs a start date.", "field": "start_date"}
    backwards = client.post(f"/plans/{world.plan.pk}/interventions",
                            _add_body(world, end_date=str(today() - dt.timedelta(days=1))))
    assert backwards.json()["field"] == "end_date"
    other_goal = client.post(f"/plans/{world.plan.pk}/interventions", _add_body(world, goal_ids=[999999]))
    assert other_goal.json() == {"detail": "Link only to goals on this plan.", "field": "goals"}
    unknown_unit = client.post(f"/plans/{world.plan.pk}/interventions",
                               _add_body(world, provider_unit_id=999999))
    assert unknown_unit.status_code == 400 and unknown_unit.json()["field"] == "provider_unit"
    assert world.plan.interventions.count() == 2


def test_provider_may_not_add_interventions(world: World, api_for: ApiFor) -> None:
    response = api_for(world.provider).post(f"/plans/{world.plan.pk}/interventions", _add_body(world))
    assert response.status_code == 403


def test_provider_updates_their_own_intervention(world: World, api_for: ApiFor) -> None:
    response = api_for(world.provider).put(f"/interventions/{world.treatment.pk}",
                                           _update_body(world.treatment, hours_per_week=4))
    assert response.status_code == 200, response.content
    assert response.json()["hours_per_week"] == 4.0
    assert response.json()["goal_ids"] == [world.goal.pk]  # left out: kept


def test_intervention_conflict_keeps_both_versions(world: World, api_for: ApiFor) -> None:
    stale = _update_body(world.treatment)
    assert api_for(world.provider).put(f"/interventions/{world.treatment.pk}",
                                       {**stale, "hours_per_week": 3}).status_code == 200
    response = api_for(world.coordinator).put(f"/interventions/{world.treatment.pk}",
                                              {**stale, "hours_per_week": 9})
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["hours_per_week"] == 3.0 and body["yours"]["hours_per_week"] == 9
    world.treatment.refresh_from_db()
    assert world.treatment.hours_per_week == 3


def test_end_an_intervention_with_a_reason(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post(f"/interventions/{world.treatment.pk}/end", {
        "version": world.treatment.version, "end_date": str(today()), "reason": "goal_reached",
        "note": "Stoffri i tre måneder",
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ended" and body["end_reason"] == "goal_reached"
    assert body["end_note"] == "Stoffri i tre måneder"
    # Ended: can no longer be changed (400), and a stale version cannot end it again.
    again = api_for(world.coordinator).post(f"/interventions/{world.treatment.pk}/end", {
        "version": body["version"], "end_date": str(today()), "reason": "other"})
    assert again.status_code == 400
    assert again.json()["detail"] == "The intervention has ended and can no longer be changed."


def test_ending_drops_the_providers_access(world: World, api_for: ApiFor) -> None:
    provider = api_for(world.provider)
    assert provider.get(f"/citizens/{world.citizen_id}").status_code == 200
    api_for(world.coordinator).post(f"/interventions/{world.treatment.pk}/end", {
        "version": world.treatment.version, "end_date": str(today()), "reason": "not_effective"})
    assert provider.get(f"/citizens/{world.citizen_id}").status_code == 404


def test_end_before_start_is_400(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post(f"/interventions/{world.treatment.pk}/end", {
        "version": world.treatment.version, "end_date": "2000-01-01", "reason": "other"})
    assert response.status_code == 400 and response.json()["field"] == "end_date"


def test_end_conflict_is_409(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post(f"/interventions/{world.treatment.pk}/end", {
        "version": world.treatment.version + 5, "end_date": str(today()), "reason": "other"})
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "active"


def test_interventions_of_invisible_plans_are_404(world: World, api_for: ApiFor) -> None:
    stranger = api_for(world.stranger)
    assert stranger.post(f"/plans/{world.plan.pk}/interventions", _add_body(world)).status_code == 404
    update = _update_body(world.treatment)
    assert stranger.put(f"/interventions/{world.treatment.pk}", update).status_code == 404
    assert stranger.post(f"/interventions/{world.treatment.pk}/end", {
        "version": 1, "end_date": str(today()), "reason": "other"}).status_code == 404
    world.treatment.refresh_from_db()
    assert world.treatment.status == "active"


@pytest.mark.parametrize("overrides", [
    {"status": "ended"}, {"status": "paused"}, {"hours_per_week": 169}, {"hours_per_week": -1},
    {"hours_per_week": "2"}, {"annual_cost": -5}, {"annual_cost": 1e12}, {"type_id": 0},
    {"type_id": 2**64}, {"goal_ids": [1] * 101}, {"goal_ids": ["1"]}, {"responsible_id": True},
    {"requested_on": "2024-02-30"}, {"legal_basis_id": 1},
])
def test_intervention_input_outside_the_schema_is_422(world: World, api_for: ApiFor, overrides: dict) -> None:
    response = api_for(world.coordinator).post(f"/plans/{world.plan.pk}/interventions",
                                               _add_body(world, **overrides))
    assert response.status_code == 422, response.content


@pytest.mark.parametrize("body", [
    {"end_date": "2025-01-01", "reason": "because"},
    {"end_date": "2025-01-01"},
    {"reason": "other"},
])
def test_end_input_outside_the_schema_is_422(world: World, api_for: ApiFor, body: dict) -> None:
    response = api_for(world.coordinator).post(f"/interventions/{world.treatment.pk}/end",
                                               {"version": world.treatment.version, **body})
    assert response.status_code == 422
