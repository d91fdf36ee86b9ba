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
Building and compiling that query costs more than running it, so `facts_of` compiles it once per actor
and day and reuses the statement with another citizen's id (`_statement`). Hence a provider's `exprs`
must depend only on the actor's id, role and unit (id, path, sector) and on today's date, never on rows
read while building (compare with the database's clock, `Now()`, not with Python's).
This module must not import the domain apps; they register here at start-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from django.db import connection
from django.db.models import Q
from django.utils import timezone

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


@dataclass(frozen=True)
class _ActorShape:
    """Everything a provider's `exprs` may depend on: one compiled statement per shape."""

    actor_id: int
    role: str
    unit_id: int | None
    unit_path: str | None
    unit_sector: str | None
    today: dt.date
    vendor: str
    providers: int


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[Any, ...]
    citizen_param: int  # the position of the citizen's id among the params
    keys: dict[str, tuple[Any, str]]  # annotation alias -> (provider, key)
    fallback: tuple[RelationProvider, ...]  # providers without `exprs`, asked one by one


_NO_CITIZEN = -7_654_321_987  # a placeholder id, replaced by the citizen's on every use


@lru_cache(maxsize=2048)
def _statement(actor: User, shape: _ActorShape) -> _Statement:
    """The compiled query for the shape (the key; the actor, equal by id, only builds it)."""
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
    query = Citizen.objects.filter(pk=_NO_CITIZEN).order_by().annotate(**annotations)[:1].query
    sql, params = query.sql_with_params()
    positions = [i for i, p in enumerate(params) if p == _NO_CITIZEN]
    assert len(positions) == 1, "the citizen's id must be the statement's only placeholder"
    return _Statement(sql, tuple(params), positions[0], keys, tuple(fallback))


def facts_of(actor: User, citizen_id: int) -> Facts:
    """The citizen and every fact the policy needs, in one query when every provider offers `exprs`."""
    if not actor.is_active:
        return NO_FACTS
    unit = actor.unit if actor.unit_id else None
    shape = _ActorShape(actor.pk, actor.role, actor.unit_id, unit.path if unit else None,
                        unit.sector if unit else None, timezone.localdate(), connection.vendor,
                        len(_providers))
    statement = _statement(actor, shape)
    params = list(statement.params)
    params[statement.citizen_param] = citizen_id
    row = next(iter(Citizen.objects.raw(statement.sql, params)), None)
    if row is None:
        return NO_FACTS
    keys, fallback = statement.keys, statement.fallback
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
