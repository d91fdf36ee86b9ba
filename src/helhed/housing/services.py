"""Every write of Housing First. Keyword-only, one transaction each, access checked, nothing half-written.

Errors are DomainErrors with a message a caseworker can act on. Who may do what:
- a shelter's staff (or a team leader above the shelter) check residents in and out;
- the allocating unit's staff register homes, propose and offer them, and record the answer;
- the coordinating caseworker (or team leader) registers the housing application with the citizen,
  records the answer to an offer, attaches support to the home and follows the tenancy up;
- anyone working with the citizen records where they are staying (a homelessness status);
- notices are imported by anyone (CSV command, API); the coordinating caseworker or the receiving unit
  records the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helhed.access.audit import audit_record, audit_record_many
from helhed.access.policy import Action, Relation
from helhed.access.selectors import citizen_access
from helhed.catalog.models import InterventionType
from helhed.core.concurrency import save_versioned
from helhed.core.cpr import CPR
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.housing import allocation
from helhed.housing.choices import (
    HOUSING_SUPPORT_TYPES,
    TENANCY_FOLLOW_UP_MONTHS,
    ApplicationStatus,
    HomeKind,
    HomelessnessCategory,
    HomeStatus,
    NoticeKind,
    NoticeOutcome,
    NoticeSource,
    OfferStatus,
    RefusedBy,
    StatusSource,
    TenancyEndReason,
)
from helhed.housing.models import (
    AllocationRound,
    EvictionNotice,
    Home,
    HomelessnessStatus,
    HousingApplication,
    NoticeImport,
    Offer,
    Shelter,
    ShelterStay,
    Tenancy,
    TenancyFollowUp,
    TenancySupport,
)
from helhed.housing.notices import NoticeRecord, Problem, parse_notice_rows, read_csv
from helhed.housing.selectors import candidates_for_unit, home_as_input, reasons_as_data, works_in
from helhed.housing.stays import add_months
from helhed.people.choices import Role
from helhed.people.models import Citizen, OrgUnit, User
from helhed.people.services import citizen_lookup_by_cpr
from helhed.plans import services as plan_services
from helhed.plans.choices import GoalStatus, InterventionStatus, LifeDomain, PlanStatus
from helhed.plans.models import Goal, Plan

_ONE_DAY = dt.timedelta(days=1)
HOUSED = "housed"  # on check-out: the citizen moved into a home (ends the homelessness status)


def _today() -> dt.date:
    return timezone.localdate()


def _text(value: str | None, *, field: str, label: Any, required: bool = True, max_length: int = 2000) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("%(label)s cannot be empty.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationError(
            _("%(label)s is too long (at most %(n)s characters).") % {"label": label, "n": max_length},
            field=field,
        )
    return text


def _not_future(day: dt.date | None, *, field: str, label: Any) -> dt.date:
    if day is None:
        raise ValidationError(_("Give the date: %(label)s.") % {"label": label}, field=field)
    if day > _today():
        raise ValidationError(_("%(label)s cannot be in the future.") % {"label": label}, field=field)
    return day


def _choice(value: str, choices: Any, *, field: str, label: Any) -> str:
    if value not in choices.values:
        raise ValidationError(_("Choose a valid %(label)s.") % {"label": label}, field=field)
    return value


def _amount(value: Any, *, field: str, label: Any, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(label)s must be a number.") % {"label": label}, field=field) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            _("%(label)s must be between %(low)s and %(high)s.") % {"label": label, "low": low, "high": high},
            field=field,
        )
    return number


def _citizen_by_cpr(cpr: str) -> Citizen:
    citizen = citizen_lookup_by_cpr(CPR.parse(cpr))
    if citizen is None:
        raise NotFound(
            _("No citizen with this CPR number in Helhed. A caseworker registers the citizen first.")
        )
    return citizen


# ------------------------------------------------------------------ homelessness status


def _record_status(
    *,
    citizen: Citizen,
    category: str,
    valid_from: dt.date,
    source: str,
    actor: User,
    source_note: str = "",
    strict: bool = True,
) -> HomelessnessStatus | None:
    """Start a new status, closing the open one the day before. `strict=False`: skip quietly if it cannot."""
    current = (
        HomelessnessStatus.objects.select_for_update().filter(citizen=citizen, valid_to__isnull=True).first()
    )
    if current is not None and current.category == category and current.valid_from <= valid_from:
        return current
    later = (
        HomelessnessStatus.objects.filter(citizen=citizen, valid_from__gte=valid_from).exists()
        or HomelessnessStatus.objects.filter(citizen=citizen, valid_to__gte=valid_from)
        .exclude(pk=current.pk if current else 0)
        .exists()
    )
    if later:
        if not strict:
            return None
        raise ValidationError(
            _("A situation from %(date)s or later is already recorded. Record a date after it.")
            % {"date": valid_from},
            field="valid_from",
        )
    if current is not None:
        current.valid_to = valid_from - _ONE_DAY
        current._history_user = actor  # type: ignore[attr-defined]
        current.save()
    status = HomelessnessStatus(
        citizen=citizen,
        category=category,
        valid_from=valid_from,
        source=source,
        source_note=source_note,
        recorded_by=actor,
    )
    status._history_user = actor  # type: ignore[attr-defined]
    status.save()
    return status


def _end_status(*, citizen: Citizen, housed_on: dt.date, actor: User) -> None:
    current = (
        HomelessnessStatus.objects.select_for_update().filter(citizen=citizen, valid_to__isnull=True).first()
    )
    if current is not None:
        current.valid_to = max(current.valid_from, housed_on - _ONE_DAY)
        current._history_user = actor  # type: ignore[attr-defined]
        current.save()


@transaction.atomic
def status_record(
    *, actor: User, citizen_id: int, category: str, valid_from: dt.date, source: str, source_note: str = ""
) -> HomelessnessStatus:
    """Record where a homeless citizen is staying from a date, in the national count's categories."""
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="homelessness_status_record"
    )
    _choice(category, HomelessnessCategory, field="category", label=_("situation"))
    _choice(source, StatusSource, field="source", label=_("source"))
    valid_from = _not_future(valid_from, field="valid_from", label=_("From"))
    status = _record_status(
        citizen=citizen,
        category=category,
        valid_from=valid_from,
        source=source,
        actor=actor,
        source_note=_text(
            source_note, field="source_note", label=_("The note"), required=False, max_length=300
        ),
    )
    assert status is not None
    return status


