"""Playwright: a caseworker without access to a citizen is refused, breaks the glass with a reason, sees the
record (read-only, with the banner), and the citizen's access log shows the access marked as
break-the-glass with the reason. In Danish, the default language; axe-core finds nothing serious or
critical on the refusal page, the plan page or the access log."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from helhed.access.models import AuditEvent
from helhed.people.models import OrgUnit
from helhed.plans import services as plan_services
from helhed.sharing.models import BreakGlass
from helhed.testing import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REASON = "Borgeren er kommet akut på herberget i nat, og vagten spørger til aftaler om medicin"


def da(message: str) -> str:
    with translation.override("da"):
        return translation.gettext(message)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def assert_accessible(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )


def test_break_the_glass_and_the_citizen_sees_it(chromium: Any, live_server: Any, transactional_db: Any,
                                                 org: dict[str, OrgUnit]) -> None:
    from helhed.catalog.services import catalog_sync

    catalog_sync()
    coordinator = f.staff("coordinating_caseworker", unit_=org["team_a"], password="")
    plan = f.plan(coordinator=coordinator, first_name="Birthe", last_name="Nødsen")
    plan_services.goal_add(actor=coordinator, plan_id=plan.pk, life_domain="housing",
                           citizen_wording="Jeg vil have min egen lejlighed")
    stranger = f.staff("caseworker", unit_=org["team_b"])  # Team Handicap: no relation to Birthe
    citizen_url = f"/citizens/{plan.citizen_id}/"

    context = chromium.new_context(base_url=live_server.url, locale="da-DK",
                                   viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A refused inline script or style (the Content Security Policy) is logged as a console error; the
    # refusal (404) and the too-short reason (422) are answers this test asks for, not errors.
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Failed to load resource" not in msg.text else None)
    try:
        page.goto("/login/")
        page.fill("#id_username", stranger.username)
        page.fill("#id_password", f.PASSWORD)
        page.get_by_role("button", name=da("Log in")).click()
        page.wait_for_url("**/")

        # Refused: the citizen's plan is not shown, the break-the-glass form is.
        response = page.goto(citizen_url)
        assert response is not None and response.status == 404
        page.get_by_role("heading", name=da("You do not have access to this citizen")).wait_for()
        assert "Jeg vil have min egen lejlighed" not in page.content()
        assert_accessible(page)

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
        assert_accessible(page)

        # The citizen's log page shows the access, marked, with the reason.
        page.goto(f"{citizen_url}access-log/")
        marked = page.locator("#access-log tr.helhed-break-glass")
        marked.first.wait_for()
        text = marked.first.inner_text()
        assert str(stranger) in text and org["team_b"].name in text
        assert page.locator("#access-log").inner_text().count(REASON) >= 1
        assert_accessible(page)
        assert not errors, errors
    finally:
        context.close()
    grant = BreakGlass.objects.get()
    assert grant.actor == stranger and grant.reason == REASON
    assert AuditEvent.objects.filter(citizen_id=plan.citizen_id, basis="break_the_glass",
                                     grant_id=grant.pk, action="view").exists()
