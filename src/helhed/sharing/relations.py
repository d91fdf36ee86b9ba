"""What sharing tells `access` (registered at start-up): break-the-glass grants as a relation, and the data
categories that consents and statutory sharings open to the actor's unit or sector.

A record naming a unit covers that unit and every unit below it; a record naming a sector covers every
unit of that sector. Only records in force today count (from `valid_from`, until `ended_on`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.utils import timezone

from helhed.access.policy import Relation, Scope
from helhed.people.models import User
from helhed.sharing.models import BreakGlass, SharingRecord, unpack


def _ancestor_ids(actor: User) -> list[int]:
    if not actor.unit_id or actor.unit is None:
        return []
    return [int(part) for part in actor.unit.path.strip("/").split("/") if part]


def in_force(citizen: Any) -> QuerySet[SharingRecord]:
    today = timezone.localdate()
    return SharingRecord.objects.filter(citizen=citizen, valid_from__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today))


def covering(records: QuerySet[SharingRecord], actor: User) -> QuerySet[SharingRecord]:
    """The records naming the actor's unit, a unit above it, or its sector."""
    ids = _ancestor_ids(actor)
    if not ids:
        return records.none()
    sector = actor.unit.sector if actor.unit else ""
    return records.filter(Q(recipient_units__in=ids) | Q(recipient_sectors__contains=f",{sector},"))


def live_grants(citizen: Any, actor: User) -> QuerySet[BreakGlass]:
    # The database's clock, not Python's: access reuses its compiled query (access.relations).
    return BreakGlass.objects.filter(citizen=citizen, actor=actor, expires_at__gt=Now())


class SharingRelations:
    def relations(self, actor: User, citizen_id: int) -> set[Relation]:
        return {Relation.BREAK_GLASS} if live_grants(citizen_id, actor).exists() else set()

    def citizen_filter(self, actor: User) -> Q:
        return Q(Exists(live_grants(OuterRef("pk"), actor)))

    def exprs(self, actor: User) -> dict[str, Any]:
        grants = live_grants(OuterRef("pk"), actor)
        newest = grants.order_by("-expires_at").values("pk")[:1]
        found: dict[str, Any] = {"break_glass_grant": Subquery(newest)}
        records = covering(in_force(OuterRef("pk")), actor)
        if not records.query.is_empty():
            found["covered"] = Exists(records)
        return found

    def covered_scopes(self, actor: User, citizen_id: int) -> set[Scope]:
        """The categories the records in force name for the actor's unit or sector (asked when some do)."""
        return {Scope(s) for packed in covering(in_force(citizen_id), actor).values_list("scopes", flat=True)
                for s in unpack(packed)}

    def grant_reason(self, grant_id: int) -> str:
        return BreakGlass.objects.filter(pk=grant_id).values_list("reason", flat=True).first() or ""
