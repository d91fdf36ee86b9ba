"""The citizen's plan on one page, its refresh after changes, history, and who sees which controls."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from helhed.people.models import OrgUnit
from helhed.plans import services
from helhed.plans.models import FollowUp, Plan
from helhed.plans.tests.views.conftest import HX
from helhed.sharing.services import consent_give
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def _consent_to_share_with(plan: Plan, unit: OrgUnit) -> None:
    consent_give(actor=plan.coordinator, citizen_id=plan.citizen_id, unit_ids=[unit.pk], method="written",
                 scopes=["plan_goals", "interventions", "journal_notes", "assessments", "health"],
                 given_on=timezone.localdate(), purpose="Koordinering af planen")


def test_plan_page_shows_the_whole_plan(wc, worker, citizen_plan, org, job_consultant) -> None:
    p = citizen_plan
    goal = f.goal(p, wording="Jeg vil i arbejde igen", domain="employment_education")
    f.intervention(
        p,
        code="virksomhedspraktik",
        provider=org["job"],
        responsible=job_consultant,
        goals=[goal],
        hours_per_week="12,5",
    )
    f.intervention(p, code="bostotte-85", provider=org["team_a"])  # serves no goal: a warning
    services.network_add(actor=worker, plan_id=p.pk, name="Mor Testborger", role="parent", may_take_part=True)
    services.note_add(actor=worker, plan_id=p.pk, text="Første samtale holdt.")
    services.transition_add(
        actor=worker,
        plan_id=p.pk,
        kind="prison_release",
        expected_on=timezone.localdate() + dt.timedelta(days=10),
    )
    FollowUp.objects.filter(plan=p).update(due_on=timezone.localdate() - dt.timedelta(days=2))

    response = wc.get(f"/citizens/{p.citizen_id}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Sofie Testborger</h1>" in html
    assert "Jeg vil have mit eget sted og se mine børn" in html  # the vision, in their words
    assert str(worker) in html  # coordinating caseworker
    assert 'id="coherence"' in html
    assert "serves no goal" in html
    assert "Release from prison" in html and "helhed-critical" in html  # transition without a plan
    assert "Jeg vil i arbejde igen" in html and "Employment and education" in html
    assert org["job"].name in html and org["team_a"].name in html  # interventions grouped by provider unit
    assert "LAB kap. 11" in html and str(job_consultant) in html and "12.5<" in html
    assert "Overdue by 2 days" in html
    assert "Mor Testborger" in html and "Første samtale holdt." in html
    # The coordinator's controls, and the quick forms directly on the page.
    for control in ("goal-add--heading", "follow-up--heading", "/interventions/new/", "/edit/", "/adopt/"):
        assert control in html


def test_citizen_the_user_does_not_work_with_is_404(client_for, other_worker, citizen_plan) -> None:
    client = client_for(other_worker)
    for url in ("", "history/", "refresh/", "goals/new/", "interventions/new/"):
        response = client.get(f"/citizens/{citizen_plan.citizen_id}/{url}")
        assert response.status_code == 404, url
        assert b"You can only open citizens you work with" in response.content
    assert client.get("/citizens/999999/").status_code == 404


def test_provider_staff_see_the_plan_but_only_their_own_controls(
    client_for, job_consultant, citizen_plan, org
) -> None:
    f.intervention(citizen_plan, code="virksomhedspraktik", provider=org["job"])
    other = f.intervention(citizen_plan, code="bostotte-85", provider=org["team_a"])
    _consent_to_share_with(citizen_plan, org["job"])  # another sector: without it, the summary (ADR 0005)
    html = client_for(job_consultant).get(f"/citizens/{citizen_plan.citizen_id}/").content.decode()
    assert "Sofie Testborger" in html
    assert "goal-add--heading" not in html and "/interventions/new/" not in html and "/adopt/" not in html
    assert "follow-up--heading" not in html  # not responsible for an intervention: no follow-up
    assert f"/interventions/{other.pk}/edit/" not in html
    links = [u for u in re.findall(r'href="(/citizens/[^"]*)"', html)
             if not u.endswith(("/history/", "/access-log/"))]  # reading pages, open to every relation
    assert len(links) == 3, f"only the job centre's own intervention (edit, end) and a journal note: {links}"
    assert "/notes/new/" in html  # everyone with a relation may add a note


def test_provider_posting_a_goal_gets_403(client_for, job_consultant, citizen_plan, org) -> None:
    f.intervention(citizen_plan, code="virksomhedspraktik", provider=org["job"])
    response = client_for(job_consultant).post(
        f"/citizens/{citizen_plan.citizen_id}/goals/new/",
        {"plan": citizen_plan.pk, "life_domain": "housing", "citizen_wording": "x"},
        **HX,
    )
    assert response.status_code == 403
    assert not citizen_plan.goals.exists()


def test_refresh_returns_every_section_out_of_band(wc, citizen_plan) -> None:
    f.goal(citizen_plan, wording="Et nyt mål")
    html = wc.get(f"/citizens/{citizen_plan.citizen_id}/refresh/", **HX).content.decode()
    for section in (
        "plan-header",
        "coherence",
        "follow-ups-list",
        "goals-list",
        "interventions-list",
        "transitions-list",
        "meetings-list",
        "notes-list",
        "network-list",
    ):
        assert f'id="{section}" hx-swap-oob="innerHTML"' in html
    assert "Et nyt mål" in html and "A goal with no support" in html
    assert "<form" not in html, "forms being written are not replaced"


def test_history_shows_who_changed_what(wc, worker, citizen_plan) -> None:
    goal = f.goal(citizen_plan, wording="Bolig")
    services.goal_update(
        actor=worker,
        goal_id=goal.pk,
        expected_version=goal.version,
        life_domain="housing",
        citizen_wording="Egen bolig",
        target_date=None,
        status="open",
    )
    response = wc.get(f"/citizens/{citizen_plan.citizen_id}/history/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>History of the plan</h1>" in html
    assert str(worker) in html and "Goal" in html and "changed" in html
    assert "the goal in the citizen&#x27;s own words" in html  # the field, by its label


def test_team_overview_for_team_leaders(client_for, leader, worker, citizen_plan) -> None:
    FollowUp.objects.filter(plan=citizen_plan).update(due_on=timezone.localdate() - dt.timedelta(days=4))
    response = client_for(leader).get("/team/")
    html = response.content.decode()
    assert response.status_code == 200
    assert str(worker) in html
    assert "24 cases per advisor" in html and "helhed-bar-marker" in html
    assert f'href="/citizens/{citizen_plan.citizen_id}/"' in html and "Sofie Testborger" in html
    assert ">4<" in html  # days overdue


def test_team_overview_is_404_for_caseworkers(wc) -> None:
    assert wc.get("/team/").status_code == 404
    assert b"/team/" not in wc.get("/").content  # not in the menu either


def test_staff_options_follow_the_chosen_unit(wc, org, job_consultant) -> None:
    html = wc.get(f"/staff-options/?provider_unit={org['job'].pk}", **HX).content.decode()
    assert f'value="{job_consultant.pk}"' in html
    assert wc.get("/staff-options/?provider_unit=x", **HX).content.decode().count("<option") == 1


def test_forms_are_not_offered_to_those_the_policy_does_not_allow(
    client_for, job_consultant, citizen_plan, org
) -> None:
    own = f.intervention(citizen_plan, code="virksomhedspraktik", provider=org["job"])
    other = f.intervention(citizen_plan, code="bostotte-85", provider=org["team_a"])
    _consent_to_share_with(citizen_plan, org["job"])  # another sector: without it, the summary (ADR 0005)
    client = client_for(job_consultant)
    base = f"/citizens/{citizen_plan.citizen_id}/"
    for tail in (
        "goals/new/",
        "interventions/new/",
        "edit/",
        "adopt/",
        "meetings/new/",
        "follow-ups/record/",
        f"interventions/{other.pk}/edit/",
        f"interventions/{other.pk}/end/",
    ):
        assert client.get(base + tail, **HX).status_code == 403, tail
    for tail in ("notes/new/", f"interventions/{own.pk}/edit/", f"interventions/{own.pk}/end/"):
        assert client.get(base + tail, **HX).status_code == 200, tail
