"""The outcomes API: instruments, assessments, goal scales, stories, results and what works, under the
same access rules as the pages (404 for a citizen the user does not work with)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from helhed.access.tokens import token_create
from helhed.outcomes.models import Assessment, Story
from helhed.people.models import User
from helhed.plans.models import Plan
from helhed.testing import factories as f

from ..conftest import LEVELS, MASTERY, days_ago, mastery

pytestmark = pytest.mark.django_db
BASE = "/api/v1/outcomes"


class Api:
    def __init__(self, user: User) -> None:
        _token, raw = token_create(user=user, name="test")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: Any) -> Any:
        call = getattr(self.client, method)
        return call(BASE + path, json.dumps(body), content_type="application/json", headers=self.headers)


def _assessment(on: str, scores: tuple[int, int, int] = (4, 5, 6), **extra: Any) -> dict[str, Any]:
    return {
        "instrument": "aarhus-mastery",
        "assessed_on": on,
        "rater": "together",
        "answers": [{"item": i, "value": v} for i, v in zip(MASTERY, scores, strict=True)],
        **extra,
    }


def test_instruments_are_listed_with_their_definitions(cast: SimpleNamespace) -> None:
    response = Api(cast.stranger).get("/instruments")
    assert response.status_code == 200
    by_code = {i["code"]: i for i in response.json()}
    assert by_code["gas"]["attaches_to"] == "goal" and by_code["gas"]["definition"]["gas"]["rho"] == 0.3
    one = Api(cast.stranger).get("/instruments/aarhus-mastery").json()
    assert one["version"] == 1 and len(one["definition"]["items"]) == 3
    assert Api(cast.stranger).get("/instruments/nope").status_code == 404
    assert Client().get(BASE + "/instruments").status_code == 401


def test_record_list_and_withdraw_assessments(cast: SimpleNamespace, plan: Plan) -> None:
    api = Api(cast.coordinator)
    created = api.send(
        "post", f"/citizens/{plan.citizen_id}/assessments", _assessment(days_ago(30).isoformat())
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["instrument"] == "aarhus-mastery" and {a["rater"] for a in body["answers"]} == {"together"}
    api.send(
        "post", f"/citizens/{plan.citizen_id}/assessments", _assessment(days_ago(1).isoformat(), (6, 5, 6))
    )
    listed = api.get(f"/citizens/{plan.citizen_id}/assessments").json()
    assert [a["answers"][0]["value"] for a in listed] == [4.0, 6.0]
    results = {r["measure"]: r for r in api.get(f"/citizens/{plan.citizen_id}/results").json()}
    assert results["personal_development"]["reached_or_improved"] is True
    assert results["personal_development"]["change"] == 2.0
    assert results["network_citizenship"]["category"] == "unchanged"
    withdrawn = api.send("post", f"/assessments/{body['id']}/withdraw", {"reason": "Tastefejl"})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        (
            {
                "answers": [
                    {"item": MASTERY[0], "value": 11},
                    {"item": MASTERY[1], "value": 5},
                    {"item": MASTERY[2], "value": 5},
                ]
            },
            400,
            "must be between 1 and 10 (you gave 11)",
        ),
        ({"assessed_on": days_ago(-3).isoformat()}, 400, "cannot be dated in the future"),
        ({"version": 9}, 400, "There is no version 9"),
        ({"rater": "doctor"}, 422, None),
        ({"surprise": True}, 422, None),
    ],
)
def test_bad_assessments_are_refused(
    cast: SimpleNamespace, plan: Plan, change: dict, status: int, words: str | None
) -> None:
    response = Api(cast.coordinator).send(
        "post", f"/citizens/{plan.citizen_id}/assessments", {**_assessment(days_ago(0).isoformat()), **change}
    )
    assert response.status_code == status, response.content
    if words:
        assert words in response.json()["detail"]
    assert not Assessment.objects.exists()


def test_no_relation_answers_404_everywhere(cast: SimpleNamespace, plan: Plan) -> None:
    a = mastery(cast.coordinator, plan, (4, 4, 4), on=days_ago(2))
    api = Api(cast.stranger)
    assert api.get(f"/citizens/{plan.citizen_id}/assessments").status_code == 404
    assert api.get(f"/citizens/{plan.citizen_id}/stories").status_code == 404
    assert api.get(f"/citizens/{plan.citizen_id}/results").status_code == 404
    assert (
        api.send(
            "post", f"/citizens/{plan.citizen_id}/assessments", _assessment(days_ago(0).isoformat())
        ).status_code
        == 404
    )
    assert api.send("post", f"/assessments/{a.pk}/withdraw", {"reason": "x"}).status_code == 404
    assert api.get("/citizens/999999/assessments").status_code == 404


def test_goal_scale_and_stories(cast: SimpleNamespace, plan: Plan) -> None:
    api = Api(cast.coordinator)
    goal = f.goal(plan)
    scale = {
        "weight": 2,
        "much_less": LEVELS[-2],
        "less": LEVELS[-1],
        "expected": LEVELS[0],
        "more": LEVELS[1],
        "much_more": LEVELS[2],
    }
    put = api.send("put", f"/goals/{goal.pk}/scale", scale)
    assert put.status_code == 200 and put.json()["weight"] == 2.0
    gas = api.send(
        "post",
        f"/citizens/{plan.citizen_id}/assessments",
        {
            "instrument": "gas",
            "goal_id": goal.pk,
            "assessed_on": days_ago(0).isoformat(),
            "answers": [{"item": "level", "value": -1, "rater": "citizen"}],
        },
    )
    assert gas.status_code == 201 and gas.json()["goal_id"] == goal.pk
    story = api.send(
        "post",
        f"/citizens/{plan.citizen_id}/stories",
        {
            "told_by": "citizen",
            "told_on": days_ago(0).isoformat(),
            "what_works": "Faste tider.",
            "goal_id": goal.pk,
            "consent_anonymised": True,
            "consent_form": "written",
        },
    )
    assert story.status_code == 201, story.content
    sid = story.json()["id"]
    assert (
        api.send("put", f"/stories/{sid}/consent", {"consent_anonymised": False}).json()["consent_anonymised"]
        is False
    )
    assert not Story.objects.get(pk=sid).consent_anonymised
    assert [s["id"] for s in api.get(f"/citizens/{plan.citizen_id}/stories").json()] == [sid]


def test_what_works_is_suppressed_for_small_populations(cast: SimpleNamespace, plan: Plan) -> None:
    mastery(cast.coordinator, plan, (3, 3, 3), on=days_ago(60))
    mastery(cast.coordinator, plan, (5, 3, 3), on=days_ago(6))
    body = Api(cast.leader).get("/what-works").json()
    assert body["suppressed"] is True and body["citizens"] is None and body["measures"] == []
    assert "observational" in body["notice"]
    assert Api(cast.leader).get("/what-works", {"target_group": "nobody"}).status_code == 400
