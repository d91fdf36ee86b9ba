"""Access-checked reads of citizens. The only way a view, API or service gets a citizen by id."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record
from helhed.access.policy import Action, Relation, allowed
from helhed.access.relations import relations_of, visible_citizens_filter
from helhed.core.errors import NotFound, PermissionDenied
from helhed.people.models import Citizen, User

NOT_FOUND = _("No citizen found. You can only open citizens you work with.")


def visible_citizens(actor: User) -> QuerySet[Citizen]:
    """Every citizen the actor has a relation with (not audited: callers audit what they show)."""
    return Citizen.objects.filter(visible_citizens_filter(actor))


def citizen_access(
    *, actor: User, citizen_id: int, action: Action, purpose: str
) -> tuple[Citizen, frozenset[Relation]]:
    """The citizen and the actor's relations to them, if the policy allows `action`; audited.

    No relation at all: NotFound (404). A relation that does not allow the action: PermissionDenied.
    """
    relations = relations_of(actor, citizen_id)
    if not relations:
        raise NotFound(NOT_FOUND)
    citizen = Citizen.objects.filter(pk=citizen_id).first()
    if citizen is None:
        raise NotFound(NOT_FOUND)
    if not allowed(relations, action):
        raise PermissionDenied(
            _("Your relation to this citizen does not allow this. Ask the coordinating caseworker.")
        )
    audit_record(actor=actor, action=str(action), citizen_id=citizen_id, object_type="citizen",
                 object_id=citizen_id, purpose=purpose)
    return citizen, relations
