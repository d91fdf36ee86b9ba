"""The staircase REST API under /api/v1/staircase: bearer tokens, English errors, thin handlers."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from helhed.access.tokens import token_create
from helhed.people.models import User
from helhed.staircase.selectors import scenario_get, scenario_spec
from helhed.staircase.tests.conftest import child

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staircase"


class Api:
    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_create(user=user)[1]}"} if user else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: Any) -> Any:
        call = getattr(self.client, method)
        return call(BASE + path, json.dumps(body), content_type="application/json", headers=self.headers)


def _own(**changes: Any) -> dict[str, Any]:
    spec = scenario_spec(scenario_get("tpf-model-a"))
    for name in ("is_shipped", "version"):
        spec.pop(name)
    spec.update({"slug": "our-team", "name_da": "Vores team", "name_en": "Our team"}, **changes)
    return spec


def test_a_token_is_needed(shipped: None) -> None:
    assert Api(None).get("/target-groups").status_code == 401


def test_staircases_and_costs(shipped: None, team: SimpleNamespace) -> None:
    data = Api(team.caseworker).get("/target-groups/children-vulnerable").json()
    assert [s["number"] for s in data["steps"]] == [1, 2, 3, 4, 5, 6]
    foster = data["steps"][4]
    assert foster["annual_cost"] == 470_000 and "Benchmarkingenheden" in foster["cost_source"]
    assert foster["intervention_types"] == ["anbringelse-plejefamilie"]
    step_id = data["steps"][0]["id"]
    cost = f"/steps/{step_id}/cost"
    refused = Api(team.caseworker).send("put", cost, {"annual_cost": 1, "cost_source": "x"})
    assert refused.status_code == 403
    ok = Api(team.analyst).send("put", cost, {"annual_cost": 12_345, "cost_source": "Ours"})
    assert ok.status_code == 200 and ok.json()["annual_cost"] == 12_345 and ok.json()["cost_is_local"]
    assert Api(team.analyst).get("/target-groups/nope").status_code == 404


def test_scenario_projection_and_simulation(shipped: None, team: SimpleNamespace) -> None:
    listing = Api(team.caseworker).get("/scenarios").json()
    assert {s["slug"] for s in listing} == {"tpf-model-a", "tpf-model-b"}
    run = Api(team.caseworker).get("/scenarios/tpf-model-b/projection", {"draws": 200, "seed": 1}).json()
    years = run["projection"]["years"]
    assert [y["year"] for y in years] == [2016, 2017, 2018, 2019]
    assert years[1]["team_cost"] == pytest.approx(2_800_000, abs=1)
    assert years[3]["gross_saving"] == pytest.approx(4_500_000, rel=0.05)
    assert run["simulation"]["draws"] == 200 and len(run["simulation"]["net_saving"]) == 4
    side = Api(team.caseworker).get("/compare", {"scenario": ["tpf-model-a", "tpf-model-b"]}).json()
    assert [s["slug"] for s in side] == ["tpf-model-a", "tpf-model-b"]
    assert Api(team.caseworker).get("/scenarios/tpf-model-a/projection", {"draws": 10**7}).status_code == 422


def test_a_model_entered_by_hand_and_its_errors_in_english(shipped: None, team: SimpleNamespace) -> None:
    spec = _own()
    ok = Api(team.caseworker).send("post", "/project?draws=50", spec)
    assert ok.status_code == 200 and ok.json()["simulation"]["draws"] == 50
    no_caseload = _own(team={"advisors": 6, "advisor_cost": 1, "caseload": 0})
    bad = Api(team.caseworker).send("post", "/project", no_caseload)
    assert bad.status_code == 400
    assert bad.json()["field"] == "caseload"
    assert "caseload per advisor must be more than 0" in bad.json()["detail"]
    rows = [[0.5] + [0.0] * 6] + [[0.0] * i + [1.0] + [0.0] * (6 - i) for i in range(1, 7)]
    bad = Api(team.caseworker).send("post", "/project", _own(baseline={"kind": "matrix", "matrix": rows}))
    assert bad.status_code == 400 and "Off the staircase" in bad.json()["detail"]
    assert "add up to 0.5" in bad.json()["detail"]


def test_saving_changing_and_removing_a_scenario(shipped: None, team: SimpleNamespace) -> None:
    api = Api(team.analyst)
    created = api.send("post", "/scenarios", _own())
    assert created.status_code == 201 and created.json()["version"] == 1
    changed = api.send("put", "/scenarios/our-team", {**_own(horizon_years=3, team_share=[], effect_share=[]),
                                                      "version": 1})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = api.send("put", "/scenarios/our-team", {**_own(), "version": 1})
    assert stale.status_code == 409
    assert Api(team.caseworker).send("post", "/scenarios", _own(slug="mine")).status_code == 403
    assert api.client.delete(BASE + "/scenarios/our-team", headers=api.headers).status_code == 204
    assert api.client.delete(BASE + "/scenarios/tpf-model-a", headers=api.headers).status_code == 400


def test_figures_from_history(shipped: None, team: SimpleNamespace) -> None:
    citizen = child(team, ("anbringelse-institution", dt.date(2021, 1, 1), dt.date(2022, 6, 30)),
                    ("anbringelse-plejefamilie", dt.date(2022, 7, 1), None))
    flows = Api(team.leader).get("/target-groups/children-disabled/flows",
                                 {"first": "2022-01-01", "last": "2022-12-31"}).json()
    assert [f["quarter"] for f in flows] == ["2022 Q1", "2022 Q2", "2022 Q3", "2022 Q4"]
    assert flows[2]["down"] is None and flows[2]["suppressed"]["down"] == "primary"  # one citizen: hidden
    est = Api(team.analyst).get("/target-groups/children-disabled/transitions",
                                {"until": "2023-01-01", "years": 2}).json()
    assert est["counts"][6][5] is None and est["hidden_rows"] == [6] and est["mean"][6][5] is None
    assert Api(team.plain).get("/target-groups/children-disabled/flows").status_code == 403
    positions = Api(team.caseworker).get(f"/citizens/{citizen}/positions").json()
    assert positions[0]["target_group"] == "children-disabled" and positions[0]["current_step"] == 5
    assert Api(team.other_leader).get(f"/citizens/{citizen}/positions").status_code == 404
    realised = Api(team.analyst).get("/scenarios/tpf-model-a/realised", {"until": "2019-12-31"}).json()
    assert realised["cohort"] == [0, 0, 0, 0, 0, 0, 0] and realised["quarters"] == []


def test_the_openapi_document_describes_the_staircase(shipped: None, team: SimpleNamespace) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    paths = [p for p in doc["paths"] if p.startswith(BASE)]
    assert f"{BASE}/scenarios/{{slug}}/projection" in paths and f"{BASE}/project" in paths
