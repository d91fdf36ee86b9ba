"""people.services: the organisation tree, staff, the citizen register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from helhed.core.cpr import CPR
from helhed.core.errors import PermissionDenied, ValidationError
from helhed.people.models import Citizen, OrgUnit
from helhed.people.services import (
    DuplicateCitizen,
    age_band,
    citizen_create,
    citizen_lookup_by_cpr,
    network_person_add,
    org_unit_create,
    staff_create,
)
from helhed.testing.cast import staff
from helhed.testing.db import nothing_written


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_units_form_a_tree_with_materialised_paths(db: None) -> None:
    root = org_unit_create(name=" Socialforvaltningen ", kind="administration", sector="adult_social")
    area = org_unit_create(name="Udsatte Voksne", kind="area", sector="adult_social", parent=root)
    team = org_unit_create(name="Gadeteam", kind="team", sector="adult_social", parent=area)
    assert root.name == "Socialforvaltningen"
    assert (root.path, area.path, team.path) == (f"/{root.pk}/", f"/{root.pk}/{area.pk}/",
                                                 f"/{root.pk}/{area.pk}/{team.pk}/")
    assert (root.depth, area.depth, team.depth) == (0, 1, 2)
    subtree = OrgUnit.objects.filter(path__startswith=area.path)
    assert set(subtree) == {area, team}


@pytest.mark.parametrize(("kw", "field"), [
    ({"name": " ", "kind": "team", "sector": "adult_social"}, "name"),
    ({"name": "X", "kind": "galaxy", "sector": "adult_social"}, "kind"),
    ({"name": "X", "kind": "team", "sector": "space"}, "sector"),
])
def test_invalid_unit_is_refused(db: None, kw: dict, field: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        org_unit_create(**kw)
    assert exc.value.field == field


def test_staff_create(db: None) -> None:
    unit = org_unit_create(name="Team", kind="team", sector="adult_social")
    user = staff_create(username="sb", first_name="Sara", last_name="Berg", role="caseworker", unit=unit,
                        password="a-long-synthetic-password")
    assert user.check_password("a-long-synthetic-password")
    assert (user.is_staff, user.is_superuser, str(user)) == (False, False, "Sara Berg")
    admin = staff_create(username="adm", first_name="A", last_name="D", role="administrator", unit=None)
    assert admin.is_staff and admin.is_superuser and not admin.has_usable_password()
    with nothing_written(), pytest.raises(ValidationError) as exc:
        staff_create(username="sb", first_name="B", last_name="C", role="caseworker", unit=unit)
    assert exc.value.field == "username"
    with nothing_written(), pytest.raises(ValidationError) as exc:
        staff_create(username="new", first_name="B", last_name="C", role="king", unit=unit)
    assert exc.value.field == "role"


def test_citizen_create_by_administrator_and_lookup(db: None) -> None:
    admin = staff("administrator", None)
    citizen = citizen_create(actor=admin, cpr="0101851234", first_name=" Ole ", last_name=" Olsen ",
                             postal_code="8000")
    assert (citizen.first_name, citizen.last_name, citizen.search_name) == ("Ole", "Olsen", "ole olsen")
    assert citizen.birth_date == dt.date(1985, 1, 1) and not citizen.has_replacement_cpr
    assert citizen_lookup_by_cpr(CPR.parse("010185-1234")) == citizen
    assert citizen_lookup_by_cpr(CPR.parse("010185-1235")) is None
    with nothing_written(), pytest.raises(DuplicateCitizen) as exc:
        citizen_create(actor=admin, cpr="010185-1234", first_name="Ole", last_name="Olsen")
    assert exc.value.citizen_id == citizen.pk


def test_provider_and_analyst_may_not_register_citizens(db: None) -> None:
    for role in ("provider", "analyst"):
        actor = staff(role, None)
        with nothing_written(), pytest.raises(PermissionDenied):
            citizen_create(actor=actor, cpr="0101851234", first_name="A", last_name="B")


def test_database_refuses_a_citizen_twice(db: None) -> None:
    admin = staff("administrator", None)
    citizen = citizen_create(actor=admin, cpr="0101851234", first_name="A", last_name="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.create(cpr_hash=citizen.cpr_hash, cpr_encrypted="x", birth_date=citizen.birth_date,
                               first_name="C", last_name="D")


def test_network_person_add(db: None) -> None:
    admin = staff("administrator", None)
    citizen = citizen_create(actor=admin, cpr="0101851234", first_name="A", last_name="B")
    person = network_person_add(citizen=citizen, name=" Mor ", role="parent", may_take_part=True)
    assert (person.name, person.may_take_part, str(person)) == ("Mor", True, "Mor (Parent)")
    with nothing_written(), pytest.raises(ValidationError):
        network_person_add(citizen=citizen, name="", role="parent")
    with nothing_written(), pytest.raises(ValidationError):
        network_person_add(citizen=citizen, name="X", role="enemy")


@pytest.mark.parametrize(("born", "band"), [
    (dt.date(2007, 3, 11), "0-17"),  # turns 18 tomorrow
    (dt.date(2007, 3, 10), "18-24"),
    (dt.date(1958, 3, 11), "50-66"),
    (dt.date(1958, 3, 10), "67+"),
])
def test_age_band_counts_birthdays(born: dt.date, band: str) -> None:
    assert age_band(born, dt.date(2025, 3, 10)) == band


@pytest.mark.parametrize(("kw", "field"), [
    ({"first_name": "A" * 101}, "first_name"),
    ({"last_name": "B" * 101}, "last_name"),
    ({"address": "Vej " * 60}, "address"),
    ({"district": "D" * 101}, "district"),
])
def test_too_long_citizen_fields_are_refused_on_every_database(db: None, kw: dict, field: str) -> None:
    """PostgreSQL would raise a DataError (a 500) and SQLite would store it: both must refuse it alike."""
    admin = staff("administrator", None)
    data = {"first_name": "Ole", "last_name": "Olsen", **kw}
    with nothing_written(), pytest.raises(ValidationError) as exc:
        citizen_create(actor=admin, cpr="0101851234", **data)
    assert exc.value.field == field
    assert "too long" in str(exc.value)


def test_too_long_names_elsewhere_are_refused(db: None) -> None:
    admin = staff("administrator", None)
    citizen = citizen_create(actor=admin, cpr="0101851234", first_name="A", last_name="B")
    with nothing_written(), pytest.raises(ValidationError) as exc:
        network_person_add(citizen=citizen, name="N" * 201, role="parent")
    assert exc.value.field == "name"
    with nothing_written(), pytest.raises(ValidationError) as exc:
        network_person_add(citizen=citizen, name="N", role="parent", phone="1" * 31)
    assert exc.value.field == "phone"
    with nothing_written(), pytest.raises(ValidationError) as exc:
        org_unit_create(name="U" * 201, kind="team", sector="adult_social")
    assert exc.value.field == "name"
    with nothing_written(), pytest.raises(ValidationError) as exc:
        staff_create(username="u" * 151, first_name="A", last_name="B", role="caseworker", unit=None)
    assert exc.value.field == "username"
