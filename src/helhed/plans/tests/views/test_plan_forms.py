"""The forms on the plan page: htmx answers, errors next to their field, and edit conflicts that keep text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helhed.plans import services
from helhed.plans.models import FollowUp, Goal, Intervention, JournalNote, Meeting, NetworkPerson, Transition
from helhed.plans.tests.views.conftest import HX
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def url(plan, tail: str) -> str:
    return f"/citizens/{plan.citizen_id}/{tail}"


# ---- goals ----------------------------------------------------------------------------------------


def test_add_goal_with_htmx_returns_a_fresh_form_and_the_change_event(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "goals/new/"),
        {
            "plan": citizen_plan.pk,
            "life_domain": "housing",
            "citizen_wording": "Jeg vil bo for mig selv",
            "target_date": (TODAY() + dt.timedelta(days=60)).isoformat(),
        },
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger-After-Swap"] == "plan-changed"
    assert "The goal was added." in html and 'role="status"' in html
    assert "Jeg vil bo for mig selv" not in html, "the form comes back empty for the next goal"
    goal = Goal.objects.get(plan=citizen_plan)
    assert goal.citizen_wording == "Jeg vil bo for mig selv" and goal.target_date is not None


def test_add_goal_without_words_is_422_with_the_error_next_to_the_field(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "goals/new/"),
        {"plan": citizen_plan.pk, "life_domain": "housing", "citizen_wording": "  "},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "HX-Trigger-After-Swap" not in response
    assert 'id="goal-add-citizen_wording-error"' in html
    assert 'aria-describedby="goal-add-citizen_wording-hint goal-add-citizen_wording-error"' in html
    assert not Goal.objects.exists()


def test_domain_error_from_the_service_lands_next_to_its_field(wc, citizen_plan) -> None:
    long_text = "x" * 1001  # the service allows 1000 characters
    response = wc.post(
        url(citizen_plan, "goals/new/"),
        {"plan": citizen_plan.pk, "life_domain": "housing", "citizen_wording": long_text},
        **HX,
    )
    assert response.status_code == 422
    assert "at most 1000 characters" in response.content.decode()


def test_add_goal_without_htmx_redirects_to_the_plan(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "goals/new/"),
        {"plan": citizen_plan.pk, "life_domain": "economy", "citizen_wording": "Styr på økonomien"},
    )
    assert response.status_code == 302 and response["Location"] == url(citizen_plan, "#goals")


def test_edit_goal_form_is_prefilled_with_version(wc, citizen_plan) -> None:
    goal = f.goal(citizen_plan, wording="Egen bolig")
    html = wc.get(url(citizen_plan, f"goals/{goal.pk}/edit/"), **HX).content.decode()
    assert "Egen bolig" in html and 'name="version" value="1"' in html and "autofocus" in html
    page = wc.get(url(citizen_plan, f"goals/{goal.pk}/edit/"))
    assert page.status_code == 200 and b"<h1>Edit goal</h1>" in page.content


def test_edit_goal_conflict_keeps_my_text_and_shows_the_saved_version(wc, worker, citizen_plan) -> None:
    goal = f.goal(citizen_plan, wording="Egen bolig")
    # Someone else saves first.
    services.goal_update(
        actor=worker,
        goal_id=goal.pk,
        expected_version=1,
        life_domain="housing",
        citizen_wording="Egen bolig inden jul",
        target_date=None,
        status="open",
    )
    mine = {
        "version": 1,
        "life_domain": "housing",
        "citizen_wording": "En lejlighed tæt på mine børn",
        "status": "open",
        "target_date": "",
        "staff_note": "",
    }
    response = wc.post(url(citizen_plan, f"goals/{goal.pk}/edit/"), mine, **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved first" in html
    assert "Egen bolig inden jul" in html, "the saved version is shown"
    assert "En lejlighed tæt på mine børn" in html, "my text is kept in the form"
    assert 'name="version" value="2"' in html, "saving again goes against the new version"
    goal.refresh_from_db()
    assert goal.citizen_wording == "Egen bolig inden jul"
    # Save again against the new version: mine wins, nothing lost.
    again = wc.post(url(citizen_plan, f"goals/{goal.pk}/edit/"), {**mine, "version": 2}, **HX)
    assert again.status_code == 200
    goal.refresh_from_db()
    assert goal.citizen_wording == "En lejlighed tæt på mine børn" and goal.version == 3


def test_unknown_goal_is_404(wc, citizen_plan) -> None:
    assert wc.get(url(citizen_plan, "goals/999999/edit/"), **HX).status_code == 404


# ---- interventions --------------------------------------------------------------------------------


def test_intervention_form_offers_catalogue_by_category_and_every_unit(wc, citizen_plan, org) -> None:
    html = wc.get(url(citizen_plan, "interventions/new/"), **HX).content.decode()
    assert '<optgroup label="Employment and activation">' in html
    assert f"{f.itype('virksomhedspraktik').name_en} (LAB kap. 11)" in html
    assert '<optgroup label="Employment">' in html and org["job"].name in html
    assert 'hx-get="/staff-options/"' in html and 'hx-target="#intervention-responsible"' in html


def test_add_intervention_from_another_unit_linked_to_a_goal_clears_the_warning(
    wc, citizen_plan, org, job_consultant
) -> None:
    goal = f.goal(citizen_plan, wording="Jeg vil i job", domain="employment_education")
    before = wc.get(url(citizen_plan, "refresh/"), **HX).content.decode()
    assert "A goal with no support" in before
    response = wc.post(
        url(citizen_plan, "interventions/new/"),
        {
            "plan": citizen_plan.pk,
            "type": f.itype("virksomhedspraktik").pk,
            "provider_unit": org["job"].pk,
            "responsible": job_consultant.pk,
            "status": "requested",
            "requested_on": TODAY().isoformat(),
            "hours_per_week": "7,5",
            "annual_cost": "12000",
            "goals": [goal.pk],
        },
        **HX,
    )
    assert response.status_code == 200, response.content.decode()
    assert response["HX-Trigger-After-Swap"] == "plan-changed"
    intervention = Intervention.objects.get(plan=citizen_plan)
    assert intervention.provider_unit == org["job"] and intervention.responsible == job_consultant
    assert str(intervention.hours_per_week) == "7.50" and list(intervention.goals.all()) == [goal]
    after = wc.get(url(citizen_plan, "refresh/"), **HX).content.decode()
    assert "A goal with no support" not in after and "No warnings" in after


def test_add_intervention_error_keeps_choices_and_input(wc, citizen_plan, org) -> None:
    goal = f.goal(citizen_plan)
    response = wc.post(
        url(citizen_plan, "interventions/new/"),
        {
            "plan": citizen_plan.pk,
            "type": f.itype("virksomhedspraktik").pk,
            "provider_unit": org["job"].pk,
            "status": "active",
            "requested_on": TODAY().isoformat(),
            "hours_per_week": "200",
            "goals": [goal.pk],
        },
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="intervention-start_date-error"' in html, "an active intervention needs a start date"
    assert org["job"].name in html and f'value="{goal.pk}"' in html and "checked" in html


def test_edit_intervention_conflict_shows_both_versions(wc, worker, citizen_plan, org) -> None:
    i = f.intervention(citizen_plan, code="virksomhedspraktik", provider=org["job"], hours_per_week="10")
    assert i.start_date is not None
    form = wc.get(url(citizen_plan, f"interventions/{i.pk}/edit/"), **HX).content.decode()
    assert 'name="hours_per_week" value="10"' in form
    services.intervention_update(
        actor=worker,
        intervention_id=i.pk,
        expected_version=1,
        status="active",
        requested_on=i.requested_on,
        provider_unit_id=org["job"].pk,
        start_date=i.start_date,
        hours_per_week="25",
    )
    response = wc.post(
        url(citizen_plan, f"interventions/{i.pk}/edit/"),
        {
            "version": 1,
            "provider_unit": org["job"].pk,
            "status": "active",
            "requested_on": i.requested_on.isoformat(),
            "start_date": i.start_date.isoformat(),
            "hours_per_week": "15",
        },
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "<dd>25</dd>" in html and 'value="15"' in html and 'name="version" value="2"' in html


def test_end_intervention_needs_a_reason_then_ends_it(wc, citizen_plan, org) -> None:
    i = f.intervention(citizen_plan, code="virksomhedspraktik", provider=org["job"])
    bad = wc.post(
        url(citizen_plan, f"interventions/{i.pk}/end/"),
        {"version": 1, "end_date": TODAY().isoformat(), "end_reason": ""},
        **HX,
    )
    assert bad.status_code == 422 and 'id="interventionend-' in bad.content.decode()
    ok = wc.post(
        url(citizen_plan, f"interventions/{i.pk}/end/"),
        {"version": 1, "end_date": TODAY().isoformat(), "end_reason": "goal_reached"},
        **HX,
    )
    assert ok.status_code == 200 and b"The intervention was ended." in ok.content
    i.refresh_from_db()
    assert i.status == "ended" and i.end_reason == "goal_reached"


# ---- follow-up, notes, meetings, transitions, network ---------------------------------------------


def test_record_follow_up_is_one_submit(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "follow-ups/record/"),
        {"plan": citizen_plan.pk, "note": "Talt med Sofie, det går bedre."},
        **HX,
    )
    assert response.status_code == 200 and response["HX-Trigger-After-Swap"] == "plan-changed"
    done = FollowUp.objects.get(plan=citizen_plan, done_on__isnull=False)
    assert done.note == "Talt med Sofie, det går bedre." and done.done_on == TODAY()
    assert FollowUp.objects.filter(plan=citizen_plan, done_on__isnull=True).count() == 1


def test_follow_up_in_the_future_is_refused_next_to_the_date(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "follow-ups/record/"),
        {"plan": citizen_plan.pk, "note": "x", "done_on": (TODAY() + dt.timedelta(days=1)).isoformat()},
        **HX,
    )
    assert response.status_code == 422 and 'id="follow-up-done_on-error"' in response.content.decode()


def test_schedule_follow_up_on_a_goal(wc, citizen_plan) -> None:
    goal = f.goal(citizen_plan)
    form = wc.get(url(citizen_plan, "follow-ups/new/"), **HX).content.decode()
    assert f'<option value="{goal.pk}">' in form
    due = TODAY() + dt.timedelta(days=14)
    response = wc.post(
        url(citizen_plan, "follow-ups/new/"),
        {"plan": citizen_plan.pk, "due_on": due.isoformat(), "goal": goal.pk},
        **HX,
    )
    assert response.status_code == 200
    assert FollowUp.objects.filter(plan=citizen_plan, goal=goal, due_on=due).exists()


def test_add_journal_note(wc, citizen_plan, org) -> None:
    i = f.intervention(citizen_plan, code="virksomhedspraktik", provider=org["job"])
    response = wc.post(
        url(citizen_plan, "notes/new/"),
        {"plan": citizen_plan.pk, "text": "Møde i jobcentret.", "intervention": i.pk},
        **HX,
    )
    assert response.status_code == 200
    assert JournalNote.objects.get(plan=citizen_plan).intervention == i


def test_meeting_only_with_network_who_may_take_part(wc, worker, citizen_plan) -> None:
    yes = services.network_add(
        actor=worker, plan_id=citizen_plan.pk, name="Mor", role="parent", may_take_part=True
    )
    no = services.network_add(actor=worker, plan_id=citizen_plan.pk, name="Onkel", role="relative")
    form = wc.get(url(citizen_plan, "meetings/new/"), **HX).content.decode()
    assert "Mor (Parent)" in form and "Onkel" not in form
    data = {
        "plan": citizen_plan.pk,
        "held_on": "2025-03-01T10:00",
        "title": "Netværksmøde",
        "citizen_present": "on",
        "staff": [worker.pk],
        "network": [no.pk],
    }
    refused = wc.post(url(citizen_plan, "meetings/new/"), data, **HX)
    assert refused.status_code == 422 and "has not agreed that Onkel take part" in refused.content.decode()
    ok = wc.post(url(citizen_plan, "meetings/new/"), {**data, "network": [yes.pk]}, **HX)
    assert ok.status_code == 200
    meeting = Meeting.objects.get(plan=citizen_plan)
    assert list(meeting.network.all()) == [yes] and list(meeting.staff.all()) == [worker]


def test_add_transition_and_see_the_warning(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "transitions/new/"),
        {
            "plan": citizen_plan.pk,
            "kind": "prison_release",
            "expected_on": (TODAY() + dt.timedelta(days=14)).isoformat(),
        },
        **HX,
    )
    assert response.status_code == 200
    assert Transition.objects.filter(plan=citizen_plan).exists()
    refreshed = wc.get(url(citizen_plan, "refresh/"), **HX).content.decode()
    assert "Release from prison" in refreshed and "not arranged" in refreshed


def test_not_relevant_need_requires_a_reason(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "transitions/new/"),
        {
            "plan": citizen_plan.pk,
            "kind": "hospital_discharge",
            "expected_on": TODAY().isoformat(),
            "not_needed": ["housing"],
        },
        **HX,
    )
    assert response.status_code == 422 and 'id="transition-note-error"' in response.content.decode()


def test_add_network_person(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "network/new/"),
        {"plan": citizen_plan.pk, "name": "Bente Nabo", "role": "neighbour", "may_take_part": "on"},
        **HX,
    )
    assert response.status_code == 200
    assert NetworkPerson.objects.get(citizen=citizen_plan.citizen).may_take_part


# ---- the plan header and versions -----------------------------------------------------------------


def test_edit_plan_header_and_conflict(wc, worker, citizen_plan) -> None:
    form = wc.get(url(citizen_plan, "edit/"), **HX).content.decode()
    assert 'name="follow_up_interval_days" value="90"' in form
    services.plan_update(
        actor=worker,
        plan_id=citizen_plan.pk,
        expected_version=1,
        vision="Deres vision",
        follow_up_interval_days=60,
    )
    mine = {
        "plan": citizen_plan.pk,
        "version": 1,
        "vision": "Min egen formulering",
        "follow_up_interval_days": 30,
        "holistic_consent": "on",
        "holistic_consent_on": TODAY().isoformat(),
        "holistic_consent_form": "written",
    }
    conflict = wc.post(url(citizen_plan, "edit/"), mine, **HX)
    assert conflict.status_code == 409
    assert "Deres vision" in conflict.content.decode() and "Min egen formulering" in conflict.content.decode()
    saved = wc.post(url(citizen_plan, "edit/"), {**mine, "version": 2}, **HX)
    assert saved.status_code == 200
    citizen_plan.refresh_from_db()
    assert citizen_plan.vision == "Min egen formulering" and citizen_plan.holistic_consent


def test_consent_without_date_is_refused_next_to_the_date(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "edit/"),
        {
            "plan": citizen_plan.pk,
            "version": 1,
            "vision": "",
            "follow_up_interval_days": 90,
            "holistic_consent": "on",
            "holistic_consent_form": "oral",
        },
        **HX,
    )
    assert (
        response.status_code == 422 and 'id="planedit-holistic_consent_on-error"' in response.content.decode()
    )


def test_adopt_a_plan_version(wc, citizen_plan) -> None:
    response = wc.post(
        url(citizen_plan, "adopt/"), {"plan": citizen_plan.pk, "note": "Aftalt på mødet"}, **HX
    )
    assert response.status_code == 200
    assert citizen_plan.versions.get(is_current=True).number == 2
    assert "Version 2" in wc.get(url(citizen_plan, "")).content.decode()


def test_form_for_a_plan_the_user_may_not_see_is_404_on_post_too(
    client_for, other_worker, citizen_plan
) -> None:
    response = client_for(other_worker).post(
        url(citizen_plan, "notes/new/"), {"plan": citizen_plan.pk, "text": "Snydeforsøg"}, **HX
    )
    assert response.status_code == 404
    assert not JournalNote.objects.exists()
