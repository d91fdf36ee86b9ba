"""Playwright: a caseworker without access to a citizen is refused, breaks the glass with a reason, sees the
record (read-only, with the banner), and the citizen's access log shows the access marked as
break-the-glass with the reason. In Danish, the default language; axe-core finds nothing serious or
critical on the refusal page, the plan page or the access log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from helhed.access.models import AuditEvent
from helhed.people.models import OrgUnit
from helhed.plans import services as plan_services
from helhed.sharing.models import BreakGlass
from helhed.testing import factories as f
from helhed.testing.browser import axe_clean, chromium, console_error, log_in, tab

pytestmark = pytest.mark.browser

REASON = "Borgeren er kommet akut på herberget i nat, og vagten spørger til aftaler om medicin"


def da(message: str) -> str:
    with translation.override("da"):
        return translation.gettext(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def test_break_the_glass_and_the_citizen_sees_it(browser: Any, live_server: Any, transactional_db: Any,
                                                 org: dict[str, OrgUnit]) -> None:
    from helhed.catalog.services import catalog_sync

    catalog_sync()
    coordinator = f.staff("coordinating_caseworker", unit_=org["team_a"], password="")
    plan = f.plan(coordinator=coordinator, first_name="Birthe", last_name="Nødsen")
    plan_services.goal_add(actor=coordinator, plan_id=plan.pk, life_domain="housing",
                           citizen_wording="Jeg vil have min egen lejlighed")
    stranger = f.staff("caseworker", unit_=org["team_b"])  # Team Handicap: no relation to Birthe
    citizen_url = f"/citizens/{plan.citizen_id}/"

    # The refusal (404) and the too-short reason (422) are answers this test asks for, not errors.
    with tab(browser, live_server.url, console=lambda msg: console_error(msg)
             and "Failed to load resource" not in msg.text) as page:
        log_in(page, stranger.username, f.PASSWORD)

        # Refused: the citizen's plan is not shown, the break-the-glass form is.
        response = page.goto(citizen_url)
        assert response is not None and response.status == 404
        page.get_by_role("heading", name=da("You do not have access to this citizen")).wait_for()
        assert "Jeg vil have min egen lejlighed" not in page.content()
        axe_clean(page)

        # Too short a reason is refused with a message next to the field.
        page.get_by_label(da("Why do you need access now?")).fill("akut")
        page.get_by_role("button", name=da("Break the glass and open the record")).click()
        page.locator(".form-error-message").first.wait_for()
        assert not BreakGlass.objects.exists()

        page.get_by_label(da("Why do you need access now?")).fill(REASON)
        page.get_by_role("button", name=da("Break the glass and open the record")).click()
        page.wait_for_url(f"**{citizen_url}")
        page.locator("#break-glass-banner").wait_for()
        assert "Jeg vil have min egen lejlighed" in page.content()
        edit = page.get_by_role("link", name=da("Edit vision, follow-up and consent"))
        assert edit.count() == 0, "break-the-glass is read-only"
        axe_clean(page)

        # The citizen's log page shows the access, marked, with the reason.
        page.goto(f"{citizen_url}access-log/")
        marked = page.locator("#access-log tr.helhed-break-glass")
        marked.first.wait_for()
        text = marked.first.inner_text()
        assert str(stranger) in text and org["team_b"].name in text
        assert page.locator("#access-log").inner_text().count(REASON) >= 1
        axe_clean(page)
        assert not page.js_errors, page.js_errors
    grant = BreakGlass.objects.get()
    assert grant.actor == stranger and grant.reason == REASON
    assert AuditEvent.objects.filter(citizen_id=plan.citizen_id, basis="break_the_glass",
                                     grant_id=grant.pk, action="view").exists()
