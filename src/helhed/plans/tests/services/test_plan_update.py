"""plan_update, plan_reassign, plan_close: optimistic versioning, consent, closing rules."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helhed.core.concurrency import save_versioned
from helhed.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import Plan
from helhed.testing import factories as f
from helhed.testing.db import nothing_written

TODAY = timezone.localdate


def _update(actor, plan: Plan, version: int, **kw):
    kw.setdefault("vision", plan.vision)
    kw.setdefault("follow_up_interval_days", plan.follow_up_interval_days)
    return services.plan_update(actor=actor, plan_id=plan.pk, expected_version=version, **kw)


def test_update_saves_and_counts_the_version(cast: SimpleNamespace, plan: Plan) -> None:
    updated = _update(cast.coordinator, plan, plan.version, vision="  Jeg vil have mit eget hjem  ",
                      follow_up_interval_days=30, holistic_consent=True, holistic_consent_on=TODAY(),
                      holistic_consent_form="written")
    stored = Plan.objects.get(pk=plan.pk)
    assert updated.version == stored.version == plan.version + 1
    assert stored.vision == "Jeg vil have mit eget hjem"
    assert stored.follow_up_interval_days == 30
    assert stored.holistic_consent and stored.holistic_consent_form == "written"


def test_two_caseworkers_edit_the_header_the_second_gets_a_conflict(cast: SimpleNamespace,
                                                                     plan: Plan) -> None:
    seen_by_both = plan.version
    _update(cast.coordinator, plan, seen_by_both, vision="Borgerens egne ord, version A")
    with pytest.raises(Conflict) as exc:
        _update(cast.leader, plan, seen_by_both, vision="Team leader's text, version B")
    assert exc.value.status_code == 409
    assert exc.value.current.version == seen_by_both + 1
    assert exc.value.current.vision == "Borgerens egne ord, version A"
    assert "Your text is kept" in str(exc.value)
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.vision == "Borgerens egne ord, version A"
    assert stored.version == seen_by_both + 1
    # With the version the conflict showed, the second writer can save on purpose.
    _update(cast.leader, plan, exc.value.current.version, vision="Merged text")
    assert Plan.objects.get(pk=plan.pk).vision == "Merged text"


def test_reassigning_during_an_edit_is_not_undone_by_the_edit(cast: SimpleNamespace, plan: Plan) -> None:
    """The editor's form was based on a version from before the reassignment."""
    before = plan.version
    services.plan_reassign(actor=cast.leader, plan_id=plan.pk, coordinator_id=cast.colleague.pk)
    with pytest.raises(Conflict):
        _update(cast.leader, plan, before, vision="Written before the reassignment")
    assert Plan.objects.get(pk=plan.pk).coordinator == cast.colleague


def test_save_versioned_never_writes_back_stale_fields(cast: SimpleNamespace, plan: Plan) -> None:
    """An in-memory object loaded before another change must not overwrite that change."""
    stale = Plan.objects.get(pk=plan.pk)
    fresh = Plan.objects.get(pk=plan.pk)
    fresh.coordinator = cast.colleague
    fresh.save()  # a write that does not go through versioning (e.g. an admin correction)
    save_versioned(stale, expected_version=stale.version, fields={"vision": "Ny vision"},
                   actor=cast.coordinator)
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.vision == "Ny vision"
    assert stored.coordinator == cast.colleague


@pytest.mark.parametrize(("kw", "field"), [
    ({"holistic_consent": True}, "holistic_consent_on"),
    ({"holistic_consent": True, "holistic_consent_on": dt.date(2999, 1, 1), "holistic_consent_form": "oral"},
     "holistic_consent_on"),
    ({"holistic_consent": True, "holistic_consent_on": dt.date(2024, 1, 1),
      "holistic_consent_form": "nodded"},
     "holistic_consent_form"),
    ({"follow_up_interval_days": 400}, "follow_up_interval_days"),
    ({"vision": "x" * 5001}, "vision"),
])
def test_invalid_update_is_refused_and_nothing_changes(cast: SimpleNamespace, plan: Plan, kw: dict,
                                                       field: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        _update(cast.coordinator, plan, plan.version, **kw)
    assert exc.value.field == field
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.version, stored.vision, stored.holistic_consent) == (plan.version, plan.vision, False)


