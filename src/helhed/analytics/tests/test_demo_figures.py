"""The demo's policy goals: after a small demo build and `demo_indicators`, every indicator Helhed has data
for counts someone in its latest completed period, and the targets are scaled to the demo's size."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from helhed.analytics.demo import demo_indicators
from helhed.analytics.indicators import all_indicators
from helhed.analytics.models import IndicatorResult, Target
from helhed.analytics.selectors import default_period, result_periods
from helhed.synth.demo import build_demo
from helhed.synth.generator import municipality

pytestmark = pytest.mark.django_db


def test_every_indicator_with_data_has_a_population_in_a_small_demo(tmp_path: Path) -> None:
    today = timezone.localdate()
    build_demo(municipality(seed=7, citizens=100, today=today))
    demo_indicators(today, out=tmp_path)
    period = default_period(result_periods(), today)
    assert period is not None
    empty = []
    for indicator in all_indicators():
        if not indicator.has_definition or (indicator.needs and not all(
                (tmp_path / f"period={period}" / f"{name}.parquet").exists() for name in indicator.needs)):
            continue
        totals = IndicatorResult.objects.filter(indicator_code=indicator.code, breakdown="")
        if indicator.kind == "count":
            # Rare events (an eviction: about one a year in 100 citizens) may miss one year: some period.
            counted = any(t.numerator for t in totals)
        else:
            counted = bool(totals.get(period=period).denominator)
        if not counted:
            empty.append(indicator.code)
    assert empty == [], f"nobody counted in {period}"
    kbh6 = Target.objects.get(indicator_code="kbh-6")
    assert kbh6.set_locally and 0 < kbh6.target_value < 5  # 480 of 60,000, for the demo's 100 citizens
