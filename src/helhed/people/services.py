"""Writes to the organisation and the citizen register. One transaction each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from helhed.core.cpr import CPR
from helhed.core.cpr_vault import cpr_encrypt, cpr_lookup_hash
from helhed.core.errors import PermissionDenied, ValidationError
from helhed.people.choices import CASE_HOLDING_ROLES, NetworkRole, Role, Sector, UnitKind
from helhed.people.models import Citizen, Household, NetworkPerson, OrgUnit, User


class DuplicateCitizen(ValidationError):
    """The CPR number is already registered. Carries the existing citizen's id (not its data)."""

    def __init__(self, citizen_id: int) -> None:
        super().__init__(
            _("A citizen with this CPR number already exists in Helhed. Search for them instead of "
              "creating them again."),
            field="cpr",
        )
        self.citizen_id = citizen_id


def _fitting(value: str, *, model: type[models.Model], field: str, label: Any) -> str:
    """The text stripped, refused if longer than its column.

    PostgreSQL would refuse it with a DataError (a server error) and SQLite would store it: the service
    gives both databases the same answer, one the user can act on.
    """
    text = (value or "").strip()
    column = model._meta.get_field(field)
    max_length = column.max_length if isinstance(column, models.Field) else None
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _("%(label)s is too long (at most %(n)s characters).") % {"label": label, "n": max_length},
            field=field,
        )
    return text


@transaction.atomic
def org_unit_create(*, name: str, kind: str, sector: str, parent: OrgUnit | None = None) -> OrgUnit:
    if not name.strip():
        raise ValidationError(_("A unit needs a name."), field="name")
    name = _fitting(name, model=OrgUnit, field="name", label=_("The name"))
    if kind not in UnitKind.values:
        raise ValidationError(_("Unknown unit kind."), field="kind")
    if sector not in Sector.values:
        raise ValidationError(_("Unknown sector."), field="sector")
    unit = OrgUnit.objects.create(name=name, kind=kind, sector=sector, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def staff_create(
    *, username: str, first_name: str, last_name: str, role: str, unit: OrgUnit | None,
    password: str | None = None, email: str = "", is_synthetic: bool = False,
) -> User:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), field="role")
    _fitting(username, model=User, field="username", label=_("The username"))
    _fitting(first_name, model=User, field="first_name", label=_("The first name"))
    _fitting(last_name, model=User, field="last_name", label=_("The last name"))
    _fitting(email, model=User, field="email", label=_("The e-mail address"))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("That username is taken."), field="username")
    user = User(
        username=username, first_name=first_name, last_name=last_name, role=role, unit=unit,
        email=email, is_synthetic=is_synthetic, is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def citizen_lookup_by_cpr(cpr: CPR) -> Citizen | None:
    """Exact lookup through the keyed hash. For services only: callers must apply the access policy."""
    return Citizen.objects.filter(cpr_hash=cpr_lookup_hash(cpr)).first()


@transaction.atomic
def citizen_create(
    *, actor: User, cpr: str, first_name: str, last_name: str, address: str = "",
    postal_code: str = "", district: str = "", household: Household | None = None,
    is_synthetic: bool = False,
) -> Citizen:
    """Register a citizen. Refuses a CPR number that is already registered (no citizen twice)."""
    if actor.role not in CASE_HOLDING_ROLES and actor.role != Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only caseworkers and team leaders can register citizens."))
    parsed = CPR.parse(cpr)
    if not first_name.strip() or not last_name.strip():
        raise ValidationError(_("Write the citizen's first and last name."), field="first_name")
    first_name = _fitting(first_name, model=Citizen, field="first_name", label=_("The first name"))
    last_name = _fitting(last_name, model=Citizen, field="last_name", label=_("The last name"))
    address = _fitting(address, model=Citizen, field="address", label=_("The address"))
    district = _fitting(district, model=Citizen, field="district", label=_("The district"))
    if postal_code and (len(postal_code) != 4 or not postal_code.isdigit()):
        raise ValidationError(_("A Danish postal code has four digits."), field="postal_code")
    existing = citizen_lookup_by_cpr(parsed)
    if existing is not None:
        raise DuplicateCitizen(existing.pk)
    try:
        with transaction.atomic():
            return Citizen.objects.create(
                cpr_hash=cpr_lookup_hash(parsed), cpr_encrypted=cpr_encrypt(parsed),
                birth_date=parsed.birth_date, has_replacement_cpr=parsed.is_replacement,
                first_name=first_name, last_name=last_name, address=address,
                postal_code=postal_code, district=district, household=household,
                is_synthetic=is_synthetic,
                search_name=f"{first_name} {last_name}".lower()[:201],  # lower() can lengthen (İ)
            )
    except IntegrityError:
        # A concurrent registration of the same number won the race.
        existing = citizen_lookup_by_cpr(parsed)
        raise DuplicateCitizen(existing.pk if existing else 0) from None


@transaction.atomic
def network_person_add(
    *, citizen: Citizen, name: str, role: str, phone: str = "", may_take_part: bool = False,
    is_synthetic: bool = False,
) -> NetworkPerson:
    if not name.strip():
        raise ValidationError(_("Write the person's name."), field="name")
    if role not in NetworkRole.values:
        raise ValidationError(_("Choose the person's relation to the citizen."), field="role")
    return NetworkPerson.objects.create(
        citizen=citizen, role=role,
        name=_fitting(name, model=NetworkPerson, field="name", label=_("The name")),
        phone=_fitting(phone, model=NetworkPerson, field="phone", label=_("The phone number")),
        may_take_part=may_take_part, is_synthetic=is_synthetic,
    )


def age_band(birth_date: dt.date, on: dt.date) -> str:
    """Age band for pseudonymised analytics and overviews."""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for upper, label in ((17, "0-17"), (24, "18-24"), (29, "25-29"), (49, "30-49"), (66, "50-66")):
        if age <= upper:
            return label
    return "67+"
