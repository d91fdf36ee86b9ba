"""Writing the audit log. Called by access selectors and services; a failed write fails the request."""

from __future__ import annotations

from helhed.access.models import AuditEvent
from helhed.people.models import User


def audit_record(
    *, actor: User, action: str, citizen_id: int | None, object_type: str = "", object_id: int | None = None,
    purpose: str = "",
) -> None:
    unit = actor.unit.name if actor.unit_id and actor.unit else ""
    AuditEvent.objects.create(
        actor=actor, actor_role=actor.role, actor_unit=unit,
        citizen_id=citizen_id, action=action, object_type=object_type, object_id=object_id,
        purpose=purpose[:200],
    )


def audit_record_many(*, actor: User, action: str, citizen_ids: list[int], purpose: str) -> None:
    """One row per citizen shown in a list, in one INSERT."""
    unit = actor.unit.name if actor.unit_id and actor.unit else ""
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, actor_role=actor.role, actor_unit=unit, citizen_id=cid, action=action,
                   object_type="citizen", object_id=cid, purpose=purpose[:200])
        for cid in citizen_ids
    ])
