"""Writes of the analytics app: targets from their data file, indicator runs and their results."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.analytics.choices import RunStatus, TargetKind
from helhed.analytics.engines import connect, load_partition, rows
from helhed.analytics.export import default_out, partition_dir
from helhed.analytics.indicators import IndicatorDef, all_indicators
from helhed.analytics.models import IndicatorResult, IndicatorRun, Target
from helhed.analytics.periods import Period, parse_period
from helhed.core.errors import NotFound, ValidationError

DEFAULT_TARGETS = Path(__file__).parent / "data" / "targets.json"

_TARGET_FIELDS = ("baseline_value", "baseline_period", "target_kind", "target_value", "target_period",
                  "owner", "note")


def _read_targets(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(
            _("Cannot read the targets file %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(_("The targets file %(path)s is not valid JSON.") % {"path": path}) from None
    rows = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValidationError(_("The targets file %(path)s must hold a list \"targets\".") % {"path": path})
    return rows


def _clean_target(row: Any, i: int) -> dict[str, Any]:
    from helhed.analytics.indicators import get_indicator

    if not isinstance(row, dict) or not row.get("indicator_code"):
        raise ValidationError(_("targets[%(i)s] lacks indicator_code.") % {"i": i})
    code = row["indicator_code"]
    if get_indicator(code) is None:
        raise ValidationError(_("targets[%(i)s]: no indicator %(code)s.") % {"i": i, "code": code})
    if row.get("target_kind") not in TargetKind.values:
        raise ValidationError(
            _("targets[%(i)s]: target_kind must be one of %(kinds)s.")
            % {"i": i, "kinds": ", ".join(TargetKind.values)}
        )
    if not isinstance(row.get("target_value"), int | float):
        raise ValidationError(_("targets[%(i)s]: target_value must be a number.") % {"i": i})
    clean = {f: row.get(f) for f in _TARGET_FIELDS}
    for text in ("baseline_period", "target_period", "owner", "note"):
        clean[text] = clean[text] or ""
    return clean


@transaction.atomic
def targets_sync(*, path: Path = DEFAULT_TARGETS) -> int:
    """Create or update the target of every indicator in the file; all or nothing. Returns the count."""
    rows = _read_targets(path)
    cleaned = [(row["indicator_code"], _clean_target(row, i)) for i, row in enumerate(rows, start=1)]
    local = set(Target.objects.filter(set_locally=True).values_list("indicator_code", flat=True))
    for code, values in cleaned:
        if code in local:
            continue
        if values["baseline_value"] is None:
            # A baseline measured by a run (see _fill_baselines) stays until the file gives one.
            existing = Target.objects.filter(indicator_code=code, baseline_period=values["baseline_period"])
            if existing.exclude(baseline_value__isnull=True).exists():
                values.pop("baseline_value")
        Target.objects.update_or_create(indicator_code=code, defaults=values)
    return len(cleaned)


# ---------------------------------------------------------------- indicator runs


def evaluate(
    indicator: IndicatorDef, tables: Mapping[str, Any], period: Period
) -> list[dict[str, Any]] | None:
    """The indicator's rows for the period, sorted; None when it has no data yet (no definition, or a
    table it needs is not in the export)."""
    if indicator.compute is None or any(name not in tables for name in indicator.needs):
        return None
    cells = []
    for row in rows(indicator.compute(tables, period)):
        value = row["value"]
        cells.append({
            "breakdown": row["breakdown"] or "",
            "breakdown_value": row["breakdown_value"] or "",
            "numerator": None if row["numerator"] is None else int(row["numerator"]),
            "denominator": None if row["denominator"] is None else int(row["denominator"]),
            "value": None if value is None or value != value else float(value),  # NaN: no value
        })
    if not any(r["breakdown"] == "" for r in cells):
        # Nothing counted: the total is still a figure (zero, or a share of nobody).
        cells.append({"breakdown": "", "breakdown_value": "",
                      "numerator": None if indicator.kind == "mean" else 0,
                      "denominator": None if indicator.kind == "count" else 0,
                      "value": 0.0 if indicator.kind == "count" else None})
    return sorted(cells, key=lambda r: (r["breakdown"], r["breakdown_value"]))


def indicators_run(
    period: str,
    *,
    engine: str = "duckdb",
    source: Path | None = None,
    spark: Any = None,
    progress: Callable[[IndicatorDef, int, int], None] | None = None,
) -> IndicatorRun:
    """Compute every indicator over the period's export and store the results, replacing the period's.

    The run's progress (done/total) is saved as it goes, so the web can follow it; the results replace the
    period's old ones in one transaction at the end, so a reader never sees half a period.
    """
    p = parse_period(period)
    directory = partition_dir(source or default_out(), p.label)
    if not directory.is_dir():
        raise NotFound(
            _("No analytics export for %(period)s: run `helhed analytics export --period %(period)s` first.")
            % {"period": p.label}
        )
    indicators = all_indicators()
    run = IndicatorRun.objects.create(period=p.label, engine=engine, total=len(indicators))
    try:
        tables = load_partition(connect(engine, spark=spark), directory)
        computed: list[tuple[str, list[dict[str, Any]]]] = []
        for i, indicator in enumerate(indicators, start=1):
            rows = evaluate(indicator, tables, p)
            if rows is not None:
                computed.append((indicator.code, rows))
            IndicatorRun.objects.filter(pk=run.pk).update(done=i)
            if progress is not None:
                progress(indicator, i, len(indicators))
        _store(run, p.label, computed)
    except Exception as error:
        IndicatorRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(error)[:2000])
        raise
    run.refresh_from_db()
    return run


@transaction.atomic
def _store(run: IndicatorRun, period: str, computed: list[tuple[str, list[dict[str, Any]]]]) -> None:
    now = timezone.now()
    IndicatorResult.objects.filter(period=period).delete()
    IndicatorResult.objects.bulk_create(
        [IndicatorResult(run=run, indicator_code=code, period=period, computed_at=now, **row)
         for code, rows in computed for row in rows],
        batch_size=2000,
    )
    IndicatorRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=now, done=run.total)
    _fill_baselines(period)


def _fill_baselines(period: str) -> None:
    """A target whose baseline period is this one, and whose file gives no baseline value ("baseline
    unknown", or a directional goal), takes the period's total as its baseline."""
    for target in Target.objects.filter(baseline_period=period, baseline_value__isnull=True):
        total = IndicatorResult.objects.filter(
            indicator_code=target.indicator_code, period=period, breakdown="").first()
        if total is not None and total.value is not None:
            target.baseline_value = total.value
            target.save(update_fields=["baseline_value"])
