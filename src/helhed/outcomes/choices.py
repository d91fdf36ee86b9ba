"""Fixed vocabularies of outcomes. Kept as code because rules and constraints depend on them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rater(models.TextChoices):
    """Who gave an answer (or told a story): the citizen, the member of staff, or the two together."""

    CITIZEN = "citizen", _("The citizen")
    CASEWORKER = "caseworker", _("The caseworker")
    TOGETHER = "together", _("Together")


class InstrumentStatus(models.TextChoices):
    ACTIVE = "active", _("In use")
    RETIRED = "retired", _("Retired")


class AttachesTo(models.TextChoices):
    PLAN = "plan", _("The plan")
    GOAL = "goal", _("A goal")


class InstrumentKind(models.TextChoices):
    DIMENSIONS = "dimensions", _("Dimensions")
    FUNCTION_LEVELS = "function_levels", _("Function levels")
    GOAL_ATTAINMENT = "goal_attainment", _("Goal attainment scaling")
    STATUS = "status", _("Status")
    SURVEY = "survey", _("Survey")
    RATING_SCALE = "rating_scale", _("Rating scale")
