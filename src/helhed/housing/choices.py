"""Fixed vocabularies of Housing First. Kept as code because rules and statistics depend on them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HomelessnessCategory(models.TextChoices):
    """The categories of VIVE's national homelessness count (hjemløsetællingen), in its order."""

    STREET = "street", _("Street, stairwell or shed")
    NIGHT_SHELTER = "night_shelter", _("Night shelter or drop-in with emergency beds")
    SHELTER_110 = "shelter_110", _("Shelter (herberg, forsorgshjem, § 110)")
    HOTEL_HOSTEL = "hotel_hostel", _("Hotel or hostel because of homelessness")
    FAMILY_FRIENDS = "family_friends", _("Temporarily with family or friends (sofa surfing)")
    TRANSITIONAL = "transitional", _("Transitional home without a permanent contract")
    PRISON_RELEASE = "prison_release", _("Release from prison within a month, with no home")
    HOSPITAL_DISCHARGE = (
        "hospital_discharge",
        _("Discharge from hospital or treatment within a month, with no home"),
    )
    OTHER = "other", _("Other (allotment hut, caravan and the like)")


class StatusSource(models.TextChoices):
    """Who told us about the citizen's housing situation."""

    CASEWORKER = "caseworker", _("Caseworker's assessment")
    SHELTER = "shelter", _("Shelter (§ 110)")
    OUTREACH = "outreach", _("Street team or outreach worker")
    CITIZEN = "citizen", _("The citizen")
    PRISON_HOSPITAL = "prison_hospital", _("Prison service, hospital or treatment centre")
    OTHER = "other", _("Other")


class HomeKind(models.TextChoices):
    ALLOCATION_RIGHT = "allocation_right", _("Social housing through the municipality's allocation right")
    SKAEV_BOLIG = "skaev_bolig", _("Alternative home (skæv bolig)")
    SHARED = "shared", _("Shared housing (bofællesskab)")
    OTHER_ALTERNATIVE = "other_alternative", _("Other alternative home (e.g. skurvogn)")


class HomeStatus(models.TextChoices):
    VACANT = "vacant", _("Vacant")
    OFFERED = "offered", _("Offered")
    LET = "let", _("Let")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", _("Seeking a home")
    HOUSED = "housed", _("Housed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportNeed(models.IntegerChoices):
    """Support need on KL's Fælles Faglige Begreber scale (støttebehov)."""

    NONE = 0, _("No support need")
    LIGHT = 1, _("Light support need")
    MODERATE = 2, _("Moderate support need")
    HIGH = 3, _("High support need")
    FULL = 4, _("Full support need")


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RefusedBy(models.TextChoices):
    CITIZEN = "citizen", _("The citizen said no")
    LANDLORD = "landlord", _("The landlord said no")
    CASEWORKER = "caseworker", _("The caseworker withdrew the offer")


class TenancyEndReason(models.TextChoices):
    MOVED = "moved", _("Moved to another home")
    EVICTED = "evicted", _("Evicted")
    PLACEMENT = "placement", _("Moved to a placement or treatment")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class NoticeKind(models.TextChoices):
    """What a housing association tells the municipality (Almenlejeloven § 87, Lejeloven)."""

    RENT_ARREARS = "rent_arrears", _("Rent arrears (restance, påkrav)")
    COMPLAINT = "complaint", _("Complaint or warning about conduct")
    TERMINATION = "termination", _("Termination of the tenancy (ophævelse, opsigelse)")
    EVICTION = "eviction", _("Eviction requested from the bailiff's court")


class NoticeOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved: the tenancy continues")
    MOVED = "moved", _("The tenant moved out")
    EVICTED = "evicted", _("Eviction carried out")
    WITHDRAWN = "withdrawn", _("Withdrawn by the housing association")


class NoticeSource(models.TextChoices):
    CSV = "csv", _("CSV import")
    API = "api", _("API")
    MANUAL = "manual", _("Entered by hand")


# Months after moving in when the tenancy is followed up (the tenancy holds?).
TENANCY_FOLLOW_UP_MONTHS = (3, 6, 12)
# Support attached to a new home: intervention types in the catalogue (catalog/data/catalog.json).
HOUSING_SUPPORT_TYPES = ("cti-85", "icm-85", "act-85", "bostotte-85")
