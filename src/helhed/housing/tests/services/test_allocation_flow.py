"""Homes, applications, ranked candidates with reasons, offers, decisions, the tenancy and its support."""

from __future__ import annotations

import datetime as dt

import pytest

from helhed.access.models import AuditEvent
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.housing import selectors, services
from helhed.housing.models import Home, HomelessnessStatus, Offer, TenancySupport
from helhed.housing.tests.conftest import World
from helhed.plans.models import Intervention
from helhed.testing import factories as f

DAY = dt.timedelta(days=1)


def test_the_coordinating_caseworker_registers_the_application_with_consent(world: World) -> None:
    w = world
    services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=w.citizen("anna").cpr.formatted, check_in=w.today
    )
    with pytest.raises(PermissionDenied):  # the shelter sees Anna, but the plan is the caseworker's
        services.application_register(
            actor=w.shelter_worker,
            citizen_id=w.citizen("anna").pk,
            allocation_unit_id=w.allocation.pk,
            consent_on=w.today,
            support_need=2,
            monthly_income="12000",
        )
    with pytest.raises(NotFound):  # the allocating unit has no relation before the application
        services.application_register(
            actor=w.allocator,
            citizen_id=w.citizen("anna").pk,
            allocation_unit_id=w.allocation.pk,
            consent_on=w.today,
            support_need=2,
            monthly_income="12000",
        )
    with pytest.raises(ValidationError) as err:
        w.apply("anna", consent_on=None)
    assert err.value.field == "consent_on"
    with pytest.raises(ValidationError) as err:
        w.apply("anna", support_need=7)
    assert err.value.field == "support_need"
    application = w.apply("anna", has_dog=True, wished_districts=["8200 Aarhus N", " "])
    assert application.wished_districts == ["8200 Aarhus N"]
    with pytest.raises(ValidationError, match="already seeking"):
        w.apply("anna")


def test_the_home_page_ranks_candidates_with_reasons_and_keeps_the_dog_rule(world: World) -> None:
    w = world
    w.homeless("anna", w.today - 700 * DAY)
    w.homeless("bo", w.today - 100 * DAY)
    w.homeless("carl", w.today - 400 * DAY)
    w.apply("anna", support_need=4, has_dog=True)
    w.apply("bo", support_need=1)
    w.apply("carl", support_need=3, wished_districts=["8200 Aarhus N"])
    plain = w.home()
    page = selectors.home_page(actor=w.allocator, home_id=plain.pk)
    assert [r.citizen.first_name for r in page.candidates] == ["Carl", "Bo"]
    assert page.excluded_counts == {"dog_not_allowed": 1} and page.excluded_total == 1
    top = page.candidates[0].proposal
    assert {r.component for r in top.reasons} == {
        "time_homeless",
        "support_need",
        "affordability",
        "district_wish",
        "special_fit",
    }
    assert top.score == pytest.approx(sum(r.points for r in top.reasons))
    assert next(r for r in top.reasons if r.component == "time_homeless").facts["days"] == 400
    # Every candidate shown is in the audit log.
    shown = set(
        AuditEvent.objects.filter(actor=w.allocator, purpose="home_candidates").values_list(
            "citizen_id", flat=True
        )
    )
    assert shown == {w.citizen("carl").pk, w.citizen("bo").pk}
    with pytest.raises(NotFound):
        selectors.home_page(actor=w.coordinator, home_id=plain.pk)


def test_an_offer_below_rank_one_needs_a_reason_and_a_dog_owner_never_gets_a_no_dogs_home(
    world: World,
) -> None:
    w = world
    w.homeless("anna", w.today - 700 * DAY)
    w.homeless("bo", w.today - 100 * DAY)
    anna = w.apply("anna", support_need=4, has_dog=True)
    bo = w.apply("bo", support_need=1)
    carl = w.apply("carl", support_need=3)
    plain = w.home()
    with pytest.raises(ValidationError, match="dog"):
        services.offer_make(actor=w.allocator, home_id=plain.pk, application_id=anna.pk)
    with pytest.raises(ValidationError) as err:
        services.offer_make(actor=w.allocator, home_id=plain.pk, application_id=bo.pk)
    assert err.value.field == "deviation_reason"
    with pytest.raises(PermissionDenied):
        services.offer_make(actor=w.coordinator, home_id=plain.pk, application_id=carl.pk)
    offer = services.offer_make(
        actor=w.allocator,
        home_id=plain.pk,
        application_id=bo.pk,
        deviation_reason="Bo has a job in the neighbourhood.",
    )
    assert offer.rank == 2 and offer.reasons and offer.deviation_reason
    assert Home.objects.get(pk=plain.pk).status == "offered"
    with pytest.raises(ValidationError, match="not vacant"):
        services.offer_make(actor=w.allocator, home_id=plain.pk, application_id=carl.pk)


