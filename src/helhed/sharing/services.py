"""Writes of sharing: consent given and withdrawn, statutory sharing recorded and ended, break-the-glass
opened and reviewed. Each is one transaction, checks access through `citizen_access`, and is audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record
from helhed.access.models import AuditEvent
from helhed.access.policy import ALL_SCOPES, Action, may_break_glass, readable_scopes
from helhed.access.relations import facts_of
from helhed.access.selectors import NOT_FOUND, citizen_access
from helhed.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from helhed.people.choices import Sector
from helhed.people.models import NetworkPerson, OrgUnit, User
from helhed.sharing.models import Basis, BreakGlass, ConsentMethod, SharingRecord, pack
from helhed.sharing.selectors import may_review

MIN_REASON = 15


def break_glass_duration() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "HELHED_BREAK_GLASS_MINUTES", 60))


def _scopes(scopes: list[str]) -> set[str]:
    chosen = set(scopes)
    if not chosen:
        raise ValidationError(_("Choose at least one kind of data to share."), field="scopes")
    if not chosen <= {s.value for s in ALL_SCOPES}:
        raise ValidationError(_("Unknown kind of data: %(names)s.") % {"names": ", ".join(sorted(chosen - {
            s.value for s in ALL_SCOPES}))}, field="scopes")
    return chosen


def _sectors(sectors: list[str]) -> set[str]:
    chosen = set(sectors)
    unknown = chosen - set(Sector.values)
    if unknown:
        raise ValidationError(_("Unknown sector: %(names)s.") % {"names": ", ".join(sorted(unknown))},
                              field="sectors")
    return chosen


def _units(unit_ids: list[int]) -> list[OrgUnit]:
    units = list(OrgUnit.objects.filter(pk__in=set(unit_ids)))
    if len(units) != len(set(unit_ids)):
        raise ValidationError(_("One of the units does not exist."), field="unit_ids")
    return units


def _day(value: dt.date, *, field: str) -> dt.date:
    if value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), field=field)
    return value


def _record(
    *, actor: User, citizen_id: int, basis: str, purpose: str, scopes: list[str], unit_ids: list[int],
    sectors: list[str], network_person_ids: list[int], valid_from: dt.date, method: str = "",
    legal_paragraph: str = "", audit_purpose: str,
) -> SharingRecord:
    citizen, _grant = citizen_access(actor=actor, citizen_id=citizen_id, action=Action.EDIT_PLAN,
                                     purpose=audit_purpose)
    chosen_scopes = _scopes(scopes)
    chosen_sectors = _sectors(sectors)
    units = _units(unit_ids)
    people = list(NetworkPerson.objects.filter(citizen=citizen, pk__in=set(network_person_ids)))
    if len(people) != len(set(network_person_ids)):
        raise ValidationError(_("Choose relatives from the citizen's own network."),
                              field="network_person_ids")
    if not (units or chosen_sectors or people):
        raise ValidationError(_("Name at least one unit, sector or relative to share with."),
                              field="unit_ids")
    if not purpose.strip():
        raise ValidationError(_("Say what the sharing is for."), field="purpose")
    record = SharingRecord.objects.create(
        citizen=citizen, basis=basis, scopes=pack(chosen_scopes), recipient_sectors=pack(chosen_sectors),
        purpose=purpose.strip(), method=method, legal_paragraph=legal_paragraph.strip(),
        valid_from=_day(valid_from, field="valid_from"), recorded_by=actor,
    )
    record.recipient_units.set(units)
    record.recipient_people.set(people)
    return record


@transaction.atomic
def consent_give(
    *, actor: User, citizen_id: int, scopes: list[str], method: str, given_on: dt.date, purpose: str,
    unit_ids: list[int] | None = None, sectors: list[str] | None = None,
    network_person_ids: list[int] | None = None,
) -> SharingRecord:
    """Record the citizen's consent to share the named data with the named units, sectors or relatives."""
    if method not in ConsentMethod.values:
        raise ValidationError(_("Say whether the consent was given in writing or orally."), field="method")
    return _record(actor=actor, citizen_id=citizen_id, basis=Basis.CONSENT, purpose=purpose, scopes=scopes,
                   unit_ids=unit_ids or [], sectors=sectors or [],
                   network_person_ids=network_person_ids or [],
                   valid_from=given_on, method=method, audit_purpose="consent_give")


