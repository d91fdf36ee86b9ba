"""Transition estimation from a hand-made history (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import beta

from helhed.core.errors import ValidationError
from helhed.staircase.estimation import count_yearly_transitions, dirichlet_posterior
from helhed.staircase.projection import simulate
from helhed.staircase.tests.cases import two_steps

# Five cases at three anchors a year apart (0: off the staircase).
HISTORY = np.array([
    [2, 2, 1],  # stays on 2, then moves down to 1
    [2, 1, 1],  # moves down, then stays
    [1, 0, 0],  # leaves the staircase (then is not followed)
    [0, 2, 2],  # a new case (inflow), then stays
    [2, 2, 2],  # stays twice
])


def test_counting_by_hand() -> None:
    counts, inflow = count_yearly_transitions(HISTORY, 3)
    # From step 1: (1 -> 1) once (case 2), (1 -> 0) once (case 3).
    # From step 2: (2 -> 2) four times (cases 1, 4, 5, 5), (2 -> 1) twice (cases 1, 2).
    np.testing.assert_array_equal(counts, [[0, 0, 0], [1, 1, 0], [0, 2, 4]])
    np.testing.assert_array_equal(inflow, [0, 0, 1])


def test_posterior_by_hand() -> None:
    counts, inflow = count_yearly_transitions(HISTORY, 3)
    est = dirichlet_posterior(counts, inflow=inflow)
    # Prior: half a case on staying, half a case spread over the neighbours (a step down, a step up, off).
    # Row 2: neighbours 1 and 0: alpha = (0 + 1/4, 2 + 1/4, 4 + 1/2) = (1/4, 9/4, 18/4), total 7.
    np.testing.assert_allclose(est.alpha[2], [1 / 4, 9 / 4, 18 / 4])
    np.testing.assert_allclose(est.mean[2], [1 / 28, 9 / 28, 18 / 28])
    # Row 1: neighbours 0 and 2: alpha = (1 + 1/4, 1 + 1/2, 0 + 1/4), total 3.
    np.testing.assert_allclose(est.mean[1], [5 / 12, 6 / 12, 1 / 12])
    # Off the staircase is absorbing (a closed cohort).
    np.testing.assert_allclose(est.mean[0], [1, 0, 0])
    # The interval of a cell is the Beta marginal of its Dirichlet row.
    assert est.low[2, 1] == pytest.approx(beta.ppf(0.05, 9 / 4, 7 - 9 / 4))
    assert est.high[2, 1] == pytest.approx(beta.ppf(0.95, 9 / 4, 7 - 9 / 4))
    assert est.low[2, 1] < est.mean[2, 1] < est.high[2, 1]
    np.testing.assert_array_equal(est.observed, [0, 2, 6])
    assert est.few == [1, 2]
    np.testing.assert_allclose(est.mean.sum(axis=1), 1)


def test_share_moving_down_pools_the_rows() -> None:
    counts, _inflow = count_yearly_transitions(HISTORY, 3)
    est = dirichlet_posterior(counts)
    mean, low, high = est.share_down([2])
    # Step 2: down = 1/4 + 9/4 = 10/4 of a total of 7.
    assert mean == pytest.approx(10 / 28)
    assert low < mean < high


def test_more_history_narrows_the_interval() -> None:
    small = dirichlet_posterior(np.array([[0, 0, 0], [0, 8, 2], [0, 3, 7]]))
    large = dirichlet_posterior(np.array([[0, 0, 0], [0, 800, 200], [0, 300, 700]]))
    assert (large.high - large.low)[2, 1] < (small.high - small.low)[2, 1] / 5
    assert large.mean[2, 1] == pytest.approx(0.3, abs=0.002)


def test_the_estimate_feeds_the_simulation() -> None:
    est = dirichlet_posterior(np.array([[0, 0, 0], [5, 90, 5], [0, 10, 90]]))
    sim = simulate(two_steps(horizon=3, baseline=est.as_transitions()), draws=200, seed=1)
    assert sim.measure_baseline.std(axis=0)[2] > 0  # the baseline now varies between draws


def test_bad_history_is_refused() -> None:
    with pytest.raises(ValidationError, match="outside the staircase"):
        count_yearly_transitions(np.array([[1, 5]]), 3)
    with pytest.raises(ValidationError, match="cannot be negative"):
        dirichlet_posterior(np.array([[0, 0], [-1, 2]]))