@transaction.atomic
def status_end(*, actor: User, citizen_id: int, housed_on: dt.date) -> None:
    """The citizen is no longer homeless from `housed_on` (the open status ends the day before)."""
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.ADD_NOTE, purpose="homelessness_status_end"
    )
    _end_status(
        citizen=citizen,
        housed_on=_not_future(housed_on, field="housed_on", label=_("Housed on")),
        actor=actor,
    )


# ------------------------------------------------------------------ shelters and stays


@transaction.atomic
def shelter_register(*, actor: User, unit_id: int, places: int) -> Shelter:
    """Mark a unit as a § 110 shelter with its number of places (administrator or a team leader above it)."""
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError(_("Choose the unit that runs the shelter."), field="unit")
    if actor.role != Role.ADMINISTRATOR and not (actor.role == Role.TEAM_LEADER and works_in(actor, unit)):
        raise PermissionDenied(
            _("Only an administrator or the shelter's team leader can register a shelter.")
        )
    if not 1 <= int(places) <= 1000:
        raise ValidationError(_("A shelter has between 1 and 1000 places."), field="places")
    shelter, _created = Shelter.objects.update_or_create(unit=unit, defaults={"places": int(places)})
    return shelter


def _shelter_unit(actor: User, shelter_id: int) -> OrgUnit:
    shelter = Shelter.objects.select_related("unit").filter(unit_id=shelter_id).first()
    if shelter is None:
        raise ValidationError(_("Choose a shelter (§ 110)."), field="shelter")
    if not works_in(actor, shelter.unit):
        raise PermissionDenied(_("Only the shelter's staff can check residents in and out."))
    return shelter.unit


@transaction.atomic
def stay_check_in(
    *, actor: User, shelter_id: int, cpr: str, check_in: dt.date, note: str = ""
) -> ShelterStay:
    """Check a citizen in at a shelter (on their own request, § 110); the shelter becomes their situation."""
    unit = _shelter_unit(actor, shelter_id)
    check_in = _not_future(check_in, field="check_in", label=_("Checked in"))
    citizen = _citizen_by_cpr(cpr)
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()  # one check-in of a citizen at a time
    current = ShelterStay.objects.filter(citizen=citizen, check_out__isnull=True).first()
    if current is not None:
        raise ValidationError(
            _(
                "The citizen is already checked in at a shelter (since %(date)s). "
                "That stay must be checked out "
                "first."
            )
            % {"date": current.check_in},
            field="check_in",
        )
    if ShelterStay.objects.filter(citizen=citizen, check_out__gt=check_in).exists():
        raise ValidationError(
            _("The citizen has a shelter stay that ends after this date. Check the date."), field="check_in"
        )
    try:
        with transaction.atomic():
            stay = ShelterStay(
                citizen=citizen,
                shelter=unit,
                check_in=check_in,
                recorded_by=actor,
                note=_text(note, field="note", label=_("The note"), required=False, max_length=500),
            )
            stay._history_user = actor  # type: ignore[attr-defined]
            stay.save()
    except IntegrityError:
        raise ValidationError(
            _("The citizen was checked in a moment ago. Reload the page."), field="check_in"
        ) from None
    _record_status(
        citizen=citizen,
        category=HomelessnessCategory.SHELTER_110,
        valid_from=check_in,
        source=StatusSource.SHELTER,
        actor=actor,
        source_note=unit.name[:300],
        strict=False,
    )
    audit_record(
        actor=actor,
        action="create",
        citizen_id=citizen.pk,
        object_type="shelter_stay",
        object_id=stay.pk,
        purpose="stay_check_in",
    )
    return stay


@transaction.atomic
def stay_check_out(
    *, actor: User, stay_id: int, check_out: dt.date, next_situation: str = "", note: str = ""
) -> ShelterStay:
    """Check a resident out. `next_situation`: a homelessness category, 'housed', or '' (not known)."""
    stay = (
        ShelterStay.objects.select_for_update()
        .select_related("shelter", "citizen")
        .filter(pk=stay_id)
        .first()
    )
    if stay is None or not works_in(actor, stay.shelter):
        raise NotFound(_("No such stay at your shelter."))
    if stay.check_out is not None:
        raise ValidationError(
            _("The stay was checked out on %(date)s.") % {"date": stay.check_out}, field="check_out"
        )
    check_out = _not_future(check_out, field="check_out", label=_("Checked out"))
    if check_out < stay.check_in:
        raise ValidationError(
            _("The check-out cannot be before the check-in (%(date)s).") % {"date": stay.check_in},
            field="check_out",
        )
    if next_situation and next_situation != HOUSED:
        _choice(next_situation, HomelessnessCategory, field="next_situation", label=_("next situation"))
    stay.check_out = check_out
    if note.strip():
        stay.note = _text(f"{stay.note}\n{note}".strip(), field="note", label=_("The note"), max_length=500)
    stay._history_user = actor  # type: ignore[attr-defined]
    stay.save()
    if next_situation == HOUSED:
        _end_status(citizen=stay.citizen, housed_on=check_out, actor=actor)
    elif next_situation:
        _record_status(
            citizen=stay.citizen,
            category=next_situation,
            valid_from=check_out,
            source=StatusSource.SHELTER,
            actor=actor,
            source_note=stay.shelter.name[:300],
            strict=False,
        )
    audit_record(
        actor=actor,
        action="update",
        citizen_id=stay.citizen_id,
        object_type="shelter_stay",
        object_id=stay.pk,
        purpose="stay_check_out",
    )
    return stay


