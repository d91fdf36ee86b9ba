"""Registry of relation providers: domain apps tell `access` how staff relate to citizens (ADR 0002, 0005).

A provider answers which relations one actor has with one citizen, and gives a `Q` on Citizen selecting
every citizen the actor has any relation with (for lists and search). A provider may also offer `exprs`:
the same answers as expressions over `OuterRef("pk")` of Citizen, so that `facts_of` finds everything
access needs (the citizen, every relation, what consents and statutes open, the sector holding the plan,
a break-the-glass grant) in ONE query. Keys of `exprs`:
- a Relation value ("coordinator", ...): a boolean (Exists) - the actor has that relation;
- "scope:<scope>,<scope>": a boolean - a basis opens those data categories to the actor;
- "covered": a boolean - some basis names the actor's unit or sector; only then is the provider's
  `covered_scopes(actor, citizen_id)` asked which categories (a second, small query, rare);
- "holding_sector": the sector of the coordinating caseworker's unit (NULL: no active plan);
- "break_glass_grant": the id of the actor's live break-the-glass grant (NULL: none): the relation
  `break_glass`; only then is the provider's `grant_reason(grant_id)` asked for the reason.
Each key is one subquery, so the common case (no consent record, no grant) costs a handful of index
look-ups in one round trip.
This module must not import the domain apps; they register here at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

from helhed.access.policy import Relation, Scope, role_relations
from helhed.people.models import Citizen, User


class RelationProvider(Protocol):
    def relations(self, actor: User, citizen_id: int) -> set[Relation]: ...

    def citizen_filter(self, actor: User) -> Q: ...


_providers: list[RelationProvider] = []


def register(provider: RelationProvider) -> None:
    _providers.append(provider)


@dataclass(frozen=True)
class Facts:
    """What is true about one actor and one citizen, before the policy is applied."""

    citizen: Citizen | None
    relations: frozenset[Relation]
    same_sector: bool
    by_basis: frozenset[Scope]
    break_glass_reason: str
    break_glass_grant: int | None = None


NO_FACTS = Facts(None, frozenset(), False, frozenset(), "")
_RELATION_NAMES = frozenset(r.value for r in Relation)


def facts_of(actor: User, citizen_id: int) -> Facts:
    """The citizen and every fact the policy needs, in one query when every provider offers `exprs`."""
    if not actor.is_active:
        return NO_FACTS
    annotations: dict[str, Any] = {}
    fallback: list[RelationProvider] = []
    keys: dict[str, tuple[Any, str]] = {}
    for n, provider in enumerate(_providers):
        exprs = getattr(provider, "exprs", None)
        if exprs is None:
            fallback.append(provider)
            continue
        for key, expr in exprs(actor).items():
            alias = f"p{n}_{len(keys)}"
            annotations[alias] = expr
            keys[alias] = (provider, key)
    row = Citizen.objects.filter(pk=citizen_id).order_by().annotate(**annotations).first()
    if row is None:
        return NO_FACTS
    found: set[Relation] = set()
    scopes: set[Scope] = set()
    holding: str | None = None
    reason = ""
    grant: int | None = None
    for alias, (provider, key) in keys.items():
        value = getattr(row, alias)
        if not value:
            continue
        if key in _RELATION_NAMES:
            found.add(Relation(key))
        elif key.startswith("scope:"):
            scopes |= {Scope(s) for s in key.removeprefix("scope:").split(",")}
        elif key == "covered":
            scopes |= provider.covered_scopes(actor, citizen_id)
        elif key == "holding_sector":
            holding = value
        elif key == "break_glass_grant":
            grant = value
            found.add(Relation.BREAK_GLASS)
            reason = provider.grant_reason(value)
    for provider in fallback:
        found |= provider.relations(actor, citizen_id)
    unit = actor.unit if actor.unit_id else None
    same_sector = holding is None or (unit is not None and unit.sector == holding)
    return Facts(row, role_relations(actor.role, found), same_sector, frozenset(scopes), reason, grant)


def relations_of(actor: User, citizen_id: int) -> frozenset[Relation]:
    return facts_of(actor, citizen_id).relations


def visible_citizens_filter(actor: User) -> Q:
    if not actor.is_active or not _providers or not role_relations(actor.role, set(Relation)):
        return Q(pk__in=[])
    combined = Q(pk__in=[])
    for provider in _providers:
        combined |= provider.citizen_filter(actor)
    return combined
