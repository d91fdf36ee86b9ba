"""Staircases (indsatstrapper) per target group, their steps and unit costs, and business-case scenarios.

Rows come from data files (`data/staircases.json`, `data/scenarios/*.json`) through `services.py`; a unit
cost a municipality changes in Helhed is kept on the next load (`cost_is_local`). Positions of citizens
are not stored: they are derived from the interventions on their plans (`positions.py`, `selectors.py`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.catalog.models import InterventionType
from helhed.core.models import Versioned
from helhed.people.models import OrgUnit


def _in_language(da: str, en: str) -> str:
    return en if (get_language() or "da").startswith("en") else da


class TargetGroup(models.Model):
    """A target group (målgruppe) with its own staircase, e.g. vulnerable children and young people."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    source = models.TextField(_("where the steps come from"), blank=True)
    source_da = models.TextField(blank=True)
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True,
        help_text=_("Citizens count in this group when their coordinating caseworker's unit has one of these "
                    "sectors (empty: any)."),
    )
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age (inclusive)"), null=True, blank=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")),
                name="staircase_target_group_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_da, self.name_en)

    @property
    def source_text(self) -> str:
        return _in_language(self.source_da or self.source, self.source)


class Step(models.Model):
    """One step of a staircase (trin), least intrusive first, with its annual unit cost per case."""

    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    code = models.SlugField(_("code"), max_length=40)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    annual_cost = models.DecimalField(_("annual cost per case (kr.)"), max_digits=12, decimal_places=2)
    cost_source = models.TextField(_("where the cost comes from"))
    cost_source_da = models.TextField(blank=True)
    cost_is_estimate = models.BooleanField(_("the cost is an estimate"), default=True)
    cost_is_local = models.BooleanField(
        _("cost set by the municipality"), default=False,
        help_text=_("A cost changed in Helhed is not overwritten when the data file is loaded again."),
    )
    history = HistoricalRecords(excluded_fields=["name_da", "name_en"])

    class Meta:
        verbose_name = _("staircase step")
        verbose_name_plural = _("staircase steps")
        ordering = ["target_group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["target_group", "number"], name="staircase_step_number_unique"),
            models.UniqueConstraint(fields=["target_group", "code"], name="staircase_step_code_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="staircase_step_number_from_1"),
            models.CheckConstraint(condition=Q(annual_cost__gte=0), name="staircase_step_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return _in_language(self.name_da, self.name_en)

    @property
    def cost_source_text(self) -> str:
        return _in_language(self.cost_source_da or self.cost_source, self.cost_source)


class StepPlacement(models.Model):
    """Which step of a target group's staircase an intervention type stands on."""

    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="placements")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="placements")
    intervention_type = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("intervention type on a step")
        verbose_name_plural = _("intervention types on steps")
        constraints = [
            models.UniqueConstraint(
                fields=["target_group", "intervention_type"], name="staircase_one_step_per_type_and_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type} → {self.step}"


class Scenario(Versioned):
    """A business case (businesscase) for moving a cohort down a target group's staircase.

    The model itself (cohort, transitions, effect, team) is validated by `projection.validate` before it is
    saved; the database keeps the simple invariants as check constraints too.
    """

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    description_da = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="scenarios")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The team whose cases are followed for realised against expected "
                    "(empty: the whole municipality)."),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    start_date = models.DateField(_("start of the effort"), null=True, blank=True)
    horizon_years = models.PositiveSmallIntegerField(_("horizon (years)"))
    discount_rate = models.DecimalField(_("discount rate a year"), max_digits=6, decimal_places=4)
    cohort = models.JSONField(
        _("cases per step at the start"), help_text=_("A list: off the staircase, step 1, 2, ...")
    )
    baseline = models.JSONField(_("transitions without the team"))
    effect = models.JSONField(_("the team's effect"))
    advisors = models.DecimalField(_("advisors in the team"), max_digits=7, decimal_places=2)
    existing_advisors = models.DecimalField(
        _("of which already employed"), max_digits=7, decimal_places=2, default=0
    )
    advisor_cost = models.DecimalField(_("annual cost of an advisor (kr.)"), max_digits=12, decimal_places=2)
    managers = models.DecimalField(_("added managers"), max_digits=5, decimal_places=2, default=0)
    manager_cost = models.DecimalField(
        _("annual cost of a manager (kr.)"), max_digits=12, decimal_places=2, default=0
    )
    caseload = models.DecimalField(_("cases per advisor"), max_digits=6, decimal_places=2)
    team_share = models.JSONField(_("share of each year the team works"), default=list, blank=True)
    effect_share = models.JSONField(_("share of each year the effect works"), default=list, blank=True)
    unit_costs = models.JSONField(
        _("annual cost per step (kr.)"), default=list, blank=True,
        help_text=_("Empty: the staircase's current unit costs."),
    )
    expected = models.JSONField(_("what the decision expects"), default=dict, blank=True)
    reported = models.JSONField(_("what was reported afterwards"), default=dict, blank=True)
    assumptions_da = models.TextField(blank=True)
    assumptions_en = models.TextField(blank=True)
    source = models.TextField(_("source"), blank=True)
    is_shipped = models.BooleanField(_("shipped with Helhed"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("business-case scenario")
        verbose_name_plural = _("business-case scenarios")
        ordering = ["target_group", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(caseload__gt=0), name="scenario_caseload_positive"),
            models.CheckConstraint(
                condition=Q(horizon_years__gte=1) & Q(horizon_years__lte=50), name="scenario_horizon_1_to_50"
            ),
            models.CheckConstraint(
                condition=Q(discount_rate__gte=0) & Q(discount_rate__lte=0.25),
                name="scenario_discount_0_to_25_pct",
            ),
            models.CheckConstraint(
                condition=Q(advisor_cost__gte=0) & Q(manager_cost__gte=0) & Q(managers__gte=0),
                name="scenario_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(existing_advisors__gte=0) & Q(advisors__gte=F("existing_advisors")),
                name="scenario_existing_advisors_within_team",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_da, self.name_en)

    @property
    def description(self) -> str:
        return _in_language(self.description_da, self.description_en)

    @property
    def assumptions(self) -> str:
        return _in_language(self.assumptions_da, self.assumptions_en)
