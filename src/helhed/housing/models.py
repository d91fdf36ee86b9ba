"""Housing First: homelessness over time, shelter stays, homes, allocation, tenancies, eviction notices.

Invariants the database enforces: at most one open homelessness status, one open shelter stay, one
active housing application and one open tenancy per citizen; at most one open offer per home and per
application; dates in order; rent, size and support need within range. Every write goes through
`services.py`; every read of a citizen's data through `selectors.py` (access policy and audit).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.core.models import TimeStamped, Versioned
from helhed.housing.choices import (
    ApplicationStatus,
    HomeKind,
    HomelessnessCategory,
    HomeStatus,
    NoticeKind,
    NoticeOutcome,
    NoticeSource,
    OfferStatus,
    RefusedBy,
    StatusSource,
    SupportNeed,
    TenancyEndReason,
)
from helhed.people.models import Citizen, OrgUnit

STAFF = settings.AUTH_USER_MODEL


class HomelessnessStatus(TimeStamped):
    """The citizen's housing situation in the national count's categories, from a date (til dato if ended).

    A new status closes the open one the day before; being housed closes it without a successor.
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="homelessness_statuses")
    category = models.CharField(_("situation"), max_length=30, choices=HomelessnessCategory.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=StatusSource.choices)
    source_note = models.CharField(_("note on the source"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("homelessness status")
        verbose_name_plural = _("homelessness statuses")
        ordering = ["citizen", "valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(valid_to__isnull=True),
                name="one_open_homelessness_status_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="homelessness_status_to_not_before_from",
            ),
        ]
        indexes = [models.Index(fields=["citizen", "valid_from"])]


class Shelter(TimeStamped):
    """An org unit that runs a shelter under Serviceloven § 110 (herberg, forsorgshjem), with its places."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="shelter"
    )
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="shelter_has_places")]

    def __str__(self) -> str:
        return self.unit.name


class ShelterStay(TimeStamped):
    """A stay at a § 110 shelter: check-in and check-out dates (open while the citizen is there)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="shelter_stays")
    shelter = models.ForeignKey(
        OrgUnit, verbose_name=_("shelter"), on_delete=models.PROTECT, related_name="shelter_stays"
    )
    check_in = models.DateField(_("checked in"))
    check_out = models.DateField(_("checked out"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        ordering = ["citizen", "check_in", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(check_out__isnull=True),
                name="one_open_shelter_stay_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(check_out__isnull=True) | Q(check_out__gte=F("check_in")),
                name="shelter_stay_out_not_before_in",
            ),
        ]
        indexes = [models.Index(fields=["shelter", "check_in"]), models.Index(fields=["citizen", "check_in"])]


class Home(Versioned):
    """A home the municipality can allocate: through its allocation right or an alternative home."""

    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    district = models.CharField(_("district"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=HomeKind.choices)
    landlord = models.CharField(_("landlord or housing association"), max_length=200, blank=True)
    monthly_rent = models.DecimalField(_("rent per month (kr.)"), max_digits=8, decimal_places=2)
    size_m2 = models.DecimalField(_("size (m²)"), max_digits=6, decimal_places=1)
    rooms = models.PositiveSmallIntegerField(_("rooms"), default=1)
    step_free = models.BooleanField(_("step-free access"), default=False)
    dogs_allowed = models.BooleanField(_("dogs allowed"), default=False)
    available_from = models.DateField(_("available from"))
    status = models.CharField(
        _("status"), max_length=10, choices=HomeStatus.choices, default=HomeStatus.VACANT
    )
    allocation_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("allocating unit"), on_delete=models.PROTECT, related_name="homes"
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("home")
        verbose_name_plural = _("homes")
        ordering = ["available_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_rent__gte=0), name="home_rent_not_negative"),
            models.CheckConstraint(condition=Q(size_m2__gt=0), name="home_size_positive"),
        ]
        indexes = [models.Index(fields=["allocation_unit", "status"])]

    def __str__(self) -> str:
        return f"{self.address}, {self.postal_code}"


class HousingApplication(TimeStamped):
    """The citizen seeks a home through the allocating unit (boligsøgning), with their wishes and consent."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="housing_applications")
    allocation_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("allocating unit"),
        on_delete=models.PROTECT,
        related_name="housing_applications",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.ACTIVE
    )
    registered_on = models.DateField(_("registered on"))
    consent_on = models.DateField(
        _("the citizen consented on"),
        help_text=_("The citizen agrees that the allocating unit sees the application and the plan."),
    )
    support_need = models.PositiveSmallIntegerField(_("support need"), choices=SupportNeed.choices)
    monthly_income = models.DecimalField(
        _("disposable income per month (kr.)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("After tax, including expected housing benefit (boligstøtte)."),
    )
    has_dog = models.BooleanField(_("has a dog"), default=False)
    needs_step_free = models.BooleanField(_("needs step-free access"), default=False)
    wished_districts = models.JSONField(_("wished districts"), default=list, blank=True)
    wishes_in_own_words = models.TextField(_("wishes in the citizen's own words"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    registered_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("housing application")
        verbose_name_plural = _("housing applications")
        ordering = ["registered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(status="active"),
                name="one_active_housing_application_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(support_need__gte=0) & Q(support_need__lte=4),
                name="housing_application_support_need_0_to_4",
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__gt=0), name="housing_application_income_positive"
            ),
        ]
        indexes = [models.Index(fields=["allocation_unit", "status"])]


class AllocationRound(TimeStamped):
    """A batch proposal: the optimal assignment of several homes, kept as proposed (with the greedy total)."""

    allocation_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    total_score = models.DecimalField(max_digits=12, decimal_places=2)
    greedy_total_score = models.DecimalField(max_digits=12, decimal_places=2)
    proposals = models.JSONField(default=list)  # [{home_id, application_id, score, reasons}]
    unassigned_home_ids = models.JSONField(default=list)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-created_at"]


class Offer(TimeStamped):
    """A home offered to a citizen (tilbud om bolig) by a caseworker, with the score and reasons it had."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="offers")
    application = models.ForeignKey(HousingApplication, on_delete=models.PROTECT, related_name="offers")
    round = models.ForeignKey(
        AllocationRound, null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank when offered"))
    reasons = models.JSONField(default=list)
    deviation_reason = models.TextField(
        _("why not the highest-ranked candidate"),
        blank=True,
    )
    offered_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    offered_on = models.DateField(_("offered on"))
    decided_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("answered on"), null=True, blank=True)
    refused_by = models.CharField(_("refused by"), max_length=12, choices=RefusedBy.choices, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-offered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["home"], condition=Q(status="offered"), name="one_open_offer_per_home"
            ),
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="offered"), name="one_open_offer_per_application"
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(refused_by="") & ~Q(refusal_reason="")),
                name="offer_refusal_has_who_and_why",
            ),
            models.CheckConstraint(
                condition=Q(rank=1) | ~Q(deviation_reason=""), name="offer_below_top_rank_has_reason"
            ),
        ]


