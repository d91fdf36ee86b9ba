"""The coordinated plan and its parts.

Invariants the database enforces: one active plan per citizen; one current version per plan; dates in
order; hours within a week. Concurrent edits use the `version` column (core.concurrency).
History of who changed what and when is kept by django-simple-history on every part.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.catalog.models import InterventionType, LegalBasis
from helhed.core.models import TimeStamped, Versioned
from helhed.people.models import Citizen, NetworkPerson, OrgUnit, User
from helhed.plans.choices import (
    ConsentForm,
    EndReason,
    GoalStatus,
    InterventionStatus,
    LifeDomain,
    PlanStatus,
    TransitionKind,
)

STAFF = settings.AUTH_USER_MODEL


class Plan(Versioned):
    """The citizen's one plan (helhedsorienteret plan), held by one coordinating caseworker."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    coordinator = models.ForeignKey(
        STAFF, verbose_name=_("coordinating caseworker"), on_delete=models.PROTECT,
        related_name="coordinated_plans",
    )
    vision = models.TextField(_("the citizen's vision, in their own words"), blank=True)
    follow_up_interval_days = models.PositiveSmallIntegerField(_("follow-up every (days)"), default=90)
    holistic_consent = models.BooleanField(
        _("the citizen consents to one plan replacing separate plans"), default=False,
        help_text=_("Serviceloven § 141, stk. 7; LAB's 'Én plan'."),
    )
    holistic_consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    holistic_consent_form = models.CharField(
        _("consent given"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("why the plan was closed"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"], condition=Q(status="active"), name="one_active_plan_per_citizen"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_interval_days__gte=7) & Q(follow_up_interval_days__lte=366),
                name="plan_follow_up_interval_7_to_366_days",
            ),
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="plan_closed_iff_closed_on",
            ),
        ]
        indexes = [models.Index(fields=["coordinator", "status"])]

    def __str__(self) -> str:
        return f"Plan {self.pk}"


class PlanVersion(models.Model):
    """An adopted version of the plan (revideret handleplan): what was agreed with the citizen, when.

    Exactly one version is current; each links to the one before it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    is_current = models.BooleanField(default=True)
    adopted_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    adopted_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("what changed"), blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(is_current=True), name="one_current_version_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.plan_id}, version {self.number}"


class Goal(Versioned):
    """A goal in the citizen's own words (borgerens eget mål), in one life domain."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.CharField(_("life domain"), max_length=30, choices=LifeDomain.choices)
    citizen_wording = models.TextField(_("the goal in the citizen's own words"))
    staff_note = models.TextField(_("how we will support it (staff's note)"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["life_domain", "created_at"]

    def __str__(self) -> str:
        return self.citizen_wording[:60]


class Intervention(Versioned):
    """An intervention (indsats) from any unit or partner, under a legal basis."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="interventions")
    type = models.ForeignKey(
        InterventionType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="+"
    )
    provider_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("provider unit"), on_delete=models.PROTECT, related_name="interventions"
    )
    responsible = models.ForeignKey(
        STAFF, verbose_name=_("responsible"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="responsible_for",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    annual_cost = models.DecimalField(
        _("cost per year (kr.)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals it serves"), blank=True, related_name="interventions"
    )
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("note on ending"), blank=True)
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["provider_unit__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="intervention_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | (Q(hours_per_week__gte=0) & Q(hours_per_week__lte=168)),
                name="intervention_hours_within_week",
            ),
            models.CheckConstraint(
                condition=Q(annual_cost__isnull=True) | Q(annual_cost__gte=0),
                name="intervention_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(end_reason=""), name="intervention_ended_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["provider_unit", "status"]),
            models.Index(fields=["responsible", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.type} ({self.provider_unit})"


class FollowUp(TimeStamped):
    """A follow-up (opfølgning) due on a date; done when recorded."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_ups")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("what was followed up"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(done_on__isnull=True), name="followup_open_due")
        ]


class Meeting(TimeStamped):
    """A network meeting (netværksmøde) with the citizen, relatives and the units involved."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateTimeField(_("when"))
    title = models.CharField(_("title"), max_length=200)
    citizen_present = models.BooleanField(_("the citizen took part"), default=True)
    staff: models.ManyToManyField[User, Any] = models.ManyToManyField(
        STAFF, verbose_name=_("staff taking part"), blank=True, related_name="+"
    )
    network = models.ManyToManyField(
        NetworkPerson, verbose_name=_("network taking part"), blank=True, related_name="+"
    )
    other_participants = models.TextField(_("other participants"), blank=True)
    summary = models.TextField(_("summary and agreements"), blank=True)
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on"]


class JournalNote(TimeStamped):
    """A journal note (journalnotat). Notes are never edited, only added (good record-keeping practice)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notes")
    intervention = models.ForeignKey(
        Intervention, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-created_at"]


class Transition(TimeStamped):
    """A coming transition (release, discharge) that needs housing, income and treatment arranged.

    Turning 18 and reaching pension age are derived from the birth date and need no row.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(_("transition"), max_length=30, choices=TransitionKind.choices)
    expected_on = models.DateField(_("expected on"))
    not_needed = models.JSONField(
        _("needs marked as not relevant"), default=list, blank=True,
        help_text=_("Categories (housing, income, treatment) the caseworker has marked not relevant."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["expected_on"]