@transaction.atomic
def statutory_sharing_record(
    *, actor: User, citizen_id: int, scopes: list[str], legal_paragraph: str, purpose: str, from_on: dt.date,
    unit_ids: list[int] | None = None, sectors: list[str] | None = None,
) -> SharingRecord:
    """Record sharing the law allows without consent, with its paragraph (e.g. Serviceloven § 153)."""
    if len(legal_paragraph.strip()) < 3:
        raise ValidationError(_("Give the paragraph of the law that allows sharing without consent."),
                              field="legal_paragraph")
    return _record(actor=actor, citizen_id=citizen_id, basis=Basis.STATUTE, purpose=purpose, scopes=scopes,
                   unit_ids=unit_ids or [], sectors=sectors or [], network_person_ids=[],
                   valid_from=from_on, legal_paragraph=legal_paragraph,
                   audit_purpose="statutory_sharing_record")


@transaction.atomic
def sharing_end(*, actor: User, record_id: int, ended_on: dt.date, note: str = "") -> SharingRecord:
    """Withdraw a consent, or end a statutory sharing, from a date. The record stays, as evidence."""
    record = SharingRecord.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        raise NotFound(NOT_FOUND)
    citizen_access(actor=actor, citizen_id=record.citizen_id, action=Action.EDIT_PLAN, purpose="sharing_end")
    if record.ended_on is not None:
        raise Conflict(_("This was already withdrawn or ended on %(day)s.")
                       % {"day": record.ended_on.strftime("%d.%m.%Y")})
    _day(ended_on, field="ended_on")
    if ended_on < record.valid_from:
        raise ValidationError(_("It cannot end before it was given."), field="ended_on")
    record.ended_on, record.ended_by, record.end_note = ended_on, actor, note.strip()
    record.save(update_fields=["ended_on", "ended_by", "end_note", "updated_at"])
    return record


@transaction.atomic
def break_glass_open(*, actor: User, citizen_id: int, reason: str) -> BreakGlass:
    """Open a citizen the actor may not otherwise read, for a limited time, giving a reason. Audited with
    the reason, shown in the citizen's log, and put on the review list."""
    if not may_break_glass(actor.role) or not actor.is_active:
        raise PermissionDenied(_("Your role cannot use break-the-glass access."))
    text = " ".join(reason.split())
    if len(text) < MIN_REASON:
        raise ValidationError(_("Say why you need access now (at least %(n)d characters): it is shown to the "
                                "citizen and reviewed.") % {"n": MIN_REASON}, field="reason")
    facts = facts_of(actor, citizen_id)
    if facts.citizen is None:
        raise NotFound(NOT_FOUND)
    ordinary = readable_scopes(facts.relations, same_sector=facts.same_sector, by_basis=facts.by_basis)
    if facts.break_glass_reason or ordinary == ALL_SCOPES:
        raise Conflict(_("You already have access to this citizen."))
    unit = actor.unit if actor.unit_id else None
    now = timezone.now()
    grant = BreakGlass.objects.create(actor=actor, actor_unit=unit, citizen=facts.citizen, reason=text,
                                      opened_at=now, expires_at=now + break_glass_duration())
    audit_record(actor=actor, action="break_glass", citizen_id=citizen_id, object_type="break_glass",
                 object_id=grant.pk, purpose=f"break_glass: {text}", basis=AuditEvent.Basis.BREAK_THE_GLASS,
                 grant_id=grant.pk)
    return grant


@transaction.atomic
def break_glass_review(*, actor: User, grant_id: int, note: str) -> BreakGlass:
    """A team leader above the actor's unit, or the data-protection officer, marks an access reviewed."""
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the actor's unit.
    grant = (BreakGlass.objects.select_for_update(of=("self",)).select_related("actor_unit")
             .filter(pk=grant_id).first())
    if grant is None or not may_review(actor, grant):
        raise NotFound(_("No such break-the-glass access on your review list."))
    if grant.reviewed_at is not None:
        raise Conflict(_("Already reviewed by %(who)s.") % {"who": grant.reviewed_by})
    if not note.strip():
        raise ValidationError(_("Write what you concluded, e.g. 'justified: emergency at the shelter'."),
                              field="note")
    grant.reviewed_at, grant.reviewed_by, grant.review_note = timezone.now(), actor, note.strip()
    grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="review", citizen_id=grant.citizen_id, object_type="break_glass",
                 object_id=grant.pk, purpose="break_glass_review")
    return grant