# ------------------------------------------------------------------ homes


def _allocating_unit(actor: User, unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError(_("Choose the allocating unit."), field="allocation_unit")
    if not works_in(actor, unit):
        raise PermissionDenied(_("Only the allocating unit's staff can do this."))
    return unit


def _home_fields(
    *,
    address: str,
    postal_code: str,
    district: str,
    kind: str,
    landlord: str,
    monthly_rent: Any,
    size_m2: Any,
    rooms: Any,
    step_free: bool,
    dogs_allowed: bool,
    available_from: dt.date | None,
    note: str,
) -> dict[str, Any]:
    postal_code = (postal_code or "").strip()
    if len(postal_code) != 4 or not postal_code.isdigit():
        raise ValidationError(_("A Danish postal code has four digits."), field="postal_code")
    if available_from is None:
        raise ValidationError(_("Give the date the home is available from."), field="available_from")
    try:
        room_count = int(rooms)
    except (TypeError, ValueError):
        room_count = 0
    if not 1 <= room_count <= 20:
        raise ValidationError(_("A home has between 1 and 20 rooms."), field="rooms")
    return {
        "address": _text(address, field="address", label=_("The address"), max_length=200),
        "postal_code": postal_code,
        "district": _text(district, field="district", label=_("The district"), max_length=100),
        "kind": _choice(kind, HomeKind, field="kind", label=_("kind of home")),
        "landlord": _text(
            landlord, field="landlord", label=_("The landlord"), required=False, max_length=200
        ),
        "monthly_rent": _amount(
            monthly_rent, field="monthly_rent", label=_("The rent"), low=Decimal(0), high=Decimal(100000)
        ),
        "size_m2": _amount(size_m2, field="size_m2", label=_("The size"), low=Decimal(1), high=Decimal(1000)),
        "rooms": room_count,
        "step_free": bool(step_free),
        "dogs_allowed": bool(dogs_allowed),
        "available_from": available_from,
        "note": _text(note, field="note", label=_("The note"), required=False),
    }


@transaction.atomic
def home_create(
    *,
    actor: User,
    allocation_unit_id: int,
    address: str,
    postal_code: str,
    district: str,
    kind: str,
    monthly_rent: Any,
    size_m2: Any,
    available_from: dt.date,
    rooms: Any = 1,
    step_free: bool = False,
    dogs_allowed: bool = False,
    landlord: str = "",
    note: str = "",
) -> Home:
    """Register a vacant home the unit can allocate (allocation right or an alternative home)."""
    unit = _allocating_unit(actor, allocation_unit_id)
    home = Home(
        allocation_unit=unit,
        created_by=actor,
        **_home_fields(
            address=address,
            postal_code=postal_code,
            district=district,
            kind=kind,
            landlord=landlord,
            monthly_rent=monthly_rent,
            size_m2=size_m2,
            rooms=rooms,
            step_free=step_free,
            dogs_allowed=dogs_allowed,
            available_from=available_from,
            note=note,
        ),
    )
    home._history_user = actor  # type: ignore[attr-defined]
    home.save()
    return home


@transaction.atomic
def home_update(
    *,
    actor: User,
    home_id: int,
    expected_version: int,
    address: str,
    postal_code: str,
    district: str,
    kind: str,
    monthly_rent: Any,
    size_m2: Any,
    available_from: dt.date,
    rooms: Any = 1,
    step_free: bool = False,
    dogs_allowed: bool = False,
    landlord: str = "",
    note: str = "",
) -> Home:
    home = Home.objects.select_related("allocation_unit").filter(pk=home_id).first()
    if home is None:
        raise NotFound(_("No such home."))
    _allocating_unit(actor, home.allocation_unit_id)
    if home.status != HomeStatus.VACANT:
        raise ValidationError(
            _("Only a vacant home can be changed (this one is %(status)s).")
            % {"status": home.get_status_display()}
        )
    return save_versioned(
        home,
        expected_version=expected_version,
        actor=actor,
        fields=_home_fields(
            address=address,
            postal_code=postal_code,
            district=district,
            kind=kind,
            landlord=landlord,
            monthly_rent=monthly_rent,
            size_m2=size_m2,
            rooms=rooms,
            step_free=step_free,
            dogs_allowed=dogs_allowed,
            available_from=available_from,
            note=note,
        ),
    )


def _set_home_status(home_id: int, status: str, actor: User) -> Home:
    """Change a home's status, claiming a new version (an open edit form of the home gets a Conflict),
    with the change in the home's history."""
    home = Home.objects.select_for_update().get(pk=home_id)
    home.status, home.version = status, home.version + 1
    home._history_user = actor  # type: ignore[attr-defined]
    home.save()
    return home


@transaction.atomic
def home_withdraw(*, actor: User, home_id: int) -> Home:
    """Take a vacant home out of allocation (let by the landlord, not suitable after all)."""
    home = Home.objects.select_for_update().filter(pk=home_id).first()
    if home is None:
        raise NotFound(_("No such home."))
    _allocating_unit(actor, home.allocation_unit_id)
    if home.status != HomeStatus.VACANT:
        raise ValidationError(_("Only a vacant home can be withdrawn. Withdraw the open offer first."))
    return _set_home_status(home.pk, HomeStatus.WITHDRAWN, actor)


# ------------------------------------------------------------------ housing applications


def _application_fields(
    *,
    consent_on: dt.date | None,
    support_need: Any,
    monthly_income: Any,
    has_dog: bool,
    needs_step_free: bool,
    wished_districts: Iterable[str],
    wishes_in_own_words: str,
) -> dict[str, Any]:
    if consent_on is None:
        raise ValidationError(
            _(
                "Record the date the citizen agreed that the allocating unit sees the "
                "application and the plan."
            ),
            field="consent_on",
        )
    _not_future(consent_on, field="consent_on", label=_("The consent date"))
    try:
        need = int(support_need)
    except (TypeError, ValueError):
        need = -1
    if not 0 <= need <= 4:
        raise ValidationError(_("Choose the support need (0-4)."), field="support_need")
    districts = sorted({d.strip() for d in wished_districts if d and d.strip()})
    if len(districts) > 10 or any(len(d) > 100 for d in districts):
        raise ValidationError(_("Wish at most 10 districts."), field="wished_districts")
    return {
        "consent_on": consent_on,
        "support_need": need,
        "monthly_income": _amount(
            monthly_income,
            field="monthly_income",
            label=_("The income"),
            low=Decimal(1),
            high=Decimal(200000),
        ),
        "has_dog": bool(has_dog),
        "needs_step_free": bool(needs_step_free),
        "wished_districts": districts,
        "wishes_in_own_words": _text(
            wishes_in_own_words, field="wishes_in_own_words", label=_("The wishes"), required=False
        ),
    }


@transaction.atomic
def application_register(
    *,
    actor: User,
    citizen_id: int,
    allocation_unit_id: int,
    consent_on: dt.date,
    support_need: Any,
    monthly_income: Any,
    has_dog: bool = False,
    needs_step_free: bool = False,
    wished_districts: Iterable[str] = (),
    wishes_in_own_words: str = "",
) -> HousingApplication:
    """The citizen seeks a home through the allocating unit (with their consent), with their wishes."""
    citizen, _rel = citizen_access(
        actor=actor, citizen_id=citizen_id, action=Action.EDIT_PLAN, purpose="housing_application_register"
    )
    unit = OrgUnit.objects.filter(pk=allocation_unit_id).first()
    if unit is None:
        raise ValidationError(_("Choose the allocating unit."), field="allocation_unit")
    fields = _application_fields(
        consent_on=consent_on,
        support_need=support_need,
        monthly_income=monthly_income,
        has_dog=has_dog,
        needs_step_free=needs_step_free,
        wished_districts=wished_districts,
        wishes_in_own_words=wishes_in_own_words,
    )
    if HousingApplication.objects.filter(citizen=citizen, status=ApplicationStatus.ACTIVE).exists():
        raise ValidationError(
            _("The citizen is already seeking a home. Change that application instead."), field="citizen"
        )
    try:
        with transaction.atomic():
            application = HousingApplication(
                citizen=citizen, allocation_unit=unit, registered_on=_today(), registered_by=actor, **fields
            )
            application._history_user = actor  # type: ignore[attr-defined]
            application.save()
    except IntegrityError:
        raise ValidationError(
            _("The citizen is already seeking a home (registered a moment ago)."), field="citizen"
        ) from None
    return application


def _active_application(actor: User, application_id: int, purpose: str) -> HousingApplication:
    application = HousingApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("No such housing application."))
    citizen_access(actor=actor, citizen_id=application.citizen_id, action=Action.EDIT_PLAN, purpose=purpose)
    if application.status != ApplicationStatus.ACTIVE:
        raise ValidationError(
            _("The application is closed (%(status)s).") % {"status": application.get_status_display()}
        )
    return application


