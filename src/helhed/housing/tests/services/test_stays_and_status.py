"""Shelter check-in and check-out, homelessness statuses, and who may see and do it."""

from __future__ import annotations

import datetime as dt

import pytest

from helhed.access.models import AuditEvent
from helhed.access.policy import Action
from helhed.access.selectors import citizen_access, visible_citizens
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.housing import selectors, services
from helhed.housing.models import HomelessnessStatus, ShelterStay
from helhed.housing.tests.conftest import World

DAY = dt.timedelta(days=1)


def cpr(w: World, name: str) -> str:
    return w.citizen(name).cpr.formatted


def test_check_in_records_the_shelter_as_the_situation_and_relates_the_staff(world: World) -> None:
    w = world
    anna = w.citizen("anna")
    with pytest.raises(NotFound):  # before the stay the shelter worker does not know Anna
        citizen_access(actor=w.shelter_worker, citizen_id=anna.pk, action=Action.VIEW, purpose="t")
    stay = services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "anna"), check_in=w.today - 10 * DAY
    )
    assert stay.shelter == w.shelter and stay.check_out is None
    status = HomelessnessStatus.objects.get(citizen=anna, valid_to__isnull=True)
    assert (status.category, status.valid_from, status.source) == (
        "shelter_110",
        w.today - 10 * DAY,
        "shelter",
    )
    citizen_access(actor=w.shelter_worker, citizen_id=anna.pk, action=Action.VIEW, purpose="t")
    assert anna in visible_citizens(w.shelter_worker)
    assert AuditEvent.objects.filter(actor=w.shelter_worker, citizen_id=anna.pk, action="create").exists()


def test_only_the_shelters_staff_check_in(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.stay_check_in(
            actor=world.coordinator, shelter_id=world.shelter.pk, cpr=cpr(world, "anna"), check_in=world.today
        )
    with pytest.raises(ValidationError):
        services.stay_check_in(
            actor=world.shelter_worker, shelter_id=world.team.pk, cpr=cpr(world, "anna"), check_in=world.today
        )


def test_same_day_re_entry_is_allowed_overlap_and_double_check_in_are_not(world: World) -> None:
    w = world
    first = services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "bo"), check_in=w.today - 20 * DAY
    )
    with pytest.raises(ValidationError, match="already checked in"):
        services.stay_check_in(
            actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "bo"), check_in=w.today - 5 * DAY
        )
    services.stay_check_out(actor=w.shelter_worker, stay_id=first.pk, check_out=w.today - 10 * DAY)
    with pytest.raises(ValidationError, match="ends after"):
        services.stay_check_in(
            actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "bo"), check_in=w.today - 11 * DAY
        )
    first.refresh_from_db()
    again = services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "bo"), check_in=w.today - 10 * DAY
    )
    assert again.check_in == first.check_out
    # The status was not split: one shelter status since the first check-in.
    assert list(
        HomelessnessStatus.objects.filter(citizen=w.citizen("bo")).values_list("category", "valid_to")
    ) == [("shelter_110", None)]


def test_check_out_dates_and_next_situation(world: World) -> None:
    w = world
    stay = services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "carl"), check_in=w.today - 3 * DAY
    )
    with pytest.raises(ValidationError):
        services.stay_check_out(actor=w.shelter_worker, stay_id=stay.pk, check_out=w.today - 4 * DAY)
    with pytest.raises(ValidationError):
        services.stay_check_out(actor=w.shelter_worker, stay_id=stay.pk, check_out=w.today + DAY)
    with pytest.raises(NotFound):
        services.stay_check_out(actor=w.stranger, stay_id=stay.pk, check_out=w.today)
    services.stay_check_out(
        actor=w.shelter_worker, stay_id=stay.pk, check_out=w.today, next_situation="family_friends"
    )
    statuses = list(
        HomelessnessStatus.objects.filter(citizen=w.citizen("carl"))
        .order_by("valid_from")
        .values_list("category", "valid_from", "valid_to")
    )
    assert statuses == [("shelter_110", w.today - 3 * DAY, w.today - DAY), ("family_friends", w.today, None)]
    with pytest.raises(ValidationError, match="checked out"):
        services.stay_check_out(actor=w.shelter_worker, stay_id=stay.pk, check_out=w.today)


def test_shelter_staff_keep_the_relation_30_days_after_check_out(world: World) -> None:
    w = world
    stay = services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "dina"), check_in=w.today - 100 * DAY
    )
    services.stay_check_out(actor=w.shelter_worker, stay_id=stay.pk, check_out=w.today - 30 * DAY)
    citizen_access(actor=w.shelter_worker, citizen_id=w.citizen("dina").pk, action=Action.VIEW, purpose="t")
    ShelterStay.objects.filter(pk=stay.pk).update(check_out=w.today - 31 * DAY)
    with pytest.raises(NotFound):
        citizen_access(
            actor=w.shelter_worker, citizen_id=w.citizen("dina").pk, action=Action.VIEW, purpose="t"
        )
    assert w.citizen("dina") not in visible_citizens(w.shelter_worker)


def test_status_record_closes_the_open_status_and_refuses_going_back(world: World) -> None:
    w = world
    w.homeless("anna", w.today - 100 * DAY, "street")
    services.status_record(
        actor=w.coordinator,
        citizen_id=w.citizen("anna").pk,
        category="hotel_hostel",
        valid_from=w.today - 40 * DAY,
        source="citizen",
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.status_record(
            actor=w.coordinator,
            citizen_id=w.citizen("anna").pk,
            category="street",
            valid_from=w.today - 50 * DAY,
            source="citizen",
        )
    with pytest.raises(NotFound):
        services.status_record(
            actor=w.stranger,
            citizen_id=w.citizen("anna").pk,
            category="street",
            valid_from=w.today,
            source="citizen",
        )
    page = selectors.citizen_housing(actor=w.coordinator, citizen_id=w.citizen("anna").pk)
    assert page.homeless_since == w.today - 100 * DAY
    assert page.current_status is not None and page.current_status.category == "hotel_hostel"
    services.status_end(actor=w.coordinator, citizen_id=w.citizen("anna").pk, housed_on=w.today)
    page = selectors.citizen_housing(actor=w.coordinator, citizen_id=w.citizen("anna").pk)
    assert page.homeless_since is None


def test_shelter_page_occupancy_and_figures(world: World) -> None:
    w = world
    services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "carl"), check_in=w.today - 2 * DAY
    )
    services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=cpr(w, "anna"), check_in=w.today
    )
    page = selectors.shelter_page(actor=w.shelter_worker, shelter_id=w.shelter.pk)
    assert [s.citizen.first_name for s in page.residents] == ["Carl", "Anna"]
    assert page.occupancy[-3:] == [1, 1, 2]
    assert page.young.count == 1  # Carl, born 2004
    with pytest.raises(NotFound):
        selectors.shelter_page(actor=w.coordinator, shelter_id=w.shelter.pk)
