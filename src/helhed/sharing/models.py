"""Consent records, statutory sharing and break-the-glass grants.

A `SharingRecord` is the basis on which a unit, a sector or a relative may see part of a citizen's data:
the citizen's consent (modelled on ISO/IEC TS 27560, exported as a receipt by `receipt.py`), or a paragraph
of the law that allows sharing without consent (e.g. Serviceloven § 153, concern for a child). Records are
never deleted or edited: a consent is withdrawn, a statutory sharing ended, with a date and by whom.
Scopes and sectors are stored as ",a,b," strings so "names this scope" is one indexed-enough LIKE on
SQLite and PostgreSQL alike, inside access's single query (ADR 0005).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.models import TimeStamped
from helhed.people.models import Citizen, NetworkPerson, OrgUnit

STAFF = settings.AUTH_USER_MODEL


class Basis(models.TextChoices):
    CONSENT = "consent", _("The citizen's consent")
    STATUTE = "statute", _("The law, without consent")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral, recorded by the caseworker")


def pack(values: list[str] | set[str] | frozenset[str]) -> str:
    return f",{','.join(sorted(values))}," if values else ""


def unpack(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


class SharingRecord(TimeStamped):
    """Deling: what of the citizen's data may be shared with whom, on which basis, from when to when."""

    record_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="sharing_records")
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    scopes = models.CharField(_("data categories"), max_length=120)
    recipient_units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                             verbose_name=_("units (and the units below them)"))
    recipient_sectors = models.CharField(_("sectors"), max_length=300, blank=True)
    recipient_people = models.ManyToManyField(NetworkPerson, blank=True, related_name="sharing_records",
                                              verbose_name=_("relatives and network"))
    purpose = models.TextField(_("purpose"))
    method = models.CharField(_("how consent was given"), max_length=10, choices=ConsentMethod.choices,
                              blank=True)
    legal_paragraph = models.CharField(_("legal basis (paragraph)"), max_length=200, blank=True)
    valid_from = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(_("withdrawn or ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_note = models.TextField(_("why it ended"), blank=True)

    class Meta:
        verbose_name = _("sharing record")
        verbose_name_plural = _("sharing records")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(basis="consent") & ~Q(method=""))
                | (Q(basis="statute") & ~Q(legal_paragraph="")),
                name="sharing_consent_has_method_statute_has_paragraph",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("valid_from")),
                name="sharing_ends_after_it_starts"),
        ]
        indexes = [models.Index(fields=["citizen", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} {self.valid_from:%d.%m.%Y}"

    @property
    def scope_list(self) -> list[str]:
        return unpack(self.scopes)

    @property
    def sector_list(self) -> list[str]:
        return unpack(self.recipient_sectors)


class BreakGlass(models.Model):
    """Nødadgang: a member of staff opened a citizen they have no relation with, giving a reason.

    The grant is read-only and lasts until `expires_at`; it is shown in the citizen's access log and waits
    on a review list until a team leader above the actor's unit, or the data-protection officer, marks it.
    """

    actor = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="break_glass_grants")
    actor_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        ordering = ["-opened_at"]
        permissions = [
            ("review_all_break_glass", "Review every break-the-glass access (data-protection officer)"),
        ]
        indexes = [models.Index(fields=["citizen", "actor", "expires_at"]),
                   models.Index(fields=["reviewed_at", "opened_at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.opened_at:%d.%m.%Y %H:%M}"
