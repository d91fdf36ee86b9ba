"""Stored side of the policy goals.

Indicator definitions live in code (`helhed.analytics.indicators`), not here: a definition is reviewed and
versioned like any other code, and the same definition runs on DuckDB and Spark.

- `Target`: the goal set for one indicator (baseline, target, owner), loaded from `data/targets.json`.
- `IndicatorRun`: one computation of every indicator for one period, with its progress.
- `IndicatorResult`: one value of one indicator for one period and one breakdown cell. Results are
  stored raw (small counts included); suppression happens when a figure is published.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.analytics.choices import Breakdown, RunStatus, TargetKind


class Target(models.Model):
    """The target of one indicator: where it stood (baseline), where it should be, by when, and whose."""

    indicator_code = models.CharField(_("indicator"), max_length=60, unique=True)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=10, blank=True)
    target_kind = models.CharField(_("kind of target"), max_length=12, choices=TargetKind.choices)
    target_value = models.FloatField(_("target"))
    target_period = models.CharField(_("target period"), max_length=10, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Set here rather than from the data file (the demo's scaling, an owner's decision): sync leaves it.
    set_locally = models.BooleanField(_("set locally"), default=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator_code"]

    def __str__(self) -> str:
        return f"{self.indicator_code}: {self.target_kind} {self.target_value}"


class IndicatorRun(models.Model):
    """One run of the indicators for one period; `done`/`total` let the web follow a run in progress."""

    period = models.CharField(_("period"), max_length=10, db_index=True)
    engine = models.CharField(_("engine"), max_length=20, default="duckdb")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    done = models.PositiveIntegerField(_("indicators done"), default=0)
    total = models.PositiveIntegerField(_("indicators in all"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("indicator run")
        verbose_name_plural = _("indicator runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.period} {self.status} {self.done}/{self.total}"


class IndicatorResult(models.Model):
    """One cell: an indicator's value for one period and one breakdown value ("" = the total)."""

    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="results")
    indicator_code = models.CharField(_("indicator"), max_length=60)
    period = models.CharField(_("period"), max_length=10)
    breakdown = models.CharField(_("breakdown"), max_length=20, choices=Breakdown.choices, blank=True)
    breakdown_value = models.CharField(_("breakdown value"), max_length=200, blank=True)
    numerator = models.BigIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        ordering = ["indicator_code", "period", "breakdown", "breakdown_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_code", "period", "breakdown", "breakdown_value"],
                name="indicator_result_cell_unique",
            )
        ]
        indexes = [models.Index(fields=["indicator_code", "period"], name="indicator_result_code_period")]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.period} {self.breakdown}={self.breakdown_value}: {self.value}"