def test_accepting_starts_the_tenancy_with_follow_ups_and_ends_homelessness(world: World) -> None:
    w = world
    w.homeless("carl", w.today - 200 * DAY)
    carl = w.apply("carl", support_need=3)
    home = w.home(available_from=w.today - 5 * DAY)
    offer = services.offer_make(actor=w.allocator, home_id=home.pk, application_id=carl.pk)
    with pytest.raises(NotFound):
        services.offer_accept(actor=w.stranger, offer_id=offer.pk, move_in=w.today)
    with pytest.raises(ValidationError, match="available from"):
        services.offer_accept(actor=w.allocator, offer_id=offer.pk, move_in=w.today - 10 * DAY)
    tenancy = services.offer_accept(
        actor=w.coordinator,
        offer_id=offer.pk,
        move_in=dt.date(2024, 1, 31) if w.today - 5 * DAY <= dt.date(2024, 1, 31) else w.today,
    )
    assert [fu.months for fu in tenancy.follow_ups.order_by("due_on")] == [3, 6, 12]
    assert Home.objects.get(pk=home.pk).status == "let"
    carl.refresh_from_db()
    assert carl.status == "housed"
    status = HomelessnessStatus.objects.get(citizen=w.citizen("carl"))
    assert status.valid_to == tenancy.move_in - DAY
    # The allocating unit's relation ended with the application.
    with pytest.raises(NotFound):
        selectors.citizen_housing(actor=w.allocator, citizen_id=w.citizen("carl").pk)
    with pytest.raises(ValidationError, match="already been answered"):
        services.offer_refuse(actor=w.coordinator, offer_id=offer.pk, refused_by="citizen", reason="x")


def test_refusal_is_recorded_and_the_home_is_vacant_again(world: World) -> None:
    w = world
    bo = w.apply("bo")
    home = w.home()
    offer = services.offer_make(actor=w.allocator, home_id=home.pk, application_id=bo.pk)
    with pytest.raises(ValidationError):
        services.offer_refuse(actor=w.allocator, offer_id=offer.pk, refused_by="citizen", reason="  ")
    services.offer_refuse(
        actor=w.allocator,
        offer_id=offer.pk,
        refused_by="citizen",
        reason="Too far from his daughter's school.",
    )
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.status, offer.refused_by, offer.decided_by) == ("refused", "citizen", w.allocator)
    assert Home.objects.get(pk=home.pk).status == "vacant"
    assert selectors.home_page(actor=w.allocator, home_id=home.pk).candidates[0].application == bo


def test_a_batch_round_is_optimal_and_its_offers_carry_the_round_as_reason(world: World) -> None:
    w = world
    w.homeless("anna", w.today - 700 * DAY)
    w.homeless("bo", w.today - 200 * DAY)
    anna = w.apply("anna", support_need=4, wished_districts=["8200 Aarhus N"])
    bo = w.apply("bo", support_need=2, has_dog=True)
    dog_home = w.home(district="8200 Aarhus N", dogs_allowed=True, available_from=w.today - 2 * DAY)
    plain = w.home(district="8000 Aarhus C")
    round_ = services.allocation_round_create(actor=w.allocator, allocation_unit_id=w.allocation.pk)
    pairs = {p["home_id"]: p["application_id"] for p in round_.proposals}
    assert pairs == {dog_home.pk: bo.pk, plain.pk: anna.pk}
    assert round_.total_score > round_.greedy_total_score
    assert all(len(p["reasons"]) == 5 for p in round_.proposals)
    # Anna is number 1 for the dog-friendly home, so offering it to Bo needs a reason: the round gives it.
    offer = services.offer_make(
        actor=w.allocator, home_id=dog_home.pk, application_id=bo.pk, round_id=round_.pk
    )
    assert offer.round == round_ and "optimal assignment" in offer.deviation_reason
    page = selectors.allocation_round_page(actor=w.allocator, round_id=round_.pk)
    assert len(page.rows) == 2


def test_support_is_attached_to_the_home_on_the_plan(world: World) -> None:
    w = world
    goal = f.goal(w.plans["dina"], wording="Jeg vil blive boende")
    dina = w.apply("dina")
    home = w.home()
    offer = services.offer_make(actor=w.allocator, home_id=home.pk, application_id=dina.pk)
    tenancy = services.offer_accept(actor=w.allocator, offer_id=offer.pk, move_in=w.today)
    with pytest.raises(ValidationError):
        services.tenancy_support_attach(
            actor=w.coordinator,
            tenancy_id=tenancy.pk,
            type_code="forsorgshjem-110",
            provider_unit_id=w.support.pk,
        )
    support = services.tenancy_support_attach(
        actor=w.coordinator, tenancy_id=tenancy.pk, type_code="cti-85", provider_unit_id=w.support.pk
    )
    intervention = Intervention.objects.get(pk=support.intervention_id)
    assert intervention.plan == w.plans["dina"] and intervention.type.code == "cti-85"
    assert list(intervention.goals.all()) == [goal]
    assert TenancySupport.objects.filter(tenancy=tenancy).count() == 1
    follow_up = tenancy.follow_ups.get(months=3)
    with pytest.raises(NotFound):
        services.tenancy_follow_up_record(actor=w.stranger, follow_up_id=follow_up.pk, holds=True, note="")
    services.tenancy_follow_up_record(
        actor=w.coordinator, follow_up_id=follow_up.pk, holds=True, note="Rent paid, new sofa."
    )
    with pytest.raises(ValidationError, match="notice"):
        services.tenancy_end(actor=w.coordinator, tenancy_id=tenancy.pk, ended_on=w.today, reason="evicted")
