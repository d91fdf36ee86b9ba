"""Housing's retention rule: finished housing records past the period go with their history, open and
recent ones stay, the citizen goes when no plan and no housing record is left; --dry-run changes nothing;
a failure leaves the citizen whole; each deletion is audited and the chain holds."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from helhed.access.audit_chain import chain_verify
from helhed.access.models import AuditEvent
from helhed.housing import services
from helhed.housing.models import (
    EvictionNotice,
    Home,
    HomelessnessStatus,
    HousingApplication,
    Offer,
    ShelterStay,
    Tenancy,
    TenancyFollowUp,
    TenancySupport,
)
from helhed.housing.tests.conftest import World
from helhed.people.models import Citizen
from helhed.plans import services as plan_services
from helhed.plans.models import Intervention, Plan
from helhed.testing.db import row_counts
from helhed.testing.retention import first_deletion_fails

DAY = dt.timedelta(days=1)
OLD = 6 * 365 * DAY  # past the default period of 5 years and a day
DATES = {
    HomelessnessStatus: ("valid_from", "valid_to"),
    ShelterStay: ("check_in", "check_out"),
    HousingApplication: ("registered_on", "consent_on", "closed_on"),
    Tenancy: ("move_in", "ended_on"),
    EvictionNotice: ("received_on", "deadline", "outcome_on"),
    Plan: ("closed_on",),
}


def _age(obj: Any) -> None:
    """Move the record's dates OLD back (services only take dates up to today)."""
    model = type(obj)
    values = model.objects.filter(pk=obj.pk).values(*DATES[model]).get()
    model.objects.filter(pk=obj.pk).update(**{k: v - OLD for k, v in values.items() if v is not None})


def _stay(w: World, name: str, *, out: bool) -> ShelterStay:
    stay = services.stay_check_in(actor=w.shelter_worker, shelter_id=w.shelter.pk,
                                  cpr=w.citizen(name).cpr.formatted, check_in=w.today - 20 * DAY)
    if out:
        stay = services.stay_check_out(actor=w.shelter_worker, stay_id=stay.pk, check_out=w.today - 10 * DAY)
    return stay


def _housed(w: World, name: str) -> Tenancy:
    application = w.apply(name)
    home = w.home(available_from=w.today - 200 * DAY)
    offer = services.offer_make(actor=w.allocator, home_id=home.pk, application_id=application.pk,
                                deviation_reason="Test")
    return services.offer_accept(actor=w.allocator, offer_id=offer.pk, move_in=w.today - 150 * DAY)


def _notice(w: World, name: str, *, resolved: bool) -> EvictionNotice:
    notice = services.notice_create(actor=w.notice_worker, cpr=w.citizen(name).cpr.formatted,
                                    housing_association="AAB", kind="rent_arrears",
                                    received_on=w.today - 20 * DAY, deadline=w.today - 5 * DAY)
    if resolved:
        notice = services.notice_resolve(actor=w.notice_worker, notice_id=notice.pk, outcome="resolved",
                                         outcome_on=w.today - 2 * DAY)
    return notice


def _close_plan(w: World, name: str) -> None:
    plan = w.plans[name]
    plan_services.plan_close(actor=w.coordinator, plan_id=plan.pk, reason="Flyttet")
    _age(plan)


