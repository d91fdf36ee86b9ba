"""The whole plan (GET) and its header (PUT with version): findings, permissions, 409 and 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhed.plans import services
from helhed.plans.models import Plan
from helhed.plans.tests.api.conftest import ApiFor, World, today
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_whole_plan(world: World, api_for: ApiFor) -> None:
    services.note_add(actor=world.provider, plan_id=world.plan.pk, text="Mødte op til samtale")
    response = api_for(world.coordinator).get(f"/citizens/{world.citizen_id}/plan")
    assert response.status_code == 200
    body = response.json()
    assert body["citizen"]["id"] == world.citizen_id
    assert body["plan"]["id"] == world.plan.pk and body["plan"]["status"] == "active"
    assert body["plan"]["coordinator"]["id"] == world.coordinator.pk
    assert body["coordinator_unit"]["name"] == "Team Udsatte Voksne"
    assert [g["citizen_wording"] for g in body["goals"]] == ["Jeg vil være stoffri"]
    by_id = {i["id"]: i for i in body["interventions"]}
    treatment = by_id[world.treatment.pk]
    assert treatment["status"] == "active" and treatment["goal_ids"] == [world.goal.pk]
    assert treatment["provider_unit"]["name"] == "Center for Misbrugsbehandling"
    assert treatment["responsible"]["id"] == world.provider.pk
    assert treatment["type"]["code"] == "stofbehandling-ambulant"
    ended = [i for i in body["interventions"] if i["status"] == "ended"]
    assert [i["end_reason"] for i in ended] == ["citizen_declined"]
    assert [n["text"] for n in body["notes"]] == ["Mødte op til samtale"]
    assert body["follow_ups"] and body["follow_ups"][0]["done_on"] is None
    assert body["current_version"]["number"] == 1
    assert {"view", "edit_plan", "add_intervention", "close_plan"} <= set(body["permissions"])


def test_findings_are_in_english_whatever_the_client_asks_for(world: World, api_for: ApiFor) -> None:
    # An intervention that serves no goal is a coherence finding.
    f.intervention(world.plan, code="bostotte-85", provider=world.units["team_a"])
    response = api_for(world.coordinator, language="da").get(f"/citizens/{world.citizen_id}/plan")
    assert response["Content-Language"] == "en"
    findings = response.json()["findings"]
    rules = {x["rule"]: x for x in findings}
    assert "intervention_without_goal" in rules
    assert rules["intervention_without_goal"]["title"].endswith("serves no goal")
    assert rules["intervention_without_goal"]["explanation"].startswith("Every intervention should support")


def test_permissions_follow_the_relation(world: World, api_for: ApiFor) -> None:
    body = api_for(world.provider).get(f"/citizens/{world.citizen_id}/plan").json()
    assert "view" in body["permissions"] and "edit_own_intervention" in body["permissions"]
    assert "edit_plan" not in body["permissions"]


def test_plan_of_an_invisible_or_closed_plan_is_404(world: World, api_for: ApiFor) -> None:
    # The job consultant's only intervention has ended: no relation any more.
    assert api_for(world.job_consultant).get(f"/citizens/{world.citizen_id}/plan").status_code == 404
    assert api_for(world.stranger).get(f"/citizens/{world.citizen_id}/plan").status_code == 404


def _header(plan: Plan, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {"version": plan.version, "vision": plan.vision,
                               "follow_up_interval_days": plan.follow_up_interval_days}
    body.update(overrides)
    return body


def test_update_the_header(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).put(f"/plans/{world.plan.pk}", _header(
        world.plan, vision="Egen bolig inden sommer", follow_up_interval_days=30, holistic_consent=True,
        holistic_consent_on=str(today()), holistic_consent_form="written"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == world.plan.version + 1
    assert body["vision"] == "Egen bolig inden sommer" and body["holistic_consent_form"] == "written"
    world.plan.refresh_from_db()
    assert world.plan.follow_up_interval_days == 30 and world.plan.holistic_consent_on == today()


def test_second_writer_gets_409_with_both_versions(world: World, api_for: ApiFor) -> None:
    first, second = api_for(world.coordinator), api_for(world.leader)
    read_version = world.plan.version
    assert first.put(f"/plans/{world.plan.pk}", _header(world.plan, vision="Første tekst")).status_code == 200
    response = second.put(f"/plans/{world.plan.pk}", _header(world.plan, version=read_version,
                                                              vision="Anden tekst"))
    assert response.status_code == 409
    body = response.json()
    assert body["detail"].startswith("Someone else saved this while you were editing.")
    assert body["current"]["vision"] == "Første tekst"
    assert body["current"]["version"] == read_version + 1
    assert body["yours"]["vision"] == "Anden tekst" and body["yours"]["version"] == read_version
    world.plan.refresh_from_db()
    assert world.plan.vision == "Første tekst"
    # Saving again on top of the current version works.
    retry = second.put(f"/plans/{world.plan.pk}", _header(world.plan, vision="Anden tekst"))
    assert retry.status_code == 200 and retry.json()["version"] == read_version + 2


def test_consent_without_a_date_is_400_in_english(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator, language="da").put(
        f"/plans/{world.plan.pk}", _header(world.plan, holistic_consent=True, holistic_consent_form="oral"))
    assert response.status_code == 400
    assert response.json() == {"detail": "Give the date the citizen consented (not in the future).",
                               "field": "holistic_consent_on"}


def test_consent_in_the_future_is_400(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).put(f"/plans/{world.plan.pk}", _header(
        world.plan, holistic_consent=True, holistic_consent_on=str(today() + dt.timedelta(days=1)),
        holistic_consent_form="oral"))
    assert response.status_code == 400 and response.json()["field"] == "holistic_consent_on"


def test_provider_may_not_edit_the_header(world: World, api_for: ApiFor) -> None:
    response = api_for(world.provider).put(f"/plans/{world.plan.pk}", _header(world.plan, vision="Nej"))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Your relation to this citizen does not allow this.")


def test_header_of_an_invisible_plan_is_404_and_unchanged(world: World, api_for: ApiFor) -> None:
    body = _header(world.plan, vision="Overskrevet")
    response = api_for(world.stranger).put(f"/plans/{world.plan.pk}", body)
    assert response.status_code == 404
    world.plan.refresh_from_db()
    assert world.plan.vision != "Overskrevet"


@pytest.mark.parametrize("overrides", [
    {"version": 0}, {"version": "1"}, {"follow_up_interval_days": 400}, {"vision": "x" * 5001},
    {"holistic_consent": "yes"}, {"holistic_consent_form": "telepathic"},
    {"holistic_consent_on": "31-12-2024"},
    {"status": "closed"},
])
def test_header_input_outside_the_schema_is_422(world: World, api_for: ApiFor, overrides: dict) -> None:
    response = api_for(world.coordinator).put(f"/plans/{world.plan.pk}", _header(world.plan, **overrides))
    assert response.status_code == 422


def test_the_plan_costs_the_same_number_of_queries_however_big_it_is(
    world: World, api_for: ApiFor, django_assert_max_num_queries: Any,
) -> None:
    client = api_for(world.coordinator)
    client.get("/me")  # the token's first use is recorded once; keep that write out of the count
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/citizens/{world.citizen_id}/plan").status_code == 200
    for n in range(4):
        goal = f.goal(world.plan, wording=f"Mål {n}")
        f.intervention(world.plan, code="bostotte-85", provider=world.units["team_b"], goals=[goal],
                       responsible=world.stranger)
        services.note_add(actor=world.coordinator, plan_id=world.plan.pk, text=f"Note {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/citizens/{world.citizen_id}/plan").status_code == 200
