"""Instruments, assessments over time, goal attainment scales and the citizen's stories.

- `Instrument`: one version of a definition file (definitions.py), loaded by services.instrument_sync.
  A version with assessments never changes content; a changed file needs a new version.
- `Assessment` + `Answer`: one sitting on one instrument, on the plan or on one goal, with one answer per
  item saying who rated it. An instrument's total, where it defines one, is kept as a derived answer with
  the reserved item code `total`, so every measure is a row of the same table.
- `GoalScale`: goal attainment scaling for one goal (the five levels described, a weight).
- `Story`: the citizen's or the caseworker's account of what works and what must change, with the
  citizen's consent (or not) to anonymised use in reports.
Assessments are never edited: a wrong one is withdrawn with a reason and left out of every result.
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.core.models import TimeStamped
from helhed.outcomes.choices import AttachesTo, InstrumentKind, InstrumentStatus, Rater
from helhed.outcomes.definitions import TOTAL_CODE, InstrumentDef, parse_definition
from helhed.people.models import Citizen
from helhed.plans.choices import ConsentForm
from helhed.plans.models import Goal, Intervention, Plan

STAFF = settings.AUTH_USER_MODEL


class Instrument(TimeStamped):
    """One version of an instrument (måleredskab) as loaded from its definition file."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    attaches_to = models.CharField(_("recorded on"), max_length=10, choices=AttachesTo.choices)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=InstrumentStatus.choices)
    # A newer version of the same code is in use: assessments go on that one.
    superseded = models.BooleanField(_("replaced by a newer version"), default=False)
    # Results compare a citizen's first and latest answers within one series: a version starts its own
    # series unless its file declares it comparable with an earlier version.
    series = models.CharField(max_length=80, db_index=True)
    is_licensed = models.BooleanField(_("licensed"), default=False)
    definition = models.JSONField()
    checksum = models.CharField(max_length=64)
    source_file = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "da").startswith("en") else self.name_da

    @property
    def accepts_assessments(self) -> bool:
        return self.status == InstrumentStatus.ACTIVE and not self.superseded

    @cached_property
    def defn(self) -> InstrumentDef:
        return parse_definition(self.definition)


class Assessment(TimeStamped):
    """One assessment (måling) on one instrument version, of the plan or of one of its goals."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="assessments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="assessments")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["assessed_on", "pk"]
        indexes = [
            models.Index(fields=["plan", "instrument", "assessed_on"]),
            models.Index(fields=["citizen", "assessed_on"]),
            models.Index(fields=["instrument", "assessed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="assessment_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.assessed_on:%Y-%m-%d}"


class Answer(models.Model):
    """One item's answer in an assessment: a number (scales, counts, scored options), an option, or text."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    option = models.CharField(max_length=60, blank=True)
    text = models.TextField(blank=True)
    # Who rated: required for every answer; blank only on the derived total.
    rater = models.CharField(_("rated by"), max_length=10, choices=Rater.choices, blank=True)
    goal_type = models.CharField(_("goal type"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_one_per_item"),
            models.CheckConstraint(
                condition=Q(rater__in=Rater.values) | (Q(item=TOTAL_CODE) & Q(rater="")),
                name="answer_has_rater",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value if self.value is not None else self.option or self.text[:40]}"


class GoalScale(TimeStamped):
    """Goal attainment scaling for one goal: the five levels described with the citizen, and a weight."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="attainment_scale")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    much_less = models.TextField(_("-2: much less than expected"))
    less = models.TextField(_("-1: less than expected"))
    expected = models.TextField(_("0: the expected outcome"))
    more = models.TextField(_("+1: more than expected"))
    much_more = models.TextField(_("+2: much more than expected"))
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    LEVEL_FIELDS = {-2: "much_less", -1: "less", 0: "expected", 1: "more", 2: "much_more"}

    class Meta:
        verbose_name = _("goal attainment scale")
        verbose_name_plural = _("goal attainment scales")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="goal_scale_weight_1_to_100"
            ),
        ]

    def level_text(self, level: int) -> str:
        return str(getattr(self, self.LEVEL_FIELDS[level]))

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(n, self.level_text(n)) for n in (2, 1, 0, -1, -2)]


class Story(TimeStamped):
    """An account (fortælling) of what works and what must change, by or with the citizen."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="stories")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="stories")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories")
    intervention = models.ForeignKey(
        Intervention, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    told_by = models.CharField(_("told by"), max_length=10, choices=Rater.choices)
    told_on = models.DateField(_("told on"))
    what_works = models.TextField(_("what works"), blank=True)
    what_must_change = models.TextField(_("what must change"), blank=True)
    consent_anonymised = models.BooleanField(
        _("the citizen consents to anonymised use in reports"), default=False
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_form = models.CharField(
        _("consent given"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-told_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(what_works="") | ~Q(what_must_change=""), name="story_says_something"
            ),
            models.CheckConstraint(
                condition=Q(consent_anonymised=False) | (Q(consent_on__isnull=False) & ~Q(consent_form="")),
                name="story_consent_has_date_and_form",
            ),
        ]
        indexes = [models.Index(fields=["consent_anonymised", "told_on"])]

    def __str__(self) -> str:
        return (self.what_works or self.what_must_change)[:60]
