"""Playwright opens the citizen's progress page and the what-works page in Debian's Chromium: the Vega-Lite
charts are drawn, there are no script errors, and axe-core finds no serious or critical problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from helhed.catalog.services import catalog_sync
from helhed.outcomes import services
from helhed.outcomes.services import instrument_sync
from helhed.testing import factories as f
from helhed.testing.browser import axe_clean, logged_in

PASSWORD = "synthetic-pass-123"  # synthetic staff only
MASTERY = ("personal_development", "network_citizenship", "learning_self_support")
LEVELS = {
    -2: "Sover på gaden",
    -1: "Bor på herberg",
    0: "Har egen bolig",
    1: "Har boet der et halvt år",
    2: "Har boet der et år og betaler selv",
}

pytestmark = pytest.mark.browser


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def world(transactional_db: None) -> SimpleNamespace:
    """Seven citizens with histories; the first has every kind of instrument, goals and stories."""
    catalog_sync()
    instrument_sync()
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team = f.unit("Team Udsatte Voksne", kind="team", sector="adult_social", parent=root)
    treatment = f.unit("Center for Misbrugsbehandling", kind="centre", sector="adult_social", parent=root)
    worker = f.staff("coordinating_caseworker", unit_=team, username="sagsbehandler", password=PASSWORD)
    plans = []
    for n in range(7):
        plan = f.plan(coordinator=worker, first_name=["Synne", "Bo", "Ali", "Eva", "Kim", "Mona", "Ib"][n])
        code = "kontaktperson-99" if n < 5 else "bostotte-85"
        f.intervention(plan, code=code, provider=team, start=_ago(400))
        for k, day in enumerate((360, 270, 180, 90, 10)):
            scores = [min(10, 2 + (n % 4) + k * (n % 3) // 2 + i) for i in range(3)]
            services.assessment_record(
                actor=worker,
                citizen_id=plan.citizen_id,
                instrument_code="aarhus-mastery",
                assessed_on=_ago(day),
                rater="citizen" if k == 2 else "together",
                answers=[{"item": i, "value": v} for i, v in zip(MASTERY, scores, strict=True)],
            )
        plans.append(plan)
    first = plans[0]
    drugs = f.intervention(first, code="stofbehandling-ambulant", provider=treatment, start=_ago(300))
    home = f.goal(first, wording="Jeg vil have min egen lejlighed")
    clean = f.goal(first, wording="Jeg vil være stoffri", domain="substance_use")
    for goal, levels, weight in ((home, (-2, -1, 0), 1), (clean, (-1, -1, 1), 2)):
        services.goal_scale_set(actor=worker, goal_id=goal.pk, levels=LEVELS, weight=weight)
        for day, level in zip((300, 150, 20), levels, strict=True):
            services.assessment_record(
                actor=worker,
                citizen_id=first.citizen_id,
                instrument_code="gas",
                goal_id=goal.pk,
                assessed_on=_ago(day),
                answers=[{"item": "level", "value": level}],
            )
    for day, levels in ((330, (3, 2, 3)), (60, (2, 2, 2))):
        services.assessment_record(
            actor=worker,
            citizen_id=first.citizen_id,
            instrument_code="ffb-function-levels",
            assessed_on=_ago(day),
            answers=[
                {"item": t, "value": v, "goal_type": g}
                for t, v, g in zip(
                    ("self_care", "relationships", "practical_tasks"),
                    levels,
                    ("develop", "maintain", "limit_loss"),
                    strict=True,
                )
            ],
        )
    for day, status in ((200, "reduced"), (30, "drug_free")):
        services.assessment_record(
            actor=worker,
            citizen_id=first.citizen_id,
            instrument_code="substance-use-status",
            assessed_on=_ago(day),
            answers=[{"item": "status", "option": status}],
        )
    items = ("listened_to", "knows_contact", "help_fits", "work_together", "respect", "overall")
    services.assessment_record(
        actor=worker,
        citizen_id=first.citizen_id,
        instrument_code="user-satisfaction",
        assessed_on=_ago(40),
        answers=[{"item": i, "value": 4} for i in items],
    )
    services.story_add(
        actor=worker,
        citizen_id=first.citizen_id,
        told_by="citizen",
        told_on=_ago(25),
        what_works="At min kontaktperson kommer på faste tider.",
        what_must_change="Ventetiden på psykiatrien.",
        goal_id=clean.pk,
        intervention_id=drugs.pk,
        consent_anonymised=True,
        consent_form="oral",
    )
    services.story_add(
        actor=worker,
        citizen_id=first.citizen_id,
        told_by="together",
        told_on=_ago(5),
        what_works="Morgenmøderne i behandlingen.",
    )
    return SimpleNamespace(worker=worker, first=first)


@pytest.fixture
def page(live_server: Any, world: SimpleNamespace) -> Iterator[Any]:
    with logged_in(live_server.url, "sagsbehandler", PASSWORD, timeout=20_000, console=None) as tab:
        yield tab


def test_the_progress_page(page: Any, world: SimpleNamespace) -> None:
    page.goto(f"/outcomes/citizens/{world.first.citizen_id}/")
    assert "Synne" in page.locator("h1").inner_text()
    for chart in ("chart-aarhus-mastery", "chart-ffb-function-levels", "chart-gas"):
        page.wait_for_selector(f"[data-outcome-chart='{chart}'][data-drawn='true'] svg")
    text = page.content()
    assert "Har egen bolig" in text and "At min kontaktperson kommer på faste tider." in text
    assert page.js_errors == []
    axe_clean(page)
    # English too, and the assessment form built from the definition.
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Scales over time")
    page.click("text=Mastering one's own life (three dimensions)")
    page.wait_for_selector("h1:has-text('Mastering')")
    axe_clean(page)


def test_the_what_works_page(page: Any) -> None:
    page.goto("/outcomes/what-works/")
    page.wait_for_selector("[data-outcome-chart='chart-interventions'][data-drawn='true'] svg")
    assert "observationel" in page.content().lower() or "observational" in page.content().lower()
    assert page.locator("table").count() >= 2
    assert page.js_errors == []
    axe_clean(page)
    page.select_option("#id_target_group", "young-adults")
    page.click("form.outcomes-filter button[type=submit]")
    page.wait_for_url("**target_group=young-adults**")
    axe_clean(page)
