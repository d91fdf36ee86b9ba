"""Legal bases and intervention types. Rows come from `data/catalog.json` (see services.catalog_sync)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What an intervention does for the citizen; coherence rules reason over these."""

    HOUSING = "housing", _("Housing")
    INCOME = "income", _("Income and benefits")
    TREATMENT = "treatment", _("Treatment")
    RESIDENTIAL = "residential", _("Residential placement")
    SUPPORT = "support", _("Support and contact")
    ACTIVATION = "activation", _("Employment and activation")
    EDUCATION = "education", _("Education")
    DAY_ACTIVITY = "day_activity", _("Day activity and sheltered work")
    FAMILY = "family", _("Family and children")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class LegalBasis(models.Model):
    """A paragraph of the law an intervention is decided under (hjemmel), with its KLE number."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    law = models.CharField(_("law"), max_length=100)
    paragraph = models.CharField(_("paragraph"), max_length=40)
    title_da = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    kle = models.CharField(_("KLE number"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["law", "code"]

    def __str__(self) -> str:
        return f"{self.law} {self.paragraph}"

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "da").startswith("en") else self.title_da


class InterventionType(models.Model):
    """A kind of help (indsatstype) with its legal basis and the attributes the plan checks use."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, related_name="types")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    full_time_residential = models.BooleanField(
        _("full-time residential"), default=False,
        help_text=_("The citizen lives at the place of treatment or placement."),
    )
    start_deadline_days = models.PositiveSmallIntegerField(
        _("statutory start deadline (days from request)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "da").startswith("en") else self.name_da
