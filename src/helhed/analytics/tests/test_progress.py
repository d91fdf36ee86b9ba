"""The progress rule and the traffic light (pure)."""

from __future__ import annotations

import pytest

from helhed.analytics.choices import Light
from helhed.analytics.progress import TargetSpec, light, progress, target_level

KBH1 = TargetSpec(825, "2025", "change_abs", 165, "2027")  # seed 002: +165 homes, = +20 %
KBH2 = TargetSpec(533, "2025", "change_pct", -15, "2027")  # -15 % evictions
AAR_SHELTER = TargetSpec(None, "", "absolute", 10, "2026")  # at most 10 % over 120 days


def test_target_level_from_each_kind():
    assert target_level(KBH1) == 990
    assert target_level(KBH2) == pytest.approx(453.05)
    assert target_level(AAR_SHELTER) == 10


def test_progress_is_zero_at_baseline_and_one_at_target():
    assert progress(KBH1, 825, "up") == 0
    assert progress(KBH1, 990, "up") == 1
    assert progress(KBH1, 907.5, "up") == pytest.approx(0.5)
    behind = progress(KBH1, 800, "up")
    assert behind is not None and behind < 0
    # Down is better for evictions: fewer evictions is positive progress.
    assert progress(KBH2, 453.05, "down") == pytest.approx(1)


def test_light_follows_time_elapsed():
    # Half-way in value at the end of the first of two years: on track.
    assert light(KBH1, 907.5, "up", "2026") == Light.GREEN
    # A quarter of the way after the first year: behind time.
    assert light(KBH1, 866, "up", "2026") == Light.YELLOW
    # Moved the wrong way.
    assert light(KBH1, 780, "up", "2026") == Light.RED
    assert light(KBH1, 1000, "up", "2026Q1") == Light.GREEN


def test_absolute_target_without_baseline_is_met_or_yellow():
    assert light(AAR_SHELTER, 8.0, "down", "2026Q3") == Light.GREEN
    assert light(AAR_SHELTER, 14.0, "down", "2026Q3") == Light.YELLOW


def test_no_value_no_light():
    assert light(KBH1, None, "up", "2026") == Light.NONE
    assert light(None, 5.0, "up", "2026") == Light.NONE