def test_consent_withdrawn_clears_date_and_form(cast: SimpleNamespace, plan: Plan) -> None:
    p = _update(cast.coordinator, plan, plan.version, holistic_consent=True, holistic_consent_on=TODAY(),
                holistic_consent_form="oral")
    _update(cast.coordinator, plan, p.version, holistic_consent=False, holistic_consent_on=TODAY(),
            holistic_consent_form="oral")
    stored = Plan.objects.get(pk=plan.pk)
    consent = (stored.holistic_consent, stored.holistic_consent_on, stored.holistic_consent_form)
    assert consent == (False, None, "")


def test_provider_may_not_edit_the_plan(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"], code="stofbehandling-ambulant")
    with pytest.raises(PermissionDenied):
        _update(cast.provider, plan, plan.version, vision="Provider's idea")
    assert Plan.objects.get(pk=plan.pk).vision == plan.vision


# --- reassign ---------------------------------------------------------------------------------

def test_team_leader_reassigns_the_coordinator(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_reassign(actor=cast.leader, plan_id=plan.pk, coordinator_id=cast.colleague.pk)
    assert Plan.objects.get(pk=plan.pk).coordinator == cast.colleague


def test_coordinator_may_not_reassign_themself_away(cast: SimpleNamespace, plan: Plan) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_reassign(actor=cast.coordinator, plan_id=plan.pk, coordinator_id=cast.colleague.pk)


@pytest.mark.parametrize("who", ["provider", "admin"])
def test_reassign_only_to_a_case_holder(cast: SimpleNamespace, plan: Plan, who: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.plan_reassign(actor=cast.leader, plan_id=plan.pk, coordinator_id=getattr(cast, who).pk)
    assert exc.value.field == "coordinator"
    assert Plan.objects.get(pk=plan.pk).coordinator == cast.coordinator


def test_reassign_to_an_inactive_caseworker_is_refused(cast: SimpleNamespace, plan: Plan) -> None:
    cast.colleague.is_active = False
    cast.colleague.save()
    with pytest.raises(ValidationError):
        services.plan_reassign(actor=cast.leader, plan_id=plan.pk, coordinator_id=cast.colleague.pk)


# --- close ------------------------------------------------------------------------------------

def test_close_needs_a_reason_and_no_running_interventions(cast: SimpleNamespace, plan: Plan,
                                                            org: dict[str, OrgUnit]) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="  ")
    assert exc.value.field == "reason"
    i = f.intervention(plan, provider=org["treatment"])
    with pytest.raises(ValidationError) as exc:
        services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    assert "1 running" in str(exc.value)
    services.intervention_end(actor=cast.coordinator, intervention_id=i.pk, expected_version=i.version,
                              end_date=TODAY(), reason="moved")
    closed = services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    stored = Plan.objects.get(pk=closed.pk)
    assert (stored.status, stored.closed_on, stored.closed_reason) == ("closed", TODAY(), "Flyttet")


def test_a_closed_plan_is_not_found_for_further_edits(cast: SimpleNamespace, plan: Plan) -> None:
    services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    with pytest.raises(NotFound):
        _update(cast.coordinator, plan, plan.version, vision="Too late")
    with pytest.raises(NotFound):
        services.goal_add(actor=cast.coordinator, plan_id=plan.pk, life_domain="housing",
                          citizen_wording="Bolig")


def test_closing_during_an_edit_is_not_undone_by_the_edit(cast: SimpleNamespace, plan: Plan) -> None:
    before = Plan.objects.get(pk=plan.pk)
    services.plan_close(actor=cast.coordinator, plan_id=plan.pk, reason="Flyttet")
    with pytest.raises((Conflict, NotFound)):
        save_versioned(before, expected_version=before.version, fields={"vision": "Stale"}, actor=cast.leader)
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.status == "closed" and stored.vision == plan.vision
