"""Fixed vocabularies of the analytics app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("absolute value")
    CHANGE_ABS = "change_abs", _("change (absolute)")
    CHANGE_PCT = "change_pct", _("change (per cent)")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Breakdown(models.TextChoices):
    TOTAL = "", _("total")
    UNIT = "unit", _("unit")
    DISTRICT = "district", _("district")
    TARGET_GROUP = "target_group", _("target group")


class Light(models.TextChoices):
    GREEN = "green", _("on track")
    YELLOW = "yellow", _("behind")
    RED = "red", _("off track")
    NONE = "none", _("no data yet")
