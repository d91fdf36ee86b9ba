"""Reads of sharing: a citizen's consents and statutory sharings, a consent receipt, the break-the-glass
review list. Every read of a citizen's data goes through `citizen_access` and is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record_many
from helhed.access.policy import Action, allowed, reviews_unit_tree
from helhed.access.selectors import NOT_FOUND, citizen_access
from helhed.core.errors import NotFound
from helhed.people.models import Citizen, User
from helhed.sharing.models import BreakGlass, SharingRecord
from helhed.sharing.receipt import receipt_27560

DPO_PERMISSION = "sharing.review_all_break_glass"
NOT_REVIEWER = _("The break-the-glass review list is for team leaders and the data-protection officer.")


@dataclass
class CitizenSharing:
    citizen: Citizen
    records: list[SharingRecord]
    can_edit: bool


def _records() -> QuerySet[SharingRecord]:
    return SharingRecord.objects.select_related("recorded_by", "ended_by").prefetch_related(
        "recipient_units", "recipient_people")


def citizen_sharing(*, actor: User, citizen_id: int) -> CitizenSharing:
    """The citizen's consents and statutory sharings, newest first (for the plan page and the API)."""
    citizen, grant = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW,
                                    purpose="sharing_list")
    return CitizenSharing(citizen=citizen, records=list(_records().filter(citizen_id=citizen_id)),
                          can_edit=allowed(grant, Action.EDIT_PLAN))


def sharing_receipt(*, actor: User, record_id: uuid.UUID | str) -> dict[str, Any]:
    """The record as an ISO/IEC TS 27560 consent receipt (JSON), for the citizen or another system."""
    try:
        key = uuid.UUID(str(record_id))
    except ValueError as error:
        raise NotFound(NOT_FOUND) from error
    record = _records().filter(record_id=key).first()
    if record is None:
        raise NotFound(NOT_FOUND)
    citizen_access(actor=actor, citizen_id=record.citizen_id, action=Action.VIEW, purpose="consent_receipt")
    return receipt_27560(record, controller=getattr(settings, "HELHED_CONTROLLER_NAME", "Helhed"))


def may_review(actor: User, grant: BreakGlass) -> bool:
    """The data-protection officer reviews every access; a team leader those of staff in their unit tree.
    Nobody reviews their own."""
    if grant.actor_id == actor.pk or not actor.is_active:
        return False
    if actor.has_perm(DPO_PERMISSION):
        return True
    unit = actor.unit if actor.unit_id else None
    return bool(reviews_unit_tree(actor.role) and unit is not None and grant.actor_unit is not None
                and grant.actor_unit.path.startswith(unit.path))


def is_reviewer(actor: User) -> bool:
    return actor.is_active and (actor.has_perm(DPO_PERMISSION)
                                or (reviews_unit_tree(actor.role) and actor.unit_id is not None))


def break_glass_reviews(*, actor: User, include_reviewed: bool = False) -> list[BreakGlass]:
    """The break-the-glass accesses the actor reviews: open ones first, oldest first."""
    if not is_reviewer(actor):
        raise NotFound(NOT_REVIEWER)
    qs = BreakGlass.objects.select_related("actor", "actor_unit", "citizen", "reviewed_by").exclude(
        actor=actor)
    if not actor.has_perm(DPO_PERMISSION) and actor.unit is not None:
        qs = qs.filter(actor_unit__path__startswith=actor.unit.path)
    if not include_reviewed:
        qs = qs.filter(reviewed_at__isnull=True)
    rows = sorted(qs.order_by("-opened_at")[:500], key=lambda g: (g.reviewed_at is not None, g.opened_at))
    audit_record_many(actor=actor, action="list", citizen_ids=[g.citizen_id for g in rows],
                      purpose="break_glass_review")
    return rows
