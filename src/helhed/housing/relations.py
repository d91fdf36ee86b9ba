"""How staff relate to a citizen through Housing First: registered with `access` at start-up.

Housing creates three relations the plan does not know (docs/decisions/0200-housing-relations.md):
- a shelter's staff and their residents: while the stay is open and for 30 days after check-out
  (the shelter prepares the discharge and the § 141 plan with the municipality);
- the allocating unit and the citizens seeking a home through it (an active housing application,
  registered with the citizen's consent);
- the unit receiving a housing association's notice and the tenant, while the notice is open.
Each counts as `provider_staff` for staff working in that unit (or a unit below it) and as
`team_leader` for team leaders of a unit above it, so the policy in access/policy.py applies unchanged.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from helhed.access.policy import Relation
from helhed.housing.choices import ApplicationStatus, NoticeOutcome
from helhed.housing.models import EvictionNotice, HousingApplication, ShelterStay
from helhed.people.choices import Role
from helhed.people.models import User

SHELTER_AFTERCARE_DAYS = 30


def _live_rows(citizen: Any) -> list[tuple[QuerySet[Any], str]]:
    """The rows that make a relation while they last, each with the field naming the unit.

    `citizen` is a citizen id, or an OuterRef to the citizen for the EXISTS filters."""
    since = timezone.localdate() - dt.timedelta(days=SHELTER_AFTERCARE_DAYS)
    return [
        (
            ShelterStay.objects.filter(Q(check_out__isnull=True) | Q(check_out__gte=since), citizen=citizen),
            "shelter",
        ),
        (
            HousingApplication.objects.filter(citizen=citizen, status=ApplicationStatus.ACTIVE),
            "allocation_unit",
        ),
        (
            EvictionNotice.objects.filter(
                citizen=citizen, outcome=NoticeOutcome.OPEN, receiving_unit__isnull=False
            ),
            "receiving_unit",
        ),
    ]


class HousingRelations:
    def relations(self, actor: User, citizen_id: int) -> set[Relation]:
        found: set[Relation] = set()
        unit = actor.unit if actor.unit_id else None
        if unit is None:
            return found
        is_leader = actor.role == Role.TEAM_LEADER
        for rows, field in _live_rows(citizen_id):
            paths = rows.values_list(f"{field}__path", flat=True)
            for path in paths:
                if unit.path.startswith(path):
                    found.add(Relation.PROVIDER_STAFF)
                if is_leader and path.startswith(unit.path):
                    found.add(Relation.TEAM_LEADER)
        return found

    def citizen_filter(self, actor: User) -> Q:
        q = Q(pk__in=[])
        for relation in self._conditions(actor).values():
            q |= relation
        return q

    def exprs(self, actor: User) -> dict[str, Any]:
        """The same relations as expressions over the citizen, for access's one query (ADR 0005)."""
        return {relation: ExpressionWrapper(q, output_field=BooleanField())
                for relation, q in self._conditions(actor).items()}

    def _conditions(self, actor: User) -> dict[Relation, Q]:
        """Per relation, a condition on the citizen (OuterRef "pk"); none when the actor has no unit."""
        unit = actor.unit if actor.unit_id else None
        if unit is None:
            return {}
        # Staff of the unit itself or of a unit below it: the unit's path is a prefix of the actor's.
        ancestors = [
            f"/{'/'.join(unit.path.strip('/').split('/')[:k])}/"
            for k in range(1, unit.path.strip("/").count("/") + 2)
        ]
        rows = _live_rows(OuterRef("pk"))
        found = {Relation.PROVIDER_STAFF: reduce(
            operator.or_, (Q(Exists(r.filter(**{f"{field}__path__in": ancestors}))) for r, field in rows))}
        if actor.role == Role.TEAM_LEADER:
            found[Relation.TEAM_LEADER] = reduce(operator.or_, (
                Q(Exists(r.filter(**{f"{field}__path__startswith": unit.path}))) for r, field in rows))
        return found
