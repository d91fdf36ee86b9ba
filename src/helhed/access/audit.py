"""Writing the audit log (logning). Called by access selectors and services; a failed write fails the request.

Every record names who (actor, role, unit, name as they were then), which citizen and object, what
(action), why (`purpose`, the caller's word for it; `route`, the URL name of the request, set by
`AuditRouteMiddleware`; `basis`, on what ground the access was given) and when. Records are chained and
the database refuses to change them (audit_chain.py, ADR 0006).

Break-the-glass (nødadgang) and other grounds than a work relation: pass `basis=AuditEvent.Basis.
BREAK_THE_GLASS` (or CONSENT, LEGAL_BASIS) and the id of the grant in `grant_id`; the citizen's access log
marks such reads. Never pass a CPR number, a name or free text from a user in `purpose`: it is a code.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from helhed.access.audit_chain import chain_append
from helhed.access.models import AuditEvent
from helhed.people.models import User

Basis = AuditEvent.Basis
SYSTEM_ROLE = "system"

_route: contextvars.ContextVar[str] = contextvars.ContextVar("audit_route", default="")
_paused = False


def _event(*, actor: User | None, action: str, citizen_id: int | None, object_type: str,
           object_id: int | None, purpose: str, basis: str, grant_id: int | None,
           at: dt.datetime) -> AuditEvent:
    if actor is None:
        role, unit, name, actor_id = SYSTEM_ROLE, "", "", None
        basis = basis or Basis.SYSTEM
    else:
        role, actor_id = actor.role, actor.pk
        unit = actor.unit.name[:200] if actor.unit_id and actor.unit else ""
        name = (actor.get_full_name() or actor.get_username())[:300]
    return AuditEvent(
        at=at, actor_id=actor_id, actor_role=role, actor_unit=unit, actor_name=name,
        citizen_id=citizen_id, action=action[:30], object_type=object_type[:50], object_id=object_id,
        purpose=purpose[:200], route=_route.get()[:100], basis=basis, grant_id=grant_id,
    )


def audit_record(
    *, actor: User | None, action: str, citizen_id: int | None, object_type: str = "",
    object_id: int | None = None, purpose: str = "", basis: str = Basis.RELATION, grant_id: int | None = None,
) -> None:
    """One record. `actor=None` is the system itself (retention, key rotation): role 'system'.

    `basis`: the ground of the access when it is not the actor's work relation to the citizen, e.g.
    `Basis.BREAK_THE_GLASS` with the grant's id in `grant_id` (helhed.sharing)."""
    if _paused:
        return
    chain_append([_event(actor=actor, action=action, citizen_id=citizen_id, object_type=object_type,
                         object_id=object_id, purpose=purpose, basis=basis, grant_id=grant_id,
                         at=timezone.now())])


def audit_record_many(*, actor: User, action: str, citizen_ids: list[int], purpose: str,
                      basis: str = Basis.RELATION) -> None:
    """One record per citizen shown in a list, chained in one transaction and one INSERT per 500."""
    if _paused or not citizen_ids:
        return
    at = timezone.now()
    chain_append([_event(actor=actor, action=action, citizen_id=cid, object_type="citizen", object_id=cid,
                         purpose=purpose, basis=basis, grant_id=None, at=at) for cid in citizen_ids])


class AuditRouteMiddleware:
    """Puts the URL name of the request (e.g. `plan`, `api:citizen_get`) where audit_record finds it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _route.set("")
        try:
            return self.get_response(request)
        finally:
            _route.reset(token)

    def process_view(self, request: HttpRequest, *args: object) -> None:
        match = request.resolver_match
        _route.set(match.view_name if match else "")


@contextmanager
def audit_route(name: str) -> Iterator[None]:
    """The route recorded by audit records written inside (a management command names itself)."""
    token = _route.set(name)
    try:
        yield
    finally:
        _route.reset(token)


@contextmanager
def audit_paused_for_benchmark() -> Iterator[None]:
    """No audit records inside: ONLY for bench/audit_overhead.py, which measures what logging costs.

    Refused unless the process says it is a benchmark (HELHED_BENCHMARK=1), so that no request path can
    reach it by accident; the application never sets that variable."""
    global _paused
    if os.environ.get("HELHED_BENCHMARK") != "1":
        raise RuntimeError("audit_paused_for_benchmark is for bench/audit_overhead.py only")
    _paused = True
    try:
        yield
    finally:
        _paused = False