@pytest.fixture
def housing(world: World) -> SimpleNamespace:
    """anna: every kind of record, all finished long ago, plan closed long ago: everything goes.
    bo: an old stay (goes) beside an open stay, a recent notice, an open notice, an active application.
    carl: housed long ago and still living there: application, offer and tenancy stay.
    dina: an old stay (goes), her plan closed long ago (goes), a homelessness status still open: kept."""
    w = world
    # anna
    w.homeless("anna", w.today - 30 * DAY)
    _stay(w, "anna", out=True)
    tenancy = _housed(w, "anna")
    services.tenancy_end(actor=w.coordinator, tenancy_id=tenancy.pk, ended_on=w.today, reason="moved")
    withdrawn = services.application_withdraw(actor=w.coordinator, application_id=w.apply("anna").pk)
    _notice(w, "anna", resolved=True)
    anna = w.citizen("anna")
    for model in (HomelessnessStatus, ShelterStay, HousingApplication, Tenancy, EvictionNotice):
        for obj in model.objects.filter(citizen=anna):
            _age(obj)
    _close_plan(w, "anna")
    # bo
    old_stay = _stay(w, "bo", out=True)
    _age(old_stay)
    open_stay = _stay(w, "bo", out=False)
    recent_notice = _notice(w, "bo", resolved=True)
    open_notice = _notice(w, "bo", resolved=False)
    active = w.apply("bo")
    # carl
    carl_tenancy = _housed(w, "carl")
    _age(carl_tenancy)
    _age(HousingApplication.objects.get(citizen=w.citizen("carl")))
    # dina
    dina_stay = _stay(w, "dina", out=True)
    _age(dina_stay)
    w.homeless("dina", w.today - 3 * DAY)
    _close_plan(w, "dina")
    return SimpleNamespace(w=w, anna=anna, anna_tenancy=tenancy, withdrawn=withdrawn, old_stay=old_stay,
                           open_stay=open_stay, recent_notice=recent_notice, open_notice=open_notice,
                           active=active, carl_tenancy=carl_tenancy, dina_stay=dina_stay)


