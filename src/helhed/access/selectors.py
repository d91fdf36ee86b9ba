"""Access-checked reads of citizens. The only way a view, API or service gets a citizen by id.

`citizen_access` finds the facts (relations, consents, statutory sharing, break-the-glass) in one query
(`relations.facts_of`), applies the policy file, and audits. It never decides anything the policy file
does not say.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record
from helhed.access.models import AuditEvent
from helhed.access.policy import Action, Relation, Scope, allowed, readable_scopes, scopes_read_by
from helhed.access.relations import facts_of, visible_citizens_filter
from helhed.core.errors import NotFound, PermissionDenied
from helhed.people.models import Citizen, User

NOT_FOUND = _("No citizen found. You can only open citizens you work with.")
OUTSIDE_CONSENT = _(
    "The citizen has not consented to share this part of the plan with your unit, and no law allows it "
    "without consent. You can see that the citizen has a plan and who coordinates it: ask the "
    "coordinating caseworker."
)
READ_ONLY_GLASS = _(
    "Break-the-glass access is read-only. Ask the coordinating caseworker to make the change."
)


class Grant(frozenset[Relation]):
    """The actor's relations to the citizen (a frozenset, as callers have always used it), with the data
    categories they may read and the reason of a break-the-glass grant, if any."""

    scopes: frozenset[Scope]
    break_glass_reason: str

    def __new__(cls, relations: frozenset[Relation], scopes: frozenset[Scope] = frozenset(),
                break_glass_reason: str = "") -> Grant:
        grant = super().__new__(cls, relations)
        grant.scopes = scopes
        grant.break_glass_reason = break_glass_reason
        return grant

    def reads(self, scope: Scope | str) -> bool:
        return Scope(scope) in self.scopes

    @property
    def summary_only(self) -> bool:
        """Outside every consent: only that the citizen has a plan, and who coordinates it."""
        return Scope.PLAN_GOALS not in self.scopes


def visible_citizens(actor: User) -> QuerySet[Citizen]:
    """Every citizen the actor has a relation with (not audited: callers audit what they show)."""
    return Citizen.objects.filter(visible_citizens_filter(actor))


def _through_glass(grant: Grant, action: Action, needed: frozenset[Scope], same_sector: bool,
                   by_basis: frozenset[Scope]) -> bool:
    """Would the actor read less, or be refused, without their break-the-glass grant? Then the audit row
    says so. (A read showing what the grant allows, `needed` empty, counts if the grant shows more.)"""
    if Relation.BREAK_GLASS not in grant:
        return False
    ordinary = grant - {Relation.BREAK_GLASS}
    if not allowed(ordinary, action):
        return True
    ordinary_scopes = readable_scopes(ordinary, same_sector=same_sector, by_basis=by_basis)
    return ordinary_scopes != grant.scopes if not needed else not needed <= ordinary_scopes


class _ByPurpose:
    """The default of `scope`: the categories policy.toml's [reads] declares for the purpose."""


BY_PURPOSE = _ByPurpose()


def citizen_access(
    *, actor: User, citizen_id: int, action: Action, purpose: str,
    scope: Scope | _ByPurpose | None = BY_PURPOSE,
) -> tuple[Citizen, Grant]:
    """The citizen and the actor's grant (relations and readable scopes), if the policy allows; audited.

    No relation at all: NotFound (404). A relation that does not allow the action: PermissionDenied.
    A VIEW needs every category it discloses among the readable ones: by default those policy.toml
    declares for `purpose`; `scope` names one instead, or None for a caller that shows each category only
    as far as the grant allows (the plan page, the summary).
    """
    facts = facts_of(actor, citizen_id)
    if not facts.relations or facts.citizen is None:
        raise NotFound(NOT_FOUND)
    scopes = readable_scopes(facts.relations, same_sector=facts.same_sector, by_basis=facts.by_basis)
    grant = Grant(facts.relations, scopes, facts.break_glass_reason)
    if not allowed(grant, action):
        if grant == {Relation.BREAK_GLASS}:
            raise PermissionDenied(READ_ONLY_GLASS)
        raise PermissionDenied(
            _("Your relation to this citizen does not allow this. Ask the coordinating caseworker.")
        )
    needed = (scopes_read_by(purpose) if isinstance(scope, _ByPurpose)
              else frozenset() if scope is None else frozenset({scope}))
    if action == Action.VIEW and not needed <= scopes:
        raise PermissionDenied(OUTSIDE_CONSENT)
    basis, grant_id = AuditEvent.Basis.RELATION, None
    if _through_glass(grant, action, needed, facts.same_sector, facts.by_basis):
        # The citizen's log marks the access as break-the-glass, with the reason given.
        purpose = f"{purpose} [break_glass: {facts.break_glass_reason}]"
        basis, grant_id = AuditEvent.Basis.BREAK_THE_GLASS, facts.break_glass_grant
    audit_record(actor=actor, action=str(action), citizen_id=citizen_id, object_type="citizen",
                 object_id=citizen_id, purpose=purpose, basis=basis, grant_id=grant_id)
    return facts.citizen, grant
