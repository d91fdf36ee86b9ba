"""Seed 003 (Tættere på familien, Aarhus 2015): the shipped scenarios reproduce the decision's figures.

The decision gives the team costs (1.4 and 2.8 mio. kr. a year; 4.2 and 8.4 mio. kr. over the pilot) and
the expected savings on the measures budget (A 0.9 mio. kr. in 2017 rising to 2.6 mio. in 2019; B 1.5
rising to 4.5; none in 2016). The scenarios document the assumptions that make the savings come true.
"""

from __future__ import annotations

import pytest

from helhed.staircase.selectors import (
    expected_gross_savings,
    scenario_calibration,
    scenario_get,
    scenario_projection,
    scenario_simulation,
)

pytestmark = pytest.mark.django_db

TEAM_COST = {"tpf-model-a": (1_400_000, 4_200_000), "tpf-model-b": (2_800_000, 8_400_000)}
SAVINGS = {"tpf-model-a": {2016: 0, 2017: 900_000, 2019: 2_600_000},
           "tpf-model-b": {2016: 0, 2017: 1_500_000, 2019: 4_500_000}}


@pytest.mark.parametrize("slug", ["tpf-model-a", "tpf-model-b"])
def test_team_costs_are_reproduced_to_the_krone(shipped: None, slug: str) -> None:
    per_year, total = TEAM_COST[slug]
    p = scenario_projection(scenario_get(slug))
    full_years = {year: cost for year, cost in zip(p.years, p.team_cost, strict=True) if year in (2017, 2018)}
    assert all(abs(cost - per_year) < 1 for cost in full_years.values())
    assert abs(p.team_cost.sum() - total) < 1  # 75 % of 2016, 2017, 2018, 25 % of 2019: three pilot years


@pytest.mark.parametrize("slug", ["tpf-model-a", "tpf-model-b"])
def test_expected_savings_are_reproduced_within_5_percent(shipped: None, slug: str) -> None:
    scenario = scenario_get(slug)
    assert expected_gross_savings(scenario) == SAVINGS[slug]
    p = scenario_projection(scenario)
    savings = dict(zip(p.years, p.gross_saving, strict=True))
    assert savings[2016] == 0
    for year in (2017, 2019):
        assert savings[year] == pytest.approx(SAVINGS[slug][year], rel=0.05)
    assert savings[2017] < savings[2018] < savings[2019]


def test_the_shipped_effect_is_the_calibrated_one(shipped: None) -> None:
    calibration = scenario_calibration([scenario_get("tpf-model-a"), scenario_get("tpf-model-b")])
    shipped_theta = scenario_get("tpf-model-a").effect["theta"]
    assert shipped_theta == scenario_get("tpf-model-b").effect["theta"]
    assert calibration.theta == pytest.approx(shipped_theta, abs=0.0005)
    assert calibration.worst_relative_error < 0.05


def test_break_even_and_uncertainty(shipped: None) -> None:
    a = scenario_projection(scenario_get("tpf-model-a"))
    assert a.break_even_year == 2019 and a.npv > 0
    sim = scenario_simulation(scenario_get("tpf-model-a"), draws=1000, seed=1)
    gross_2019 = sim.intervals("gross_saving")[3]
    assert gross_2019.low < a.gross_saving[3] < gross_2019.high
    assert 0.2 < sim.probability_npv_positive < 0.9  # an untried field: the decision says so itself