def _run(today: dt.date, *args: str) -> str:
    out = StringIO()
    call_command("retention", "run", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_would_go_and_deletes_nothing(housing: SimpleNamespace) -> None:
    h, w = housing, housing.w
    before = row_counts()
    out = _run(w.today, "--dry-run")
    assert row_counts() == before
    assert "; 3 citizens." in out, out
    anna_line = next(line for line in out.splitlines() if line.startswith(f"citizen {h.anna.pk}:"))
    assert f"housing_application {h.withdrawn.pk} (closed {w.today - OLD})" in anna_line
    assert f"tenancy {h.anna_tenancy.pk} (closed {w.today - OLD})" in anna_line
    assert "shelter_stay" in anna_line and "eviction_notice" in anna_line and "plan " in anna_line
    assert "; the citizen too;" in anna_line
    assert "housing.HistoricalShelterStay" in anna_line and "housing.TenancyFollowUp 1" in anna_line
    assert f"citizen {w.citizen('bo').pk}: would delete shelter_stay {h.old_stay.pk} " in out
    assert f"citizen {w.citizen('dina').pk}: would delete shelter_stay {h.dina_stay.pk} " in out
    assert "citizen kept (housing.HomelessnessStatus)" in out
    assert f"citizen {w.citizen('carl').pk}" not in out
    for citizen in (w.citizen(n) for n in ("anna", "bo", "dina")):
        assert citizen.first_name not in out and citizen.last_name not in out
        assert citizen.cpr.formatted not in out and citizen.cpr.formatted.replace("-", "") not in out


def test_run_deletes_finished_old_records_with_history_and_keeps_open_and_recent(
    housing: SimpleNamespace,
) -> None:
    h, w = housing, housing.w
    anna_id, bo, carl, dina = h.anna.pk, w.citizen("bo"), w.citizen("carl"), w.citizen("dina")
    homes = Home.objects.count()
    audit_before = AuditEvent.objects.count()
    _run(w.today)
    # anna: every housing record and its history went, and so did she.
    for model in (HomelessnessStatus, ShelterStay, HousingApplication, Tenancy, EvictionNotice):
        assert not model.objects.filter(citizen_id=anna_id).exists(), model
        assert not model.history.filter(citizen_id=anna_id).exists(), model
    assert not Offer.objects.filter(application_id=h.withdrawn.pk).exists()
    assert not TenancyFollowUp.objects.filter(tenancy_id=h.anna_tenancy.pk).exists()
    assert not Citizen.objects.filter(pk=anna_id).exists()
    assert Home.objects.count() == homes  # homes are the allocating unit's, not the citizen's
    # bo: only the old stay went.
    assert not ShelterStay.objects.filter(pk=h.old_stay.pk).exists()
    assert not ShelterStay.history.filter(id=h.old_stay.pk).exists()
    assert ShelterStay.objects.filter(pk=h.open_stay.pk).exists()
    assert EvictionNotice.objects.filter(pk__in=[h.recent_notice.pk, h.open_notice.pk]).count() == 2
    assert HousingApplication.objects.filter(pk=h.active.pk).exists()
    assert HomelessnessStatus.objects.filter(citizen=bo, valid_to__isnull=True).exists()
    # carl: still living in the home he got long ago.
    assert Tenancy.objects.filter(pk=h.carl_tenancy.pk).exists()
    assert HousingApplication.objects.filter(citizen=carl).exists() and Offer.objects.filter(
        application__citizen=carl).exists()
    # dina: stay and closed plan went; she is kept for her open homelessness status.
    assert not ShelterStay.objects.filter(pk=h.dina_stay.pk).exists()
    assert not Plan.objects.filter(citizen=dina).exists()
    assert Citizen.objects.filter(pk=dina.pk).exists()
    # Each deleted record has a system audit record; the chain holds.
    deletions = AuditEvent.objects.filter(pk__gt=audit_before, purpose="retention", actor_role="system")
    kinds = set(deletions.filter(citizen_id=anna_id).values_list("object_type", flat=True))
    assert kinds == {"homelessness_status", "shelter_stay", "housing_application", "tenancy",
                     "eviction_notice", "plan"}
    assert deletions.filter(citizen_id=bo.pk).count() == 1
    assert chain_verify().ok
    assert "; 0 citizens." in _run(w.today, "--dry-run")


def test_records_finished_within_the_period_stay(housing: SimpleNamespace) -> None:
    w = housing.w
    out = _run(w.today - 2 * 365 * DAY, "--dry-run")  # two years ago nothing was old enough
    assert "; 0 citizens." in out


def test_a_failure_leaves_the_citizen_whole(housing: SimpleNamespace) -> None:
    h, w = housing, housing.w
    assert min(h.anna.pk, w.citizen("bo").pk, w.citizen("dina").pk) == h.anna.pk
    before = {model: model.objects.filter(citizen=h.anna).count()
              for model in (HomelessnessStatus, ShelterStay, HousingApplication, Tenancy, EvictionNotice)}
    with first_deletion_fails(), pytest.raises(CommandError, match="1 citizens could not be handled"):
        _run(w.today)
    assert Citizen.objects.filter(pk=h.anna.pk).exists()
    assert Plan.objects.filter(citizen=h.anna).exists()
    assert {model: model.objects.filter(citizen=h.anna).count() for model in before} == before
    assert not ShelterStay.objects.filter(pk=h.old_stay.pk).exists()  # the others were done


def test_a_tenancy_that_outlives_its_old_plan_stays_and_the_plan_goes(world: World) -> None:
    """Support on the home was an intervention on a plan closed long ago; the citizen still lives there.
    The plan goes with the intervention and the link to it; the tenancy stays, and so does the citizen."""
    w = world
    tenancy = _housed(w, "carl")
    support = services.tenancy_support_attach(actor=w.coordinator, tenancy_id=tenancy.pk, type_code="cti-85",
                                              provider_unit_id=w.support.pk)
    intervention = Intervention.objects.get(pk=support.intervention_id)
    plan_services.intervention_end(actor=w.coordinator, intervention_id=intervention.pk,
                                   expected_version=intervention.version, end_date=w.today,
                                   reason="goal_reached")
    _close_plan(w, "carl")
    out = _run(w.today)
    assert "kept whole" not in out, out
    assert not Plan.objects.filter(pk=w.plans["carl"].pk).exists()
    assert not TenancySupport.objects.filter(pk=support.pk).exists()
    assert Tenancy.objects.filter(pk=tenancy.pk, ended_on__isnull=True).exists()
    assert Citizen.objects.filter(pk=w.citizen("carl").pk).exists()
    assert chain_verify().ok