@transaction.atomic
def application_update(
    *,
    actor: User,
    application_id: int,
    consent_on: dt.date,
    support_need: Any,
    monthly_income: Any,
    has_dog: bool = False,
    needs_step_free: bool = False,
    wished_districts: Iterable[str] = (),
    wishes_in_own_words: str = "",
) -> HousingApplication:
    application = _active_application(actor, application_id, "housing_application_update")
    for name, value in _application_fields(
        consent_on=consent_on,
        support_need=support_need,
        monthly_income=monthly_income,
        has_dog=has_dog,
        needs_step_free=needs_step_free,
        wished_districts=wished_districts,
        wishes_in_own_words=wishes_in_own_words,
    ).items():
        setattr(application, name, value)
    application._history_user = actor  # type: ignore[attr-defined]
    application.save()
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application_id: int) -> HousingApplication:
    application = _active_application(actor, application_id, "housing_application_withdraw")
    if application.offers.filter(status=OfferStatus.OFFERED).exists():
        raise ValidationError(_("A home is offered to the citizen. Record the answer to the offer first."))
    application.status, application.closed_on = ApplicationStatus.WITHDRAWN, _today()
    application._history_user = actor  # type: ignore[attr-defined]
    application.save()
    return application


# ------------------------------------------------------------------ allocation: proposals and offers


