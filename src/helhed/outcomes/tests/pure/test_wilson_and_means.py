"""Wilson intervals at the edges (0 %, 100 %, n = 1), mean change with a t interval, suppression."""

from __future__ import annotations

import math

import pytest

from helhed.outcomes.statistics import MIN_GROUP, group_result, mean_interval, mean_interval_from, wilson

Z = 1.959963984540054


def test_wilson_zero_percent_starts_at_zero() -> None:
    """0 of 10: low = 0 exactly; high = z²/n / (1 + z²/n) = 0.384146/1.384146 = 0.277533."""
    ci = wilson(0, 10)
    assert ci is not None
    assert ci.low == 0.0
    assert ci.high == pytest.approx((Z * Z / 10) / (1 + Z * Z / 10), abs=1e-12)
    assert ci.high == pytest.approx(0.2775, abs=1e-4)


def test_wilson_hundred_percent_ends_at_one() -> None:
    """10 of 10 mirrors 0 of 10: high = 1 exactly, low = 1 - 0.277533 = 0.722467."""
    ci = wilson(10, 10)
    assert ci is not None
    assert ci.high == 1.0
    assert ci.low == pytest.approx(1 - 0.277533, abs=1e-5)


def test_wilson_n_one() -> None:
    """1 of 1: centre = (1 + z²/2)/(1 + z²) = 2.920729/4.841459 = 0.603275, half = z·√(z²/4)/(1 + z²)
    = (z²/2)/(1 + z²) = 1.920729/4.841459 = 0.396725; so low = 1/(1 + z²) = 0.206549 and high = 1.
    0 of 1 is its mirror image: [0, z²/(1 + z²)] = [0, 0.793451]."""
    one = wilson(1, 1)
    zero = wilson(0, 1)
    assert one is not None and zero is not None
    assert one.low == pytest.approx(0.206549, abs=1e-6) and one.high == 1.0
    assert zero.low == 0.0 and zero.high == pytest.approx(0.793451, abs=1e-6)


def test_wilson_in_the_middle_matches_the_textbook() -> None:
    """15 of 20 (Newcombe 1998, table I style): [0.5313, 0.8881]."""
    ci = wilson(15, 20)
    assert ci is not None
    assert (round(ci.low, 4), round(ci.high, 4)) == (0.5313, 0.8881)


def test_wilson_without_cases_and_bad_input() -> None:
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)
    with pytest.raises(ValueError):
        wilson(-1, 2)


def test_mean_interval_uses_t() -> None:
    """Changes (1, 2, 3, 4): mean 2.5, sd = √(5/3) = 1.290994, t(0.975, 3) = 3.182446;
    half = 3.182446·1.290994/2 = 2.054260 -> [0.445740, 4.554260]."""
    m = mean_interval([1, 2, 3, 4])
    assert m is not None and m.interval is not None
    assert m.mean == 2.5
    assert m.sd == pytest.approx(math.sqrt(5 / 3))
    assert m.interval.low == pytest.approx(0.445740, abs=1e-5)
    assert m.interval.high == pytest.approx(4.554260, abs=1e-5)
    same = mean_interval_from(n=4, mean=2.5, sd=math.sqrt(5 / 3))
    assert same.interval == m.interval


def test_mean_interval_edges() -> None:
    assert mean_interval([]) is None
    one = mean_interval([3.0])
    assert one is not None and one.mean == 3.0 and one.interval is None
    flat = mean_interval([2.0, 2.0, 2.0])
    assert flat is not None and flat.interval is not None
    assert flat.interval.low == flat.interval.high == 2.0


def test_groups_under_five_are_suppressed_without_their_count() -> None:
    small = group_result(citizens=MIN_GROUP - 1, successes=4, units=4, changes=[1, 1, 1, 1])
    assert small.suppressed and small.share is None and small.change is None and small.citizens == 0
    big = group_result(citizens=MIN_GROUP, successes=5, units=5, changes=[1, 2, 1, 2, 1])
    assert not big.suppressed and big.share is not None and big.share.share == 1.0
    assert big.share.interval is not None and big.share.interval.high == 1.0
