"""The acceptance test, in Chromium: a caseworker adds a goal in the citizen's words and an intervention
from another department, and sees the coherence warning appear and go away, without a page reload.
Every page visited passes axe-core with no serious or critical violations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.plans import services
from helhed.plans.models import FollowUp, Goal

pytestmark = pytest.mark.browser

WORDS = "Jeg vil gerne have et arbejde, hvor jeg møder andre mennesker"


def test_goal_and_intervention_from_another_unit_make_the_warning_come_and_go(
    web: Any, municipality: Any, axe_check: Any, log_in: Any
) -> None:
    m = municipality
    web.goto("/login/")
    axe_check(web)
    log_in(web, "anne")
    expect(web.get_by_role("heading", level=1)).to_have_text("Mine borgere")
    axe_check(web)

    web.get_by_role("link", name="Sofie Jensen").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Sofie Jensen")
    expect(web.locator("#coherence")).to_contain_text("Ingen advarsler")
    axe_check(web)
    web.evaluate("window.__sameDocument = true")  # gone if the page reloads

    # A goal in the citizen's own words: the plan now has a goal no one supports.
    web.select_option("#goal-add-life_domain", label="Beskæftigelse og uddannelse")
    web.fill("#goal-add-citizen_wording", WORDS)
    web.get_by_role("button", name="Tilføj mål").click()
    expect(web.locator("#goal-add-citizen_wording")).to_have_value("")  # a fresh form for the next goal
    expect(web.locator("#coherence")).to_contain_text("Et mål uden støtte")
    expect(web.locator("#goals-list")).to_contain_text(WORDS)

    # An intervention from the job centre (another department) that serves the goal: the warning goes.
    web.get_by_role("link", name="Tilføj en indsats").click()
    web.select_option("#intervention-type", label="Virksomhedspraktik (LAB kap. 11)")
    web.select_option("#intervention-provider_unit", label="Jobcenter Aarhus")
    responsible = web.locator("#intervention-responsible")
    expect(responsible.locator("option", has_text="Jonas Holm")).to_have_count(
        1
    )  # the unit's staff, via htmx
    responsible.select_option(label="Jonas Holm (Jobcenter Aarhus)")
    web.fill("#intervention-hours_per_week", "10")
    web.locator("label", has_text=WORDS[:30]).click()
    axe_check(web)  # with the form open
    web.get_by_role("button", name="Tilføj indsats").click()
    expect(web.get_by_text("Indsatsen er tilføjet.")).to_be_visible()
    expect(web.locator("#coherence")).not_to_contain_text("Et mål uden støtte")
    expect(web.locator("#coherence")).to_contain_text("Ingen advarsler")
    expect(web.locator("#interventions-list")).to_contain_text("Jobcenter Aarhus")
    expect(web.locator("#interventions-list")).to_contain_text("Jonas Holm")
    expect(web.locator("#goals-list")).to_contain_text("Støttes af: Virksomhedspraktik")
    assert web.evaluate("window.__sameDocument") is True, "no full page reload"
    assert web.js_errors == []
    axe_check(web)
    web.screenshot(path="/tmp/plan.png", full_page=True)  # noqa: S108 - looked at by hand

    # Unlink the goal again by editing the intervention: the warning comes back.
    web.get_by_role("link", name="Ret Virksomhedspraktik").click()
    web.locator("form.helhed-slot-form label", has_text=WORDS[:30]).click()
    web.get_by_role("button", name="Gem").click()
    expect(web.locator("#coherence")).to_contain_text("Et mål uden støtte")
    expect(web.locator("#coherence")).to_contain_text("Virksomhedspraktik understøtter intet mål")

    # Who changed what.
    web.get_by_role("link", name="Historik: hvem ændrede hvad").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Planens historik")
    expect(web.locator("table")).to_contain_text("Anne Sørensen")
    axe_check(web)
    assert Goal.objects.filter(plan=m.plan, citizen_wording=WORDS).exists()


def test_team_leader_sees_caseloads_and_overdue_follow_ups(
    web: Any, municipality: Any, axe_check: Any, log_in: Any
) -> None:
    m = municipality
    FollowUp.objects.filter(plan=m.plan).update(due_on=timezone.localdate() - dt.timedelta(days=6))
    log_in(web, "lise")
    web.get_by_role("link", name="Teamoversigt").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Teamoversigt")
    expect(web.locator(".helhed-team")).to_contain_text("Anne Sørensen")
    expect(web.locator(".helhed-bar-marker").first).to_be_attached()
    axe_check(web)
    web.get_by_role("link", name="Sofie Jensen").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Sofie Jensen")
    expect(web.locator("#follow-ups-list")).to_contain_text("Overskredet med 6 dage")
    axe_check(web)


def test_errors_and_edit_conflicts_are_swapped_into_the_form(
    web: Any, municipality: Any, axe_check: Any, log_in: Any
) -> None:
    m = municipality
    goal = services.goal_add(
        actor=m.caseworker, plan_id=m.plan.pk, life_domain="housing", citizen_wording="Egen bolig"
    )
    log_in(web, "anne")
    web.goto(f"/citizens/{m.plan.citizen_id}/")

    # A form error (422) is shown next to the field, in place.
    web.select_option("#goal-add-life_domain", label="Økonomi")
    web.get_by_role("button", name="Tilføj mål").click()
    expect(web.locator("#goal-add-citizen_wording-error")).to_contain_text("Dette felt er påkrævet")
    expect(web.locator("#goal-add-citizen_wording")).to_have_attribute("aria-invalid", "true")
    axe_check(web)

    # Someone else saves the goal while I edit it (409): both versions shown, my text kept.
    web.get_by_role("link", name="Ret mål").click()
    web.fill(f"#goaledit-{goal.pk}-citizen_wording", "En lejlighed tæt på mine børn")
    services.goal_update(
        actor=m.caseworker,
        goal_id=goal.pk,
        expected_version=1,
        life_domain="housing",
        citizen_wording="Egen bolig inden jul",
        target_date=None,
        status="open",
    )
    web.get_by_role("button", name="Gem").click()
    expect(web.get_by_text("En anden nåede at gemme først")).to_be_visible()
    expect(web.locator(".helhed-conflict")).to_contain_text("Egen bolig inden jul")
    expect(web.locator(f"#goaledit-{goal.pk}-citizen_wording")).to_have_value("En lejlighed tæt på mine børn")
    axe_check(web)
    web.get_by_role("button", name="Gem").click()
    expect(web.locator(".helhed-conflict")).to_have_count(0)
    expect(web.locator("#goals-list blockquote")).to_contain_text("En lejlighed tæt på mine børn")
    goal.refresh_from_db()
    assert goal.citizen_wording == "En lejlighed tæt på mine børn"
    assert web.js_errors == []


def test_registration_errors_404_and_english_pass_axe(
    web: Any, municipality: Any, axe_check: Any, log_in: Any
) -> None:
    log_in(web, "anne")
    web.get_by_role("link", name="Opret borger").first.click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Opret borger")
    web.fill("#register-cpr", "311385-1234")
    web.fill("#register-first_name", "Ny")
    web.fill("#register-last_name", "Borger")
    web.get_by_role("button", name="Opret borger og plan").click()
    expect(web.locator("#register-cpr-error")).to_contain_text("Måneden i et CPR-nummer")
    axe_check(web)

    # No such citizen: the same refusal page as for a citizen one does not work with (with the way to
    # break the glass), so the page never tells whether someone is a client.
    web.goto("/citizens/999999/")
    expect(web.get_by_role("heading", level=1)).to_have_text("Du har ikke adgang til denne borger")
    axe_check(web)

    web.goto("/")
    web.get_by_role("button", name="English").click()
    expect(web.locator("html")).to_have_attribute("lang", "en")
    expect(web.get_by_role("heading", level=1)).to_have_text("My citizens")
    axe_check(web)
    web.get_by_role("button", name="Dansk").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Mine borgere")
