"""The audit log: every read and write of a citizen's personal data.

Rows are only ever inserted. The citizen is stored as an id, not a foreign key, so the log outlives
the citizen's data when it is deleted after the retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):  # noqa: DJ008 - rows are shown through access_log, never one by one
    """One read or write of a citizen's personal data (en logning): who, in which role and unit, which citizen
    and object, what, why (purpose, route, basis) and when.

    Append-only and hash-chained (access/audit_chain.py, ADR 0006): `id` is assigned by the writer under a
    lock as the last id + 1, `hash` is SHA-256 over the previous record's hash and this record's fields, so
    an update, a deletion or a reordering breaks the chain and `helhed audit verify` names the record. The
    database refuses UPDATE, DELETE and TRUNCATE (triggers); on PostgreSQL the table is partitioned by
    month on `at` and its key is (id, at). The actor and the citizen are plain ids, not foreign keys: the
    log outlives staff accounts and the citizen's data after the retention period.
    """

    class Basis(models.TextChoices):
        RELATION = "", _("work relation")
        BREAK_THE_GLASS = "break_the_glass", _("break the glass")
        CONSENT = "consent", _("consent")
        LEGAL_BASIS = "legal_basis", _("legal basis without consent")
        SYSTEM = "system", _("the system")

    id = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")
    actor_role = models.CharField(max_length=30)
    actor_unit = models.CharField(max_length=200, blank=True)
    actor_name = models.CharField(max_length=300, blank=True)
    citizen_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=30)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.BigIntegerField(null=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    route = models.CharField(max_length=100, blank=True)
    basis = models.CharField(max_length=30, blank=True, choices=Basis.choices, default=Basis.RELATION)
    grant_id = models.BigIntegerField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["citizen_id", "at"], name="access_audit_citizen_at"),
            models.Index(fields=["at"], name="access_audit_at"),
        ]


class ApiToken(models.Model):
    """A bearer token for the REST API (API-nøgle), issued to one staff member.

    Only the SHA-256 hash of the token is stored, with a short prefix to tell tokens apart in lists; the
    token itself is shown once, when it is created. A revoked token, or any token of an inactive user,
    authenticates nobody.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
