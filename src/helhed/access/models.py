"""The audit log: every read and write of a citizen's personal data.

Rows are only ever inserted. The citizen is stored as an id, not a foreign key, so the log outlives
the citizen's data when it is deleted after the retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):  # noqa: DJ008 - rows are never shown one by one
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")  # noqa: E501
    actor_role = models.CharField(max_length=30)
    actor_unit = models.CharField(max_length=200, blank=True)
    citizen_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=30)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.BigIntegerField(null=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]


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
