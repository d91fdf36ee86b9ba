"""The demo municipality's indicators: export and compute the baseline year and the quarters since, then
set the targets to the demo's own size, keeping each seed's arithmetic.

Copenhagen's goal 1 is "+165 homes = +20 %", from a baseline of 825 a year. The demo municipality is a
few hundred citizens, so its baseline is its own 2025 figure and its target the same +20 % of it; a target
the seed gives as an absolute level (Aarhus' shares) stays as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from django.db import transaction

from helhed.analytics.choices import TargetKind
from helhed.analytics.export import export_period
from helhed.analytics.models import IndicatorResult, Target
from helhed.analytics.periods import period_of
from helhed.analytics.services import DEFAULT_TARGETS, indicators_run, targets_sync
from helhed.plans.models import Plan

# Citizens with plans in the municipality a seed's goals are set for (ADR 0400: Copenhagen's size).
SEED_POPULATION = {"kbh": 60_000}


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
    # The seed's own baselines: a run has already filled in those it lacks (kbh-6), which are no seed's.
    seed_baselines = {row["indicator_code"]: row.get("baseline_value")
                      for row in json.loads(DEFAULT_TARGETS.read_text(encoding="utf-8"))["targets"]}
    for target in Target.objects.filter(target_kind=TargetKind.CHANGE_ABS):
        total = IndicatorResult.objects.filter(
            indicator_code=target.indicator_code, period=period, breakdown="").first()
        if total is None or total.value is None:
            continue
        seed_baseline = seed_baselines.get(target.indicator_code)
        relative = target.target_value / seed_baseline if seed_baseline else None
        target.baseline_value, target.baseline_period = total.value, period
        if relative is not None:
            target.target_value = round(total.value * relative, 1)
            target.note = f"{target.note} Demo: the same {relative:+.0%} from the demo's own {period} figure."
        elif target.target_value and (seed_share := _share_of_seed_population(target.indicator_code)):
            # No seed baseline, so no relative change to keep: the change as a share of the seed's
            # population instead (kbh-6: 480 of Copenhagen's 60,000 citizens with plans = 0.8 %).
            citizens = Plan.objects.values("citizen_id").distinct().count()
            change = round(target.target_value * seed_share * citizens, 1)
            target.note = (f"{target.note} Demo: the seed gives no baseline; {target.target_value:+g} is "
                           f"{seed_share * target.target_value:.1%} of the seed's citizens with plans, "
                           f"{change:+g} of the demo's {citizens}.")
            target.target_value = change
        target.set_locally = True
        target.save()


def _share_of_seed_population(code: str) -> float | None:
    """1 / the population the seed's goal is set for, or None when we do not know it."""
    size = SEED_POPULATION.get(code.split("-")[0])
    return 1 / size if size else None
