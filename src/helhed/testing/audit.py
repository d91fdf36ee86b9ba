"""Test helper: empty the append-only audit log, so a test sees only the records its own call writes."""

from __future__ import annotations

from helhed.access.audit_chain import audit_maintenance
from helhed.access.models import AuditEvent


def clear_audit_log() -> None:
    """Delete every audit record through the maintenance switch (a superuser session on PostgreSQL, as the
    test database's owner is). The application cannot do this: the database refuses it (ADR 0006)."""
    with audit_maintenance():
        AuditEvent.objects.all().delete()
