"""Registry of relation providers: domain apps tell `access` how staff relate to citizens.

A provider answers two questions efficiently: which relations one actor has with one citizen, and a
`Q` on Citizen selecting every citizen the actor has any relation with (for lists and search).
"""

from __future__ import annotations

from typing import Protocol

from django.db.models import Q

from helhed.access.policy import Relation
from helhed.people.models import User


class RelationProvider(Protocol):
    def relations(self, actor: User, citizen_id: int) -> set[Relation]: ...

    def citizen_filter(self, actor: User) -> Q: ...


_providers: list[RelationProvider] = []


def register(provider: RelationProvider) -> None:
    _providers.append(provider)


def relations_of(actor: User, citizen_id: int) -> frozenset[Relation]:
    if not actor.is_active:
        return frozenset()
    found: set[Relation] = set()
    for provider in _providers:
        found |= provider.relations(actor, citizen_id)
    return frozenset(found)


def visible_citizens_filter(actor: User) -> Q:
    if not actor.is_active or not _providers:
        return Q(pk__in=[])
    combined = Q(pk__in=[])
    for provider in _providers:
        combined |= provider.citizen_filter(actor)
    return combined
