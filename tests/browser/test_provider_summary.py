"""A provider in another sector, outside the citizen's consent (ADR 0005): the summary page shows the
intervention they deliver, and they record their own work on it there; nothing else of the plan shows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from helhed.plans.models import Intervention
from helhed.testing import factories as f

pytestmark = pytest.mark.browser


def test_a_job_centre_consultant_edits_their_own_intervention_on_the_summary(
    web: Any, municipality: Any, axe_check: Any, log_in: Any
) -> None:
    m = municipality
    goal = f.goal(m.plan, wording="Jeg vil i praktik i en butik")
    own = f.intervention(m.plan, code="virksomhedspraktik", provider=m.job_centre, responsible=m.consultant,
                         goals=[goal])
    log_in(web, "jonas")
    web.goto(f"/citizens/{m.plan.citizen_id}/")
    expect(web.get_by_role("heading", level=1)).to_have_text("Sofie Jensen")
    section = web.locator("#interventions")
    expect(section.get_by_role("heading", level=2)).to_have_text("Indsatser, du leverer")
    expect(section).to_contain_text("ikke delt med din enhed")  # the goal it serves is not shown
    expect(web.locator("body")).not_to_contain_text("Jeg vil i praktik i en butik")
    axe_check(web)
    section.get_by_role("link", name="Ret").click()
    form = web.locator(f"#unit-{m.job_centre.pk}-slot form")
    expect(form).to_be_visible()
    expect(form.locator("[name=goals]")).to_have_count(0)
    form.get_by_label("Timer om ugen").fill("15")
    axe_check(web)
    form.get_by_role("button", name="Gem").click()
    expect(web.locator(f"#unit-{m.job_centre.pk}-slot")).to_contain_text("Indsatsen er gemt")
    own.refresh_from_db()
    assert own.hours_per_week == Decimal(15) and list(own.goals.all()) == [goal]
    assert Intervention.objects.filter(plan=m.plan).count() == 1