EXCLUSION_MESSAGES = {
    allocation.EXCLUDED_DOG: _("The citizen has a dog, and dogs are not allowed in this home."),
    allocation.EXCLUDED_ACCESS: _("The citizen needs step-free access, and this home does not have it."),
    allocation.EXCLUDED_RENT: _("The rent is more than 60 % of the citizen's income."),
}


@transaction.atomic
def allocation_round_create(
    *, actor: User, allocation_unit_id: int, home_ids: Sequence[int] | None = None
) -> AllocationRound:
    """Propose the optimal assignment of the unit's vacant homes (or the chosen ones), kept with its reasons.

    Nothing is offered yet: a caseworker offers each home (offer_make with the round), or not.
    """
    unit = _allocating_unit(actor, allocation_unit_id)
    homes_qs = Home.objects.filter(allocation_unit=unit, status=HomeStatus.VACANT)
    if home_ids is not None:
        homes_qs = homes_qs.filter(pk__in=list(home_ids))
    homes = list(homes_qs.order_by("available_from", "pk"))
    if not homes:
        raise ValidationError(_("There are no vacant homes to propose."), field="homes")
    today = _today()
    candidates, applications = candidates_for_unit(unit, as_of=today)
    home_inputs = [home_as_input(h) for h in homes]
    optimal = allocation.assign_optimal(home_inputs, candidates)
    greedy = allocation.assign_greedy_by_home(home_inputs, candidates)
    round_ = AllocationRound.objects.create(
        allocation_unit=unit,
        created_by=actor,
        total_score=Decimal(str(optimal.total_score)),
        greedy_total_score=Decimal(str(greedy.total_score)),
        proposals=[
            {
                "home_id": p.home_id,
                "application_id": p.candidate_id,
                "score": p.score,
                "reasons": reasons_as_data(p.reasons),
            }
            for p in optimal.proposals
        ],
        unassigned_home_ids=list(optimal.unassigned_home_ids),
    )
    audit_record_many(
        actor=actor,
        action="list",
        purpose="allocation_round",
        citizen_ids=[applications[p.candidate_id].citizen_id for p in optimal.proposals],
    )
    return round_


@transaction.atomic
def offer_make(
    *, actor: User, home_id: int, application_id: int, deviation_reason: str = "", round_id: int | None = None
) -> Offer:
    """A caseworker offers the home to a citizen. Below rank 1 they say why; excluded pairs are refused."""
    home = Home.objects.select_for_update().select_related("allocation_unit").filter(pk=home_id).first()
    if home is None:
        raise NotFound(_("No such home."))
    unit = _allocating_unit(actor, home.allocation_unit_id)
    if home.status != HomeStatus.VACANT:
        raise ValidationError(
            _("The home is not vacant (%(status)s).") % {"status": home.get_status_display()}
        )
    application = HousingApplication.objects.filter(
        pk=application_id, status=ApplicationStatus.ACTIVE, allocation_unit=unit
    ).first()
    if application is None:
        raise ValidationError(
            _("The citizen is not seeking a home through this unit any more."), field="application"
        )
    citizen_access(actor=actor, citizen_id=application.citizen_id, action=Action.VIEW, purpose="offer_make")
    if application.offers.filter(status=OfferStatus.OFFERED).exists():
        raise ValidationError(
            _("Another home is already offered to the citizen. Wait for the answer."), field="application"
        )
    candidates, _apps = candidates_for_unit(unit, as_of=_today())
    ranking = allocation.rank_candidates(home_as_input(home), candidates)
    excluded = next((e for e in ranking.excluded if e.candidate_id == application.pk), None)
    if excluded is not None:
        raise ValidationError(
            " ".join(str(EXCLUSION_MESSAGES[c]) for c in excluded.codes), field="application"
        )
    proposal = next(p for p in ranking.proposals if p.candidate_id == application.pk)
    reason = _text(deviation_reason, field="deviation_reason", label=_("The reason"), required=False)
    round_ = None
    if round_id is not None:
        round_ = AllocationRound.objects.filter(pk=round_id, allocation_unit=unit).first()
        if round_ is None:
            raise NotFound(_("No such allocation round."))
        in_round = any(
            p["home_id"] == home.pk and p["application_id"] == application.pk for p in round_.proposals
        )
        if in_round and proposal.rank > 1 and not reason:
            reason = gettext(
                "Part of the optimal assignment of allocation round %(round)s: "
                "the homes in the round together "
                "score %(total)s, against %(greedy)s when each home goes to its own number 1."
            ) % {"round": round_.pk, "total": round_.total_score, "greedy": round_.greedy_total_score}
    if proposal.rank > 1 and not reason:
        raise ValidationError(
            _(
                "The citizen is number %(rank)s for this home. Say why you offer it to them rather than to "
                "number 1."
            )
            % {"rank": proposal.rank},
            field="deviation_reason",
        )
    try:
        with transaction.atomic():
            offer = Offer(
                home=home,
                application=application,
                round=round_,
                score=Decimal(str(proposal.score)),
                rank=proposal.rank,
                reasons=reasons_as_data(proposal.reasons),
                deviation_reason=reason,
                offered_by=actor,
                offered_on=_today(),
            )
            offer._history_user = actor  # type: ignore[attr-defined]
            offer.save()
    except IntegrityError:
        raise ValidationError(
            _("The home or the citizen got an offer a moment ago. Reload the page."), field="application"
        ) from None
    _set_home_status(home.pk, HomeStatus.OFFERED, actor)
    return offer