class Tenancy(TimeStamped):
    """The citizen's tenancy (lejemål) in an allocated home, followed up at 3, 6 and 12 months."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="tenancies")
    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="tenancies")
    offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="tenancy"
    )
    move_in = models.DateField(_("moved in"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=12, choices=TenancyEndReason.choices, blank=True
    )
    created_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["-move_in", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["home"], condition=Q(ended_on__isnull=True), name="one_open_tenancy_per_home"
            ),
            models.UniqueConstraint(
                fields=["citizen"], condition=Q(ended_on__isnull=True), name="one_open_tenancy_per_citizen"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("move_in")),
                name="tenancy_end_not_before_move_in",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="tenancy_ended_iff_reason",
            ),
        ]


class TenancyFollowUp(TimeStamped):
    """Does the tenancy hold? Due 3, 6 and 12 months after moving in."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after moving in"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    holds = models.BooleanField(_("the tenancy holds"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tenancy follow-up")
        verbose_name_plural = _("tenancy follow-ups")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy", "months"], name="one_tenancy_follow_up_per_month_mark"
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(holds__isnull=False),
                name="tenancy_follow_up_done_says_if_it_holds",
            ),
        ]


class TenancySupport(TimeStamped):
    """Support attached to the home (CTI, ICM, ACT, § 85): an intervention on the citizen's plan."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="support")
    # The link goes with the intervention. Only retention deletes interventions (a plan's data after its
    # period, access.retention): a tenancy that outlives the plan keeps its own records, not the link.
    intervention = models.OneToOneField("plans.Intervention", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("support with the home")
        verbose_name_plural = _("support with the home")


class NoticeImport(TimeStamped):
    """One import of housing associations' notices (CSV or API): who, what came in, what was refused."""

    source = models.CharField(max_length=10, choices=NoticeSource.choices)
    filename = models.CharField(max_length=255, blank=True)
    imported_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)  # [{row, column, message}] (never the value of a CPR number)

    class Meta:
        verbose_name = _("notice import")
        verbose_name_plural = _("notice imports")
        ordering = ["-created_at"]


class EvictionNotice(TimeStamped):
    """A notice from a housing association (varsel): rent arrears, complaints, termination, eviction."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="eviction_notices")
    housing_association = models.CharField(_("housing association"), max_length=200)
    reference = models.CharField(_("the association's reference"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("deadline"))
    amount_owed = models.DecimalField(
        _("amount owed (kr.)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=NoticeSource.choices)
    import_batch = models.ForeignKey(
        NoticeImport, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    receiving_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("receiving unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="eviction_notices",
        help_text=_("The unit that follows the notice up when the citizen has no coordinating caseworker."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=NoticeOutcome.choices, default=NoticeOutcome.OPEN
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    outcome_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("eviction notice")
        verbose_name_plural = _("eviction notices")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["housing_association", "reference"],
                condition=~Q(reference=""),
                name="eviction_notice_reference_unique_per_association",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("received_on")),
                name="eviction_notice_deadline_not_before_received",
            ),
            models.CheckConstraint(
                condition=Q(amount_owed__isnull=True) | Q(amount_owed__gte=0),
                name="eviction_notice_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(outcome="open", outcome_on__isnull=True)
                | (~Q(outcome="open") & Q(outcome_on__isnull=False)),
                name="eviction_notice_outcome_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["citizen", "outcome"]),
            models.Index(fields=["receiving_unit", "outcome"]),
            models.Index(fields=["outcome", "outcome_on"]),
        ]
