"""GAS T-scores against values worked out by hand from Kiresuk and Sherman's formula.

T = 50 + 10·Σwx / √((1-ρ)Σw² + ρ(Σw)²), ρ = 0.3. The hand working is in each test's docstring.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from helhed.outcomes.scoring import ScaledGoal, gas_t_score


def g(level: int, weight: float | Decimal = 1) -> ScaledGoal:
    return ScaledGoal(level=level, weight=weight)


def test_all_goals_as_expected_is_50() -> None:
    """Σwx = 0, so T = 50 whatever the weights."""
    assert gas_t_score([g(0), g(0), g(0)]) == 50
    assert gas_t_score([g(0, 1), g(0, 5)]) == 50


def test_one_goal_much_more_than_expected_is_70() -> None:
    """One goal, w = 1, x = +2: denominator √(0.7·1 + 0.3·1) = 1, T = 50 + 10·2 = 70."""
    assert gas_t_score([g(2)]) == pytest.approx(70.0, abs=1e-12)


def test_equal_weights_three_goals_one_level_above() -> None:
    """w = (1,1,1), x = (1,1,1): Σwx = 3, Σw² = 3, (Σw)² = 9; √(2.1 + 2.7) = √4.8 = 2.190890;
    T = 50 + 30/2.190890 = 63.6931."""
    assert gas_t_score([g(1), g(1), g(1)]) == pytest.approx(63.6931, abs=1e-4)


def test_equal_weights_two_goals_much_less_than_expected() -> None:
    """w = (1,1), x = (-2,-2): Σwx = -4, Σw² = 2, (Σw)² = 4; √(1.4 + 1.2) = √2.6 = 1.612452;
    T = 50 - 40/1.612452 = 50 - 24.806947 = 25.1931."""
    assert gas_t_score([g(-2), g(-2)]) == pytest.approx(25.1931, abs=1e-4)


def test_equal_weights_mixed_levels() -> None:
    """w = (1,1,1,1), x = (-1,0,1,2): Σwx = 2, Σw² = 4, (Σw)² = 16; √(2.8 + 4.8) = √7.6 = 2.756810;
    T = 50 + 20/2.756810 = 57.2548."""
    assert gas_t_score([g(-1), g(0), g(1), g(2)]) == pytest.approx(57.2548, abs=1e-4)


def test_unequal_weights() -> None:
    """w = (1,2,3), x = (1,0,-1): Σwx = 1 - 3 = -2, Σw² = 14, (Σw)² = 36; √(9.8 + 10.8) = √20.6 = 4.538722;
    T = 50 - 20/4.538722 = 45.5935."""
    assert gas_t_score([g(1, 1), g(0, 2), g(-1, 3)]) == pytest.approx(45.5935, abs=1e-4)


def test_unequal_weights_heavy_goal_decides() -> None:
    """w = (10, 1), x = (2, -2): Σwx = 20 - 2 = 18, Σw² = 101, (Σw)² = 121; √(70.7 + 36.3) = √107 = 10.344080;
    T = 50 + 180/10.344080 = 67.4013."""
    assert gas_t_score([g(2, 10), g(-2, 1)]) == pytest.approx(67.4013, abs=1e-4)


def test_decimal_weights_and_rho_zero() -> None:
    """ρ = 0: T = 50 + 10·Σwx/√Σw². w = (0.5, 1.5), x = (1, 1): Σwx = 2, √(0.25 + 2.25) = √2.5 = 1.581139;
    T = 50 + 20/1.581139 = 62.6491."""
    t = gas_t_score([g(1, Decimal("0.5")), g(1, Decimal("1.5"))], rho=0)
    assert t == pytest.approx(50 + 20 / math.sqrt(2.5), abs=1e-9)
    assert t == pytest.approx(62.6491, abs=1e-4)


def test_no_goals_no_score_and_weights_must_be_positive() -> None:
    assert gas_t_score([]) is None
    with pytest.raises(ValueError, match="positive"):
        gas_t_score([g(1, 0)])