def _open_offer(actor: User, offer_id: int, purpose: str) -> Offer:
    offer = (
        Offer.objects.select_for_update()
        .select_related("home__allocation_unit", "application")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise NotFound(_("No such offer."))
    _citizen, relations = citizen_access(
        actor=actor, citizen_id=offer.application.citizen_id, action=Action.VIEW, purpose=purpose
    )
    if not (
        works_in(actor, offer.home.allocation_unit)
        or relations & {Relation.COORDINATOR, Relation.TEAM_LEADER}
    ):
        raise PermissionDenied(_("The allocating unit or the coordinating caseworker records the answer."))
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(
            _("The offer has already been answered (%(status)s).") % {"status": offer.get_status_display()}
        )
    return offer


@transaction.atomic
def offer_accept(*, actor: User, offer_id: int, move_in: dt.date) -> Tenancy:
    """The citizen said yes: the tenancy starts, with follow-ups at 3, 6 and 12 months; homelessness ends."""
    offer = _open_offer(actor, offer_id, "offer_accept")
    home, application = offer.home, offer.application
    if move_in < home.available_from:
        raise ValidationError(
            _("The home is available from %(date)s.") % {"date": home.available_from}, field="move_in"
        )
    if move_in > _today() + dt.timedelta(days=366):
        raise ValidationError(_("The move-in date is more than a year ahead."), field="move_in")
    if Tenancy.objects.filter(citizen_id=application.citizen_id, ended_on__isnull=True).exists():
        raise ValidationError(_("The citizen already has an open tenancy. End it first."), field="move_in")
    offer.status, offer.decided_by, offer.decided_on = OfferStatus.ACCEPTED, actor, _today()
    offer._history_user = actor  # type: ignore[attr-defined]
    offer.save()
    tenancy = Tenancy(
        citizen_id=application.citizen_id, home=home, offer=offer, move_in=move_in, created_by=actor
    )
    tenancy._history_user = actor  # type: ignore[attr-defined]
    tenancy.save()
    TenancyFollowUp.objects.bulk_create(
        [
            TenancyFollowUp(tenancy=tenancy, months=m, due_on=add_months(move_in, m))
            for m in TENANCY_FOLLOW_UP_MONTHS
        ]
    )
    _set_home_status(home.pk, HomeStatus.LET, actor)
    application.status, application.closed_on = ApplicationStatus.HOUSED, _today()
    application._history_user = actor  # type: ignore[attr-defined]
    application.save()
    _end_status(citizen=application.citizen, housed_on=move_in, actor=actor)
    audit_record(
        actor=actor,
        action="create",
        citizen_id=application.citizen_id,
        object_type="tenancy",
        object_id=tenancy.pk,
        purpose="offer_accept",
    )
    return tenancy


@transaction.atomic
def offer_refuse(*, actor: User, offer_id: int, refused_by: str, reason: str) -> Offer:
    """The citizen or the landlord said no, or the caseworker withdrew the offer: the home is vacant again."""
    offer = _open_offer(actor, offer_id, "offer_refuse")
    offer.refused_by = _choice(refused_by, RefusedBy, field="refused_by", label=_("who said no"))
    offer.refusal_reason = _text(reason, field="refusal_reason", label=_("The reason"))
    offer.status, offer.decided_by, offer.decided_on = OfferStatus.REFUSED, actor, _today()
    offer._history_user = actor  # type: ignore[attr-defined]
    offer.save()
    _set_home_status(offer.home_id, HomeStatus.VACANT, actor)
    return offer


# ------------------------------------------------------------------ the tenancy: support and follow-up


def _tenancy(actor: User, tenancy_id: int, action: Action, purpose: str) -> Tenancy:
    tenancy = Tenancy.objects.select_for_update().select_related("home").filter(pk=tenancy_id).first()
    if tenancy is None:
        raise NotFound(_("No such tenancy."))
    citizen_access(actor=actor, citizen_id=tenancy.citizen_id, action=action, purpose=purpose)
    return tenancy


@transaction.atomic
def tenancy_support_attach(
    *,
    actor: User,
    tenancy_id: int,
    type_code: str,
    provider_unit_id: int,
    start_date: dt.date | None = None,
    status: str = InterventionStatus.DECIDED,
    hours_per_week: Any = None,
    responsible_id: int | None = None,
) -> TenancySupport:
    """Attach support to the home (CTI, ICM, ACT or § 85): an intervention on the citizen's plan.

    It serves the plan's open housing goals. The plan's own rules (access, dates) apply.
    """
    tenancy = _tenancy(actor, tenancy_id, Action.ADD_INTERVENTION, "tenancy_support_attach")
    if tenancy.ended_on is not None:
        raise ValidationError(_("The tenancy has ended."))
    if type_code not in HOUSING_SUPPORT_TYPES:
        raise ValidationError(_("Choose CTI, ICM, ACT or housing support (§ 85)."), field="type")
    itype = InterventionType.objects.filter(code=type_code, is_active=True).first()
    if itype is None:
        raise ValidationError(
            _("The catalogue has no such intervention type. Run 'helhed catalog sync'."), field="type"
        )
    plan = Plan.objects.filter(citizen_id=tenancy.citizen_id, status=PlanStatus.ACTIVE).first()
    if plan is None:
        raise ValidationError(
            _("The citizen has no active plan. Open the plan first; the support belongs on it.")
        )
    goal_ids = list(
        Goal.objects.filter(plan=plan, life_domain=LifeDomain.HOUSING, status=GoalStatus.OPEN).values_list(
            "pk", flat=True
        )
    )
    intervention = plan_services.intervention_add(
        actor=actor,
        plan_id=plan.pk,
        type_id=itype.pk,
        provider_unit_id=provider_unit_id,
        requested_on=_today(),
        status=status,
        start_date=start_date or tenancy.move_in,
        hours_per_week=hours_per_week,
        responsible_id=responsible_id,
        goal_ids=goal_ids,
    )
    return TenancySupport.objects.create(tenancy=tenancy, intervention=intervention)


@transaction.atomic
def tenancy_follow_up_record(
    *, actor: User, follow_up_id: int, holds: bool, note: str, done_on: dt.date | None = None
) -> TenancyFollowUp:
    """Does the tenancy hold at 3, 6 or 12 months? Recorded by those who follow the plan up."""
    follow_up = TenancyFollowUp.objects.select_for_update().filter(pk=follow_up_id).first()
    if follow_up is None:
        raise NotFound(_("No such follow-up."))
    _tenancy(actor, follow_up.tenancy_id, Action.RECORD_FOLLOW_UP, "tenancy_follow_up_record")
    if follow_up.done_on is not None:
        raise ValidationError(_("This follow-up was recorded on %(date)s.") % {"date": follow_up.done_on})
    follow_up.done_on = _not_future(done_on or _today(), field="done_on", label=_("Done on"))
    follow_up.holds, follow_up.done_by = bool(holds), actor
    follow_up.note = _text(note, field="note", label=_("The note"), required=False)
    follow_up.save()
    return follow_up


@transaction.atomic
def tenancy_end(*, actor: User, tenancy_id: int, ended_on: dt.date, reason: str) -> Tenancy:
    """The tenancy ended. An eviction is recorded on the housing association's notice, not here."""
    tenancy = _tenancy(actor, tenancy_id, Action.EDIT_PLAN, "tenancy_end")
    _choice(reason, TenancyEndReason, field="end_reason", label=_("reason"))
    if reason == TenancyEndReason.EVICTED:
        raise ValidationError(
            _(
                "Record an eviction as the outcome of the housing association's notice, so it is "
                "counted once."
            ),
            field="end_reason",
        )
    return _end_tenancy(
        tenancy,
        ended_on=_not_future(ended_on, field="ended_on", label=_("Ended on")),
        reason=reason,
        actor=actor,
    )


def _end_tenancy(tenancy: Tenancy, *, ended_on: dt.date, reason: str, actor: User) -> Tenancy:
    if tenancy.ended_on is not None:
        raise ValidationError(_("The tenancy ended on %(date)s.") % {"date": tenancy.ended_on})
    if ended_on < tenancy.move_in:
        raise ValidationError(
            _("The end cannot be before moving in (%(date)s).") % {"date": tenancy.move_in}, field="ended_on"
        )
    tenancy.ended_on, tenancy.end_reason = ended_on, reason
    tenancy._history_user = actor  # type: ignore[attr-defined]
    tenancy.save()
    TenancyFollowUp.objects.filter(tenancy=tenancy, done_on__isnull=True, due_on__gt=ended_on).delete()
    return tenancy


# ------------------------------------------------------------------ eviction prevention: notices


@dataclass
class ImportResult:
    """What an import did: nothing at all when a row was bad (unless skipping), and every problem."""

    import_id: int
    rows_total: int
    imported: int
    problems: list[Problem] = field(default_factory=list)
    notice_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _match(records: list[NoticeRecord]) -> tuple[dict[int, Citizen], list[Problem]]:
    matched: dict[int, Citizen] = {}
    problems: list[Problem] = []
    for record in records:
        citizen = citizen_lookup_by_cpr(record.cpr)
        if citizen is None:
            problems.append(
                Problem(
                    record.row,
                    "cpr",
                    gettext(
                        "No citizen with this CPR number in Helhed. "
                        "Register the citizen, then import the row again."
                    ),
                )
            )
        else:
            matched[record.row] = citizen
    keyed = {(r.housing_association, r.reference): r.row for r in records if r.reference}
    if keyed:
        existing = EvictionNotice.objects.filter(reference__in={ref for _a, ref in keyed}).values_list(
            "housing_association", "reference"
        )
        for association, reference in existing:
            row = keyed.get((association, reference))
            if row is not None:
                problems.append(
                    Problem(
                        row,
                        "reference",
                        gettext("This notice (the association's reference) has already been imported."),
                    )
                )
    return matched, problems


@transaction.atomic
def notices_import(
    *,
    actor: User | None,
    data: bytes | str,
    filename: str = "",
    skip_bad: bool = False,
    receiving_unit: OrgUnit | None = None,
    source: str = NoticeSource.CSV,
) -> ImportResult:
    """Import housing associations' notices, matched to citizens by CPR number.

    Every cell is checked first. Any bad value: nothing is imported, and every bad row is reported with
    its column. With `skip_bad` the good rows are imported and the bad ones reported. The attempt itself
    is recorded (NoticeImport) either way, without any CPR number.
    """
    header, rows = read_csv(data)
    return notices_import_rows(
        actor=actor,
        header=header,
        rows=rows,
        filename=filename,
        skip_bad=skip_bad,
        receiving_unit=receiving_unit,
        source=source,
    )


@transaction.atomic
def notices_import_rows(
    *,
    actor: User | None,
    header: Sequence[str],
    rows: Sequence[dict[str, str]],
    filename: str = "",
    skip_bad: bool = False,
    receiving_unit: OrgUnit | None = None,
    source: str = NoticeSource.CSV,
) -> ImportResult:
    """As notices_import, for rows already split into columns (the API sends JSON objects)."""
    parsed = parse_notice_rows(header, rows, today=_today())
    matched, more = _match(parsed.records)
    problems = sorted([*parsed.problems, *more], key=lambda p: (p.row, p.column))
    bad_rows = {p.row for p in problems}
    good = [r for r in parsed.records if r.row not in bad_rows]
    batch = NoticeImport.objects.create(
        source=source,
        filename=filename[:255],
        imported_by=actor,
        rows_total=parsed.rows_total,
        problems=[p.as_dict() for p in problems],
    )
    if problems and not skip_bad:
        return ImportResult(import_id=batch.pk, rows_total=parsed.rows_total, imported=0, problems=problems)
    try:
        with transaction.atomic():
            notices = EvictionNotice.objects.bulk_create(
                [
                    EvictionNotice(
                        citizen=matched[r.row],
                        housing_association=r.housing_association,
                        reference=r.reference,
                        address=r.address,
                        kind=r.kind,
                        received_on=r.received_on,
                        deadline=r.deadline,
                        amount_owed=r.amount_owed,
                        note=r.note,
                        source=source,
                        import_batch=batch,
                        receiving_unit=receiving_unit,
                        created_by=actor,
                    )
                    for r in good
                ]
            )
    except IntegrityError:
        raise ValidationError(
            _(
                "Some of these notices were imported a moment ago by someone else. "
                "Import the file again to see which."
            )
        ) from None
    batch.rows_imported = len(notices)
    batch.save(update_fields=["rows_imported"])
    return ImportResult(
        import_id=batch.pk,
        rows_total=parsed.rows_total,
        imported=len(notices),
        problems=problems,
        notice_ids=[n.pk for n in notices if n.pk],
    )


@transaction.atomic
def notice_create(
    *,
    actor: User,
    cpr: str,
    housing_association: str,
    kind: str,
    received_on: dt.date,
    deadline: dt.date,
    reference: str = "",
    address: str = "",
    amount_owed: Any = None,
    note: str = "",
) -> EvictionNotice:
    """One notice entered by hand; it goes to the citizen's coordinating caseworker and the actor's unit."""
    if not actor.unit_id:
        raise PermissionDenied(_("Only staff in a unit can receive notices."))
    _choice(kind, NoticeKind, field="kind", label=_("kind of notice"))
    row = {
        "cpr": cpr,
        "housing_association": housing_association,
        "kind": kind,
        "received_on": received_on.isoformat(),
        "deadline": deadline.isoformat(),
        "reference": reference,
        "address": address,
        "amount_owed": "" if amount_owed in (None, "") else str(amount_owed),
        "note": note,
    }
    result = notices_import_rows(
        actor=actor, header=list(row), rows=[row], source=NoticeSource.MANUAL, receiving_unit=actor.unit
    )
    if result.problems:
        problem = result.problems[0]
        raise ValidationError(problem.message, field=problem.column or None)
    notice = EvictionNotice.objects.get(pk=result.notice_ids[0])
    audit_record(
        actor=actor,
        action="create",
        citizen_id=notice.citizen_id,
        object_type="eviction_notice",
        object_id=notice.pk,
        purpose="notice_create",
    )
    return notice


@transaction.atomic
def notice_resolve(
    *, actor: User, notice_id: int, outcome: str, outcome_on: dt.date, note: str = ""
) -> EvictionNotice:
    """Record what came of a notice. An eviction carried out also ends the citizen's open tenancy."""
    notice = (
        EvictionNotice.objects.select_for_update(of=("self",))
        .select_related("receiving_unit")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise NotFound(_("No such notice."))
    _citizen, relations = citizen_access(
        actor=actor, citizen_id=notice.citizen_id, action=Action.VIEW, purpose="notice_resolve"
    )
    receiving = notice.receiving_unit is not None and works_in(actor, notice.receiving_unit)
    if not (receiving or relations & {Relation.COORDINATOR, Relation.TEAM_LEADER}):
        raise PermissionDenied(_("The coordinating caseworker or the receiving unit records the outcome."))
    if notice.outcome != NoticeOutcome.OPEN:
        raise ValidationError(_("The outcome was recorded on %(date)s.") % {"date": notice.outcome_on})
    _choice(outcome, NoticeOutcome, field="outcome", label=_("outcome"))
    if outcome == NoticeOutcome.OPEN:
        raise ValidationError(_("Choose what came of the notice."), field="outcome")
    outcome_on = _not_future(outcome_on, field="outcome_on", label=_("The date"))
    if outcome_on < notice.received_on:
        raise ValidationError(
            _("The outcome cannot be before the notice was received (%(date)s).")
            % {"date": notice.received_on},
            field="outcome_on",
        )
    notice.outcome, notice.outcome_on, notice.outcome_by = outcome, outcome_on, actor
    notice.outcome_note = _text(note, field="outcome_note", label=_("The note"), required=False)
    notice._history_user = actor  # type: ignore[attr-defined]
    notice.save()
    if outcome == NoticeOutcome.EVICTED:
        tenancy = (
            Tenancy.objects.select_for_update()
            .filter(citizen_id=notice.citizen_id, ended_on__isnull=True, move_in__lte=outcome_on)
            .first()
        )
        if tenancy is not None:
            _end_tenancy(tenancy, ended_on=outcome_on, reason=TenancyEndReason.EVICTED, actor=actor)
    return notice
