"""Loading staircases and scenarios, unit costs, scenarios of one's own."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from helhed.core.errors import PermissionDenied, ValidationError
from helhed.staircase.models import Scenario, Step, StepPlacement, TargetGroup
from helhed.staircase.selectors import scenario_get, scenario_projection, scenario_spec
from helhed.staircase.services import (
    DEFAULT_STAIRCASES,
    scenario_delete,
    scenario_save,
    scenario_sync,
    staircase_sync,
    step_cost_update,
)

pytestmark = pytest.mark.django_db


def test_the_shipped_staircases(shipped: None) -> None:
    children = TargetGroup.objects.get(code="children-vulnerable")
    steps = list(children.steps.order_by("number"))
    assert [s.code for s in steps] == [
        "almen", "forebyggende", "hjemmebaseret", "netvaerk", "plejefamilie", "institution"
    ]
    assert steps[4].annual_cost == 470_000 and "Benchmarkingenheden 2019" in steps[4].cost_source
    assert steps[5].annual_cost == 1_160_000 and not steps[5].cost_is_estimate
    assert all(s.cost_source for s in Step.objects.all())
    placed = {
        p.intervention_type.code: p.step.number for p in StepPlacement.objects.filter(target_group=children)
    }
    assert placed["anbringelse-institution"] == 6 and placed["familiebehandling-32"] == 3
    codes = set(TargetGroup.objects.values_list("code", flat=True))
    assert codes == {"children-vulnerable", "children-disabled", "adults"}


def test_sync_is_idempotent_and_keeps_a_local_cost(shipped: None, team: SimpleNamespace) -> None:
    step = Step.objects.get(target_group__code="children-disabled", number=6)
    step_cost_update(actor=team.analyst, step_id=step.pk, annual_cost="1 200 000".replace(" ", ""),
                     cost_source="Our accounts 2024")
    staircase_sync()
    staircase_sync()
    step.refresh_from_db()
    assert step.annual_cost == 1_200_000 and step.cost_is_local and step.cost_source == "Our accounts 2024"
    assert Step.objects.filter(target_group__code="children-disabled").count() == 6


def test_unit_costs_are_checked_and_only_analysts_change_them(shipped: None, team: SimpleNamespace) -> None:
    step = Step.objects.get(target_group__code="adults", number=1)
    with pytest.raises(ValidationError, match="cannot be negative"):
        step_cost_update(actor=team.analyst, step_id=step.pk, annual_cost=-1, cost_source="x")
    with pytest.raises(ValidationError, match="where the cost comes from"):
        step_cost_update(actor=team.analyst, step_id=step.pk, annual_cost=1, cost_source=" ")
    with pytest.raises(PermissionDenied):
        step_cost_update(actor=team.caseworker, step_id=step.pk, annual_cost=1, cost_source="x")


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "staircases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_bad_staircase_file_is_refused_whole(shipped: None, tmp_path: Path) -> None:
    data = json.loads(DEFAULT_STAIRCASES.read_text(encoding="utf-8"))
    data["target_groups"][0]["placements"]["no-such-type"] = 2
    with pytest.raises(ValidationError, match="not in the catalogue"):
        staircase_sync(path=_write(tmp_path, data))
    data = json.loads(DEFAULT_STAIRCASES.read_text(encoding="utf-8"))
    data["target_groups"][1]["steps"][0]["annual_cost"] = -10
    data["target_groups"][0]["name_en"] = "Changed"
    with pytest.raises(ValidationError, match="cannot be negative"):
        staircase_sync(path=_write(tmp_path, data))
    assert TargetGroup.objects.get(code="children-vulnerable").name_en != "Changed"  # nothing half-written
    data = json.loads(DEFAULT_STAIRCASES.read_text(encoding="utf-8"))
    data["target_groups"][2]["steps"][1]["number"] = 7
    with pytest.raises(ValidationError, match="number the steps"):
        staircase_sync(path=_write(tmp_path, data))


def _own_spec(**changes: Any) -> dict[str, Any]:
    spec = scenario_spec(scenario_get("tpf-model-a"))
    spec.update({"slug": "our-team", "name_da": "Vores team", "name_en": "Our team"}, **changes)
    return spec


def test_a_scenario_of_ones_own(shipped: None, team: SimpleNamespace) -> None:
    scenario = scenario_save(actor=team.leader, spec=_own_spec())
    assert not scenario.is_shipped and scenario.version == 1
    longer = _own_spec(horizon_years=6, team_share=[], effect_share=[])
    changed = scenario_save(actor=team.leader, spec=longer, expected_version=1)
    assert changed.version == 2 and len(scenario_projection(changed).years) == 6
    with pytest.raises(ValidationError, match="send the version"):
        scenario_save(actor=team.leader, spec=_own_spec())
    with pytest.raises(PermissionDenied):
        scenario_save(actor=team.caseworker, spec=_own_spec(slug="x"))
    scenario_delete(actor=team.analyst, slug="our-team")
    assert not Scenario.objects.filter(slug="our-team").exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"team": {"advisors": 6, "advisor_cost": 1, "caseload": 0}}, "must be more than 0"),
        ({"effect": {"kind": "matrix", "matrix": [[0.5, 0, 0, 0, 0, 0, 0]] * 7}}, "add up to 1"),
        ({"unit_costs": [0, 1, 2, 3, 4, 5, -6]}, "negative"),
        ({"cohort": [0, 14, 43, 36, 22, 12]}, "each of the 7 states"),
        ({"effect": {"kind": "step_down", "theta": 2, "from_steps": [4]}}, "between 0 and 1"),
        ({"baseline": {"kind": "guess"}}, "Choose how the baseline transition table is given"),
        ({"horizon_years": 2.5}, "whole number of years"),
        ({"team": {"advisors": "many", "advisor_cost": 1, "caseload": 24}}, "advisors must be a number"),
    ],
)
def test_invalid_scenarios_are_refused(shipped: None, team: SimpleNamespace, changes: dict[str, Any],
                                       words: str) -> None:
    with pytest.raises(ValidationError) as info:
        scenario_save(actor=team.analyst, spec=_own_spec(**changes))
    assert words in str(info.value)
    assert not Scenario.objects.filter(slug="our-team").exists()


def test_shipped_scenarios_are_not_changed_by_hand(shipped: None, team: SimpleNamespace) -> None:
    with pytest.raises(ValidationError, match="new short name"):
        scenario_save(actor=team.analyst, spec=_own_spec(slug="tpf-model-a"), expected_version=1)
    with pytest.raises(ValidationError, match="cannot be removed"):
        scenario_delete(actor=team.analyst, slug="tpf-model-a")
    assert scenario_sync() == 2
