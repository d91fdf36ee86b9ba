"""meeting_add, note_add, transition_add, network_add."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helhed.core.errors import PermissionDenied, ValidationError
from helhed.people.models import NetworkPerson, OrgUnit
from helhed.plans import services
from helhed.plans.models import JournalNote, Meeting, Plan, Transition
from helhed.testing import factories as f
from helhed.testing.db import nothing_written


def _network(plan: Plan, name: str, *, may_take_part: bool) -> NetworkPerson:
    return services.network_add(actor=plan.coordinator, plan_id=plan.pk, name=name, role="sibling",
                                may_take_part=may_take_part)


# --- meetings ---------------------------------------------------------------------------------

def test_meeting_with_citizen_network_and_staff(cast: SimpleNamespace, plan: Plan) -> None:
    sister = _network(plan, "Søster Syntetisk", may_take_part=True)
    meeting = services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(),
                                   title="  Netværksmøde  ", staff_ids=[cast.provider.pk],
                                   network_ids=[sister.pk],
                                   summary="Aftalt: bostøtte to gange om ugen")
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.title == "Netværksmøde"
    assert list(stored.staff.all()) == [cast.provider]
    assert list(stored.network.all()) == [sister]


def test_network_person_who_may_not_take_part_is_refused_by_name(cast: SimpleNamespace, plan: Plan) -> None:
    sister = _network(plan, "Søster Syntetisk", may_take_part=True)
    uncle = _network(plan, "Onkel Syntetisk", may_take_part=False)
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(), title="Møde",
                             network_ids=[sister.pk, uncle.pk])
    assert exc.value.field == "network"
    assert "Onkel Syntetisk" in str(exc.value)
    assert "Søster Syntetisk" not in str(exc.value)
    assert "not agreed" in str(exc.value)


def test_network_person_of_another_citizen_is_refused(cast: SimpleNamespace, plan: Plan) -> None:
    other = f.plan(coordinator=cast.coordinator)
    stranger = _network(other, "En andens mor", may_take_part=True)
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(), title="Møde",
                             network_ids=[stranger.pk])
    assert exc.value.field == "network"


def test_unknown_or_inactive_staff_is_refused_not_dropped(cast: SimpleNamespace, plan: Plan) -> None:
    cast.colleague.is_active = False
    cast.colleague.save()
    for staff_ids in ([999999], [cast.provider.pk, cast.colleague.pk]):
        with nothing_written(), pytest.raises(ValidationError) as exc:
            services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(),
                                 title="Møde",
                                 staff_ids=staff_ids)
        assert exc.value.field == "staff"


def test_meeting_needs_a_title(cast: SimpleNamespace, plan: Plan) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.meeting_add(actor=cast.coordinator, plan_id=plan.pk, held_on=timezone.now(), title=" ")
    assert exc.value.field == "title"


def test_provider_may_not_call_meetings(cast: SimpleNamespace, plan: Plan, org: dict[str, OrgUnit]) -> None:
    f.intervention(plan, provider=org["treatment"])
    with nothing_written(), pytest.raises(PermissionDenied):
        services.meeting_add(actor=cast.provider, plan_id=plan.pk, held_on=timezone.now(), title="Møde")


# --- journal notes ---------------------------------------------------------------------------

def test_provider_may_add_notes_to_their_intervention(cast: SimpleNamespace, plan: Plan,
                                                      org: dict[str, OrgUnit]) -> None:
    i = f.intervention(plan, provider=org["treatment"])
    note = services.note_add(actor=cast.provider, plan_id=plan.pk, text=" Mødt stabilt ",
                             intervention_id=i.pk)
    stored = JournalNote.objects.get(pk=note.pk)
    assert (stored.text, stored.author, stored.intervention) == ("Mødt stabilt", cast.provider, i)


def test_note_refused_when_empty_or_linked_to_another_plan(cast: SimpleNamespace, plan: Plan,
                                                           org: dict[str, OrgUnit]) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.note_add(actor=cast.coordinator, plan_id=plan.pk, text="   ")
    assert exc.value.field == "text"
    foreign = f.intervention(f.plan(coordinator=cast.coordinator), provider=org["treatment"])
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.note_add(actor=cast.coordinator, plan_id=plan.pk, text="Note", intervention_id=foreign.pk)
    assert exc.value.field == "intervention"


# --- transitions -----------------------------------------------------------------------------

def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_transition_with_needs_marked_not_relevant(cast: SimpleNamespace, plan: Plan) -> None:
    t = services.transition_add(actor=cast.coordinator, plan_id=plan.pk, kind="prison_release",
                                expected_on=_in(20),
                                not_needed=["treatment", "treatment"], note=" Ingen misbrug ")
    stored = Transition.objects.get(pk=t.pk)
    assert (stored.not_needed, stored.note, stored.created_by) == (["treatment"], "Ingen misbrug",
                                                                   cast.coordinator)


@pytest.mark.parametrize(("kw", "field"), [
    ({"kind": "turning_18"}, "kind"),
    ({"kind": "pension_age"}, "kind"),
    ({"kind": "holiday"}, "kind"),
    ({"kind": "prison_release", "not_needed": ["luck"], "note": "x"}, "not_needed"),
    ({"kind": "prison_release", "not_needed": ["housing"]}, "note"),
])
def test_invalid_transition_is_refused(cast: SimpleNamespace, plan: Plan, kw: dict, field: str) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.transition_add(actor=cast.coordinator, plan_id=plan.pk, expected_on=_in(10), **kw)
    assert exc.value.field == field


# --- network -----------------------------------------------------------------------------------

def test_network_add_checks_name_and_relation(cast: SimpleNamespace, plan: Plan) -> None:
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.network_add(actor=cast.coordinator, plan_id=plan.pk, name="  ", role="sibling")
    assert exc.value.field == "name"
    with nothing_written(), pytest.raises(ValidationError) as exc:
        services.network_add(actor=cast.coordinator, plan_id=plan.pk, name="Ven", role="enemy")
    assert exc.value.field == "role"
    person = services.network_add(actor=cast.coordinator, plan_id=plan.pk, name=" Ven ", role="friend")
    assert (person.citizen, person.name, person.may_take_part) == (plan.citizen, "Ven", False)
