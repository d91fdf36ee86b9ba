"""The audit log: every read and write of a citizen's personal data.

Rows are only ever inserted. The citizen is stored as an id, not a foreign key, so the log outlives
the citizen's data when it is deleted after the retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
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
