"""The staircase pages through Django's test client: who sees what, forms, the committee PDF."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from helhed.staircase.models import Step
from helhed.staircase.selectors import scenario_get, scenario_spec
from helhed.staircase.services import scenario_save
from helhed.staircase.tests.conftest import child
from helhed.testing.clients import english_client

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = english_client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_pages_need_a_log_in(shipped: None) -> None:
    response = Client().get("/staircase/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_staircases_with_costs_and_sources(shipped: None, team: SimpleNamespace) -> None:
    page = client_for(team.caseworker).get("/staircase/").content.decode()
    assert "Placement in a foster family" in page and "470,000" in page and "Benchmarkingenheden 2019" in page
    assert "Change the cost" not in page  # only analysts and administrators
    assert 'href="/staircase/scenarios/tpf-model-a/"' in page


def test_an_analyst_changes_a_unit_cost(shipped: None, team: SimpleNamespace) -> None:
    step = Step.objects.get(target_group__code="children-disabled", number=4)
    analyst = client_for(team.analyst)
    assert "Change the cost of step 4" in analyst.get("/staircase/").content.decode()
    refused = analyst.post(f"/staircase/steps/{step.pk}/cost/", {"annual_cost": "-5", "cost_source": "x"})
    assert refused.status_code == 422 and "cannot be negative" in refused.content.decode()
    saved = analyst.post(f"/staircase/steps/{step.pk}/cost/",
                         {"annual_cost": "280000", "cost_source": "Ours 2024"})
    assert saved.status_code == 302
    step.refresh_from_db()
    assert step.annual_cost == 280_000 and step.cost_is_local
    other = client_for(team.caseworker).post(f"/staircase/steps/{step.pk}/cost/", {"annual_cost": "1",
                                                                                  "cost_source": "x"})
    assert other.status_code == 403


def test_scenarios_side_by_side(shipped: None, team: SimpleNamespace) -> None:
    page = client_for(team.caseworker).get("/staircase/scenarios/").content.decode()
    assert "model A" in page and "model B" in page
    assert "4,200,000" in page and "8,400,000" in page  # team cost in all
    assert 'id="chart-net"' in page and 'type="application/json"' in page and "vega-embed.min.js" in page
    only_b = client_for(team.caseworker).get("/staircase/scenarios/", {"s": "tpf-model-b"}).content.decode()
    assert "8,400,000" in only_b and "4,200,000" not in only_b


def test_a_scenario_in_depth(shipped: None, team: SimpleNamespace) -> None:
    plain = client_for(team.caseworker).get("/staircase/scenarios/tpf-model-a/").content.decode()
    assert "What the decision expects, and what the model gives" in plain
    assert "900,000" in plain and "2,600,000" in plain
    assert "What the municipality" not in plain  # history is for leaders and analysts
    child(team, ("anbringelse-institution", dt.date(2014, 1, 1), dt.date(2016, 12, 31)),
          ("anbringelse-plejefamilie", dt.date(2017, 1, 1), None), birth=dt.date(2008, 5, 5))
    full = client_for(team.analyst).get("/staircase/scenarios/tpf-model-a/").content.decode()
    assert "What the municipality" in full and "Realised against expected, quarter by quarter" in full
    assert "2016 Q2" in full and 'id="chart-realised"' in full
    assert client_for(team.analyst).get("/staircase/scenarios/nope/").status_code == 404


def test_chart_data_is_escaped(shipped: None, team: SimpleNamespace) -> None:
    spec = scenario_spec(scenario_get("tpf-model-a"))
    spec.update(slug="xss", name_en="</script><script>alert(1)</script>", name_da="x")
    scenario_save(actor=team.analyst, spec=spec)
    page = client_for(team.analyst).get("/staircase/scenarios/").content.decode()
    assert "<script>alert(1)</script>" not in page


def test_flows_and_a_citizens_positions(shipped: None, team: SimpleNamespace) -> None:
    citizen = child(team, ("anbringelse-institution", dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
                    ("familiebehandling-32", dt.date(2023, 7, 1), None))
    flows = client_for(team.leader).get("/staircase/flows/", {"target_group": "children-disabled",
                                                              "quarters": "20"})
    assert flows.status_code == 200 and "Moved down" in flows.content.decode()
    assert client_for(team.plain).get("/staircase/flows/").status_code == 403
    mine = client_for(team.caseworker).get(f"/staircase/citizens/{citizen}/").content.decode()
    assert "Children and young people with disabilities" in mine and "Now on step 3." in mine
    assert client_for(team.other_leader).get(f"/staircase/citizens/{citizen}/").status_code == 404


def test_the_committee_pdf(shipped: None, team: SimpleNamespace) -> None:
    response = client_for(team.analyst).get("/staircase/scenarios/tpf-model-b/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 10_000


def test_danish_by_default_with_danish_sources(shipped: None, team: SimpleNamespace) -> None:
    client = Client()
    client.force_login(team.caseworker)
    page = client.get("/staircase/").content.decode()
    assert "Indsatstrappen" in page and "Anbringelse i plejefamilie" in page
    assert "landsgennemsnit på ca. 470.000 kr." in page and "470.000" in page
