from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.TextChoices):
    """The life domains a goal belongs to (livsområder)."""

    HOUSING = "housing", _("Housing")
    EMPLOYMENT_EDUCATION = "employment_education", _("Employment and education")
    ECONOMY = "economy", _("Economy")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    FAMILY_NETWORK = "family_network", _("Family and network")
    LEISURE_CITIZENSHIP = "leisure_citizenship", _("Leisure and citizenship")
    CRIME = "crime", _("Crime")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    REACHED = "reached", _("Reached")
    PARTLY_REACHED = "partly_reached", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")
    DROPPED = "dropped", _("Dropped by the citizen")


OPEN_GOAL_STATUSES = (GoalStatus.OPEN,)


class InterventionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    DECIDED = "decided", _("Decided")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


LIVE_INTERVENTION_STATUSES = (
    InterventionStatus.REQUESTED, InterventionStatus.DECIDED, InterventionStatus.ACTIVE
)


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("Goal reached")
    NOT_EFFECTIVE = "not_effective", _("Did not help")
    CITIZEN_DECLINED = "citizen_declined", _("The citizen declined")
    REPLACED = "replaced", _("Replaced by another intervention")
    MOVED = "moved", _("The citizen moved")
    REFUSED = "refused", _("Refused (afslag)")
    DIED = "died", _("The citizen died")
    OTHER = "other", _("Other")


class TransitionKind(models.TextChoices):
    PRISON_RELEASE = "prison_release", _("Release from prison")
    HOSPITAL_DISCHARGE = "hospital_discharge", _("Discharge from hospital")
    TREATMENT_DISCHARGE = "treatment_discharge", _("Discharge from treatment")
    TURNING_18 = "turning_18", _("Turning 18")
    PENSION_AGE = "pension_age", _("Reaching state pension age")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral, recorded by the caseworker")
