"""The projection against cases worked out by hand (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from helhed.staircase.projection import (
    StepDown,
    Team,
    Transitions,
    break_even_index,
    calibrate_step_down,
    discount_factors,
    project,
    scenario_matrix,
    simulate,
)
from helhed.staircase.tests.cases import two_steps


def test_two_steps_one_year_by_hand() -> None:
    # Year 1 (2020): the cohort as it is: 10 x 100 + 10 x 1,000 = 11,000 kr. on both sides, no saving.
    # During 2020, 20 % of the 10 cases on step 2 move to step 1: 2021 has 12 on step 1 and 8 on step 2,
    # 12 x 100 + 8 x 1,000 = 9,200 kr. against 11,000 without the team: a gross saving of 1,800 kr.
    # The advisor costs 500 a year: net -500 and 1,300; cumulative -500 and 800, so break-even in 2021.
    # NPV at 10 %: -500 + 1,300 / 1.1 = 681.82 kr.
    p = project(two_steps())
    assert p.years == [2020, 2021]
    np.testing.assert_allclose(p.cases_baseline, [[0, 10, 10], [0, 10, 10]])
    np.testing.assert_allclose(p.cases_scenario, [[0, 10, 10], [0, 12, 8]])
    np.testing.assert_allclose(p.measure_baseline, [11_000, 11_000])
    np.testing.assert_allclose(p.measure_scenario, [11_000, 9_200])
    np.testing.assert_allclose(p.gross_saving, [0, 1_800])
    np.testing.assert_allclose(p.team_cost, [500, 500])
    np.testing.assert_allclose(p.net_saving, [-500, 1_300])
    np.testing.assert_allclose(p.cumulative_net, [-500, 800])
    assert p.npv == pytest.approx(-500 + 1_300 / 1.1)
    assert p.break_even_year == 2021


def test_two_steps_with_a_moving_baseline_by_hand() -> None:
    # Without the team, a year later 10 % of step 1 have left the staircase and 10 % of step 2 have moved
    # down: step 1 = 10 x 0.9 + 10 x 0.1 = 10, step 2 = 9, off = 1.
    # Baseline 2021: 10 x 100 + 9 x 1,000 = 10,000.
    # With the team, step 2's row is 0.8 x (0, 0.1, 0.9) + 0.2 x (0, 1, 0) = (0, 0.28, 0.72):
    # step 1 = 9 + 2.8 = 11.8, step 2 = 7.2: 1,180 + 7,200 = 8,380. Gross saving 1,620.
    baseline = Transitions(matrix=np.array([[1, 0, 0], [0.1, 0.9, 0], [0, 0.1, 0.9]]))
    p = project(two_steps(baseline=baseline))
    np.testing.assert_allclose(p.cases_baseline[1], [1, 10, 9])
    np.testing.assert_allclose(p.cases_scenario[1], [1, 11.8, 7.2])
    np.testing.assert_allclose(p.gross_saving, [0, 1_620])


def test_an_explicit_scenario_matrix_equals_the_same_step_down() -> None:
    case = two_steps(horizon=5)
    matrix = scenario_matrix(case, 0)
    np.testing.assert_allclose(matrix, np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.2, 0.8]]))
    explicit = project(two_steps(horizon=5, effect=Transitions(matrix=matrix)))
    np.testing.assert_allclose(explicit.gross_saving, project(case).gross_saving)


def test_discounting_by_hand() -> None:
    np.testing.assert_allclose(discount_factors(0.05, 3), [1, 1 / 1.05, 1 / 1.05**2])
    # No effect: the net is minus the team's cost of 500 a year. Three years at 5 %:
    # -500 x (1 + 1/1.05 + 1/1.1025) = -1,429.71
    p = project(two_steps(horizon=3, discount_rate=0.05, effect=StepDown(theta=0.0, from_steps=(2,))))
    np.testing.assert_allclose(p.discounted_net, [-500, -500 / 1.05, -500 / 1.1025])
    assert p.npv == pytest.approx(-1429.705, abs=1e-3)
    assert p.break_even_year is None
    undiscounted = project(two_steps(horizon=3, discount_rate=0.0))
    assert undiscounted.npv == pytest.approx(undiscounted.net_saving.sum())


def test_break_even_is_the_year_from_which_the_cumulative_net_stays_at_or_above_zero() -> None:
    assert break_even_index(np.array([-1.0, 1.0, -1.0, 2.0])).tolist() == [3]
    assert break_even_index(np.array([-1.0, -2.0])).tolist() == [-1]
    assert break_even_index(np.array([0.0, 1.0])).tolist() == [0]
    assert break_even_index(np.array([[-1.0, 1.0], [1.0, 2.0]])).tolist() == [1, 0]


def test_break_even_by_hand_over_several_years() -> None:
    # Team 1,000 a year; each year 20 % of what is left on step 2 moves down (saving 900 each):
    # gross 0, 1,800, 3,240, 4,392 (10 x 900 x (1 - 0.8^t)); net -1,000, 800, 2,240, 3,392;
    # cumulative -1,000, -200, 2,040, 5,432: break-even in the third year.
    p = project(two_steps(horizon=4, team=Team(advisors=1, advisor_cost=1000.0, caseload=20)))
    np.testing.assert_allclose(p.gross_saving, [0, 1_800, 3_240, 4_392])
    np.testing.assert_allclose(p.cumulative_net, [-1_000, -200, 2_040, 5_432])
    assert p.break_even_year == 2022


def test_team_cost_counts_only_added_positions_and_the_share_of_the_year() -> None:
    team = Team(advisors=6, existing_advisors=3, advisor_cost=400_000, managers=1, manager_cost=500_000,
                caseload=24)
    assert team.added_annual_cost == 3 * 400_000 + 500_000
    assert team.capacity == 144
    p = project(two_steps(horizon=3, team=team, team_share=np.array([0.5, 1.0, 0.0])))
    np.testing.assert_allclose(p.team_cost, [850_000, 1_700_000, 0])


def test_the_effect_works_only_in_the_years_given() -> None:
    # Effect only in the first year's movements: the saving of year 2 persists, nothing more is gained.
    p = project(two_steps(horizon=3, effect_share=np.array([1.0, 0.0, 0.0])))
    np.testing.assert_allclose(p.gross_saving, [0, 1_800, 1_800])
    # By default the effect follows the team: no team in the second year, no new movements from it.
    q = project(two_steps(horizon=3, team_share=np.array([1.0, 0.0, 0.0])))
    np.testing.assert_allclose(q.gross_saving, [0, 1_800, 1_800])


def test_simulation_without_uncertainty_equals_the_projection() -> None:
    case = two_steps(horizon=4)
    sim = simulate(case, draws=50, seed=1, process_noise=False)
    p = project(case)
    assert sim.gross_saving.shape == (50, 4)
    np.testing.assert_allclose(sim.gross_saving, np.broadcast_to(p.gross_saving, (50, 4)))
    np.testing.assert_allclose(sim.npv, p.npv)
    assert sim.intervals("net_saving")[1].low == pytest.approx(p.net_saving[1])


def test_simulation_draws_around_the_projection_and_is_reproducible() -> None:
    case = two_steps(
        horizon=5, cohort=np.array([0.0, 5_000.0, 5_000.0]),
        team=Team(1, advisor_cost=500.0, caseload=10_000),
        baseline=Transitions(matrix=np.array([[1, 0, 0], [0.1, 0.9, 0], [0, 0.1, 0.9]]), concentration=200),
        effect=StepDown(theta=0.2, from_steps=(2,), concentration=100),
    )
    sim = simulate(case, draws=2_000, seed=7)
    again = simulate(case, draws=2_000, seed=7)
    np.testing.assert_array_equal(sim.gross_saving, again.gross_saving)
    expected = project(case).gross_saving
    mean = sim.gross_saving.mean(axis=0)
    np.testing.assert_allclose(mean[1:], expected[1:], rtol=0.03)
    intervals = sim.intervals("gross_saving")
    assert all(iv.low < e < iv.high for iv, e in zip(intervals[1:], expected[1:], strict=True))
    assert 0 <= sim.probability_npv_positive <= 1
    assert sim.probability_break_even_by()[-1] >= sim.probability_break_even_by()[0]
    summary = sim.summary()
    assert summary["draws"] == 2_000 and len(summary["net_saving"]) == 5


def test_simulation_with_process_noise_keeps_whole_cases() -> None:
    sim = simulate(two_steps(horizon=3), draws=100, seed=3)
    assert np.all(sim.cases_scenario == np.round(sim.cases_scenario))
    np.testing.assert_allclose(sim.cases_scenario.sum(axis=2), 20)


def test_calibration_recovers_a_known_effect() -> None:
    truth = two_steps(horizon=4, effect=StepDown(theta=0.13, from_steps=(2,)))
    p = project(truth)
    targets = {2021: float(p.gross_saving[1]), 2023: float(p.gross_saving[3])}
    result = calibrate_step_down([two_steps(horizon=4)], [targets])
    assert result.theta == pytest.approx(0.13, abs=1e-6)
    assert result.worst_relative_error < 1e-6
