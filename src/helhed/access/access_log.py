"""Who has looked at a citizen's data (hvem har set mine oplysninger): the audit log as the citizen reads it.

Two readers:
- staff who may view the citizen: `citizen_access_log(actor=..., citizen_id=...)` checks access through
  `citizen_access` (so the look at the log is itself logged) and returns the entries;
- the citizen portal (to come) shows the citizen their own log with `access_log_entries(citizen_id=...)`
  after it has established who the citizen is; the template partial `access/_access_log.html` renders
  either.
Purposes are shown in plain words (`purpose_label`); break-the-glass accesses are marked. Never shows a
CPR number, and never what was seen, only who, from where, when and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import SYSTEM_ROLE
from helhed.access.models import AuditEvent
from helhed.access.policy import Action
from helhed.access.selectors import citizen_access
from helhed.people.choices import Role
from helhed.people.models import User

ACCESS_LOG_LIMIT = 500

# The caller's purpose code -> what the citizen reads. Codes not listed fall back on the action.
PURPOSES: dict[str, Promise] = {
    "plan_page": _("Looked at your plan"),
    "plan_history": _("Looked at the history of your plan"),
    "plan_summary": _("Saw that you have a plan and who coordinates it"),
    "sharing_list": _("Looked at your consents to share data"),
    "consent_give": _("Recorded your consent to share data"),
    "consent_receipt": _("Made a receipt of your consent"),
    "break_glass_review": _("Reviewed a break-the-glass access to your data"),
    "api_citizen": _("Looked up your information from another system"),
    "caseload": _("Saw you in their list of citizens"),
    "team_overdue": _("Saw you in the team's list of follow-ups"),
    "name_search": _("Searched for you by name"),
    "cpr_search": _("Searched for you by CPR number"),
    "plan_create": _("Registered you and started your plan"),
    "plan_close": _("Closed your plan"),
    "follow_up_list": _("Looked at your follow-ups"),
    "progress_page": _("Looked at your progress"),
    "assessment_list": _("Looked at your assessments"),
    "assessment_record": _("Recorded an assessment"),
    "staircase_positions": _("Looked at your interventions for statistics"),
    "what_works": _("Counted you in anonymous statistics"),
    "citizen_housing": _("Looked at your housing situation"),
    "home_candidates": _("Considered you for a home"),
    "shelter_residents": _("Saw you in the list of residents"),
    "housing_overview": _("Saw you in the housing overview"),
    "eviction_notices": _("Looked at an eviction notice"),
    "access_log": _("Looked at who has seen your data"),
    "retention": _("Deleted your closed plan after the retention period"),
    "cpr_key_rotation": _("Re-encrypted your CPR number with a new key"),
}
_GLASS_NOTE = "break_glass:"
_READS = {"view", "list", "search", "aggregate"}
READ_FALLBACK = _("Looked at your information")
WRITE_FALLBACK = _("Changed or added to your case")


def purpose_label(purpose: str, action: str) -> Promise:
    if purpose in PURPOSES:
        return PURPOSES[purpose]
    return READ_FALLBACK if action in _READS else WRITE_FALLBACK


@dataclass(frozen=True)
class AccessLogEntry:
    at: dt.datetime
    staff_name: str
    unit: str
    role: str          # the role's label
    purpose: str       # in plain words
    break_the_glass: bool
    reason: str        # the reason given for a break-the-glass access
    basis: str         # AuditEvent.Basis value

    @property
    def is_system(self) -> bool:
        return self.basis == AuditEvent.Basis.SYSTEM


def _role_label(role: str) -> str:
    if role == SYSTEM_ROLE:
        return str(_("The system"))
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def access_log_entries(*, citizen_id: int, limit: int = ACCESS_LOG_LIMIT) -> list[AccessLogEntry]:
    """The newest `limit` audit records about the citizen, as the citizen reads them.

    Not access-checked: for the citizen portal once the citizen is identified, and for
    `citizen_access_log`, which checks. The staff member's name and unit are as they were at the time."""
    rows = (AuditEvent.objects.filter(citizen_id=citizen_id).order_by("-at", "-id")
            .values_list("at", "actor_name", "actor_unit", "actor_role", "purpose", "action", "basis")
            [:limit])
    entries = []
    for at, name, unit, role, purpose, action, basis in rows:
        # A purpose may carry a break-the-glass reason after the code: "plan_page [break_glass: reason]".
        code, _sep, note = purpose.partition(" [")
        glass = basis == AuditEvent.Basis.BREAK_THE_GLASS or note.startswith(_GLASS_NOTE)
        reason = note.removeprefix(_GLASS_NOTE).removesuffix("]").strip() if glass else ""
        entries.append(AccessLogEntry(
            at=at, staff_name=name or (str(_("The system")) if role == SYSTEM_ROLE else ""), unit=unit,
            role=_role_label(role), purpose=str(purpose_label(code, action)), break_the_glass=glass,
            reason=reason, basis=basis,
        ))
    return entries


@dataclass(frozen=True)
class AccessLog:
    citizen_id: int
    citizen_name: str
    entries: list[AccessLogEntry]
    limit: int


def citizen_access_log(*, actor: User, citizen_id: int, limit: int = ACCESS_LOG_LIMIT) -> AccessLog:
    """For staff who may view the citizen (NotFound otherwise); the look is logged before the log is read,
    so it is the first entry shown."""
    citizen, _relations = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.VIEW,
                                         purpose="access_log")
    return AccessLog(citizen_id=citizen.pk, citizen_name=citizen.full_name,
                     entries=access_log_entries(citizen_id=citizen.pk, limit=limit), limit=limit)
