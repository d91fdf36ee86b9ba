"""The demo municipality's indicators: export and compute the baseline year and the quarters since, then
set the targets to the demo's own size, keeping each seed's arithmetic.

Copenhagen's goal 1 is "+165 homes = +20 %", from a baseline of 825 a year. The demo municipality is a
few hundred citizens, so its baseline is its own 2025 figure and its target the same +20 % of it; a target
the seed gives as an absolute level (Aarhus' shares) stays as it is.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.db import transaction

from helhed.analytics.choices import TargetKind
from helhed.analytics.export import export_period
from helhed.analytics.models import IndicatorResult, Target
from helhed.analytics.periods import period_of
from helhed.analytics.services import indicators_run, targets_sync


def demo_periods(today: dt.date) -> list[str]:
    """The baseline year (the one before today's) and every quarter since, up to today's."""
    periods = [str(today.year - 1)]
    for year in (today.year - 1, today.year):
        for quarter in range(1, 5):
            label = f"{year}Q{quarter}"
            if label <= period_of(today):
                periods.append(label)
    return periods


def demo_indicators(today: dt.date, *, out: Path | None = None) -> list[str]:
    """The results go to the database; the Parquet files to `out`, by default a directory that is removed
    afterwards (`helhed analytics export` writes lasting ones)."""
    targets_sync()
    periods = demo_periods(today)
    with tempfile.TemporaryDirectory(prefix="helhed-demo-analytics-") as scratch:
        where = out or Path(scratch)
        for period in periods:
            export_period(period, out=where)
            indicators_run(period, source=where)
    scale_targets_to_baseline(periods[0])
    return periods


@transaction.atomic
def scale_targets_to_baseline(period: str) -> None:
    """Targets written as a change from a seed's baseline become the same relative change from this
    municipality's own figure for `period`."""
    for target in Target.objects.filter(target_kind=TargetKind.CHANGE_ABS):
        total = IndicatorResult.objects.filter(
            indicator_code=target.indicator_code, period=period, breakdown="").first()
        if total is None or total.value is None:
            continue
        relative = (target.target_value / target.baseline_value) if target.baseline_value else None
        target.baseline_value, target.baseline_period = total.value, period
        if relative is not None:
            target.target_value = round(total.value * relative, 1)
            target.note = f"{target.note} Demo: the same {relative:+.0%} from the demo's own {period} figure."
        target.set_locally = True
        target.save()
