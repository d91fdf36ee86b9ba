"""Positions, flows, transitions estimated from a hand-made history in Helhed, realised against expected."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from helhed.access.models import AuditEvent
from helhed.core.errors import NotFound, PermissionDenied
from helhed.staircase.selectors import (
    citizen_staircase,
    history_estimate,
    quarterly_flow_table,
    realised_vs_expected,
    scenario_get,
    scenario_spec,
)
from helhed.staircase.services import scenario_save
from helhed.staircase.tests.conftest import child

pytestmark = pytest.mark.django_db
D = dt.date
INSTITUTION, FOSTER, THERAPY = "anbringelse-institution", "anbringelse-plejefamilie", "familiebehandling-32"


@pytest.fixture
def history(team: SimpleNamespace) -> dict[str, int]:
    """Four disabled children; their steps on 1 January 2022, 2023 and 2024 are in the comments."""
    return {
        # 6, 5, 5: from an institution to a foster family on 1 January 2023
        "down": child(team, (INSTITUTION, D(2021, 6, 1), D(2022, 12, 31)), (FOSTER, D(2023, 1, 1), None),
                      (THERAPY, D(2021, 6, 1), None)),
        # 5, 5, 5
        "foster": child(team, (FOSTER, D(2021, 1, 1), None)),
        # 3, 3, 0: family therapy ends in June 2023
        "therapy": child(team, (THERAPY, D(2021, 1, 1), D(2023, 6, 30))),
        # 0, 6, 6: placed in June 2022
        "new": child(team, (INSTITUTION, D(2022, 6, 1), None)),
    }


def test_transitions_estimated_from_a_hand_made_history(
    team: SimpleNamespace, history: dict[str, int]
) -> None:
    result = history_estimate(actor=team.analyst, target_group="children-disabled", until=D(2024, 1, 1),
                              years=2)
    assert result.anchors == [D(2022, 1, 1), D(2023, 1, 1), D(2024, 1, 1)]
    counts = result.estimate.counts
    # From step 6: to 5 once (the first child), stays once (the new child's second year).
    assert counts[6].tolist() == [0, 0, 0, 0, 0, 1, 1]
    # From step 5: stays three times (the first child's second year, the foster child twice).
    assert counts[5].tolist() == [0, 0, 0, 0, 0, 3, 0]
    # From step 3: stays once, leaves the staircase once.
    assert counts[3].tolist() == [1, 0, 0, 1, 0, 0, 0]
    assert result.estimate.inflow.tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert result.cases == 7
    np.testing.assert_allclose(result.estimate.mean.sum(axis=1), 1)


def test_the_staircase_counts_only_its_target_group(team: SimpleNamespace, history: dict[str, int]) -> None:
    # A child held by an adult-social team is not a disabled child for the staircase; nor is an adult.
    other = SimpleNamespace(**{**vars(team), "caseworker": team.other_leader, "unit": team.other_unit})
    child(other, (INSTITUTION, D(2021, 1, 1), None))
    child(team, (INSTITUTION, D(2021, 1, 1), None), birth=D(2000, 1, 1))
    result = history_estimate(actor=team.analyst, target_group="children-disabled", until=D(2024, 1, 1),
                              years=2)
    assert result.cases == 7
    vulnerable = history_estimate(actor=team.analyst, target_group="children-vulnerable", until=D(2024, 1, 1),
                                  years=2)
    assert vulnerable.cases == 0  # Team Udsatte Voksne is adult social services, not children and families


def test_figures_are_for_leaders_and_analysts_within_their_units(
    team: SimpleNamespace, history: dict[str, int]
) -> None:
    with pytest.raises(PermissionDenied):
        history_estimate(actor=team.plain, target_group="children-disabled")
    with pytest.raises(PermissionDenied):
        quarterly_flow_table(actor=team.other_leader, target_group="children-disabled", unit_id=team.unit.pk)
    own = history_estimate(actor=team.leader, target_group="children-disabled", until=D(2024, 1, 1), years=2)
    assert own.unit == team.unit and own.cases == 7
    elsewhere = history_estimate(actor=team.other_leader, target_group="children-disabled",
                                 until=D(2024, 1, 1), years=2)
    assert elsewhere.cases == 0


def test_quarterly_flows(team: SimpleNamespace, history: dict[str, int]) -> None:
    table = quarterly_flow_table(actor=team.leader, target_group="children-disabled", first=D(2022, 4, 1),
                                 last=D(2023, 9, 30))
    by_label = {q.label: f for q, f in table.rows}
    assert list(by_label) == ["2022 Q2", "2022 Q3", "2022 Q4", "2023 Q1", "2023 Q2", "2023 Q3"]
    assert (by_label["2022 Q2"].entered, by_label["2022 Q2"].stayed) == (1, 3)
    assert (by_label["2023 Q1"].down, by_label["2023 Q1"].stayed) == (1, 3)
    assert (by_label["2023 Q3"].left, by_label["2023 Q3"].stayed) == (1, 3)
    assert all(f.up == 0 for f in by_label.values())


def test_a_citizens_positions_are_access_checked_and_audited(
    team: SimpleNamespace, history: dict[str, int]
) -> None:
    stairs = citizen_staircase(actor=team.caseworker, citizen_id=history["down"])
    assert [s.target_group.code for s in stairs] == ["children-disabled"]
    mine = stairs[0]
    assert [seg.step for seg in mine.segments] == [6, 5]
    assert mine.segments[0].start == D(2021, 6, 1) and mine.segments[1].start == D(2023, 1, 1)
    assert [m.direction for m in mine.movements] == ["down"]
    assert mine.current_step == 5
    assert AuditEvent.objects.filter(citizen_id=history["down"], purpose="staircase_positions").exists()
    with pytest.raises(NotFound):
        citizen_staircase(actor=team.other_leader, citizen_id=history["down"])


def test_realised_against_expected_quarter_by_quarter(team: SimpleNamespace, history: dict[str, int]) -> None:
    spec = scenario_spec(scenario_get("tpf-model-a"))
    spec.update(slug="team-handicap", unit=team.unit.pk, start_year=2022, start_date="2022-01-01",
                horizon_years=3, team_share=[1, 1, 1], effect_share=[1, 1, 1])
    scenario = scenario_save(actor=team.analyst, spec=spec)
    result = realised_vs_expected(actor=team.leader, scenario=scenario, until=D(2023, 12, 31))
    # The cases Helhed followed from 1 January 2022: one each on steps 3, 5 and 6 (the new child came later).
    assert result.cohort == [0, 0, 0, 1, 0, 1, 1]
    assert [q.quarter.label for q in result.quarters][:2] == ["2022 Q1", "2022 Q2"]
    assert len(result.quarters) == 8
    q1 = result.quarters[0]
    # Steps 3, 5, 6 cost 150,000, 470,000 and 1,160,000 a year: 445,000 a quarter, as expected in year one.
    assert q1.realised == pytest.approx(445_000)
    assert q1.expected_baseline == pytest.approx(445_000) and q1.expected_saving == 0
    q2023 = result.quarters[4]
    # 2023 Q1: the institution became a foster family: (470,000 + 470,000 + 150,000) / 4 = 272,500.
    assert q2023.realised == pytest.approx(272_500)
    assert q2023.realised_saving == pytest.approx(445_000 - 272_500)
    assert q2023.flow.down == 1
    assert 0 < q2023.expected_saving < q2023.realised_saving
    # 2023 Q3: family therapy has ended: only the foster families are left.
    assert result.quarters[6].realised == pytest.approx(2 * 470_000 / 4)
    assert result.cumulative[-1][1] > result.cumulative[-1][0]


def test_a_business_case_on_the_municipalitys_own_history(
    team: SimpleNamespace, history: dict[str, int]
) -> None:
    from helhed.staircase.selectors import model_run, scenario_projection

    spec = scenario_spec(scenario_get("tpf-model-a"))
    spec.update(slug="on-history", baseline={"kind": "history", "years": 2}, unit=team.unit.pk)
    scenario = scenario_save(actor=team.analyst, spec=spec)
    projection = scenario_projection(scenario)
    # The history has cases leaving the staircase and moving down: the baseline is no longer flat.
    assert projection.measure_baseline[1] < projection.measure_baseline[0]
    mine, sim = model_run(actor=team.leader, spec=spec, draws=20, seed=1)
    assert sim is not None and sim.draws == 20 and mine.years == projection.years
    with pytest.raises(PermissionDenied):
        model_run(actor=team.plain, spec=spec)
