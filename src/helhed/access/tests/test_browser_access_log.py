"""Playwright in Debian's Chromium: from the plan page to the citizen's access log, in Danish; the log shows
who looked (a break-the-glass access marked) and axe-core finds no serious or critical problems. The test is
transactional, so its teardown also proves that Django's flush empties the append-only audit table."""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from helhed.access.audit import audit_record
from helhed.access.audit_chain import chain_verify
from helhed.access.models import AuditEvent
from helhed.catalog.services import catalog_sync
from helhed.plans import selectors
from helhed.testing import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SERIOUS = ("serious", "critical")
PASSWORD = "synthetic-pass-123"  # synthetic staff only

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db: None) -> SimpleNamespace:
    catalog_sync()
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team = f.unit("Team Udsatte Voksne", kind="team", sector="adult_social", parent=root)
    treatment = f.unit("Center for Misbrugsbehandling", kind="centre", sector="adult_social", parent=root)
    worker = f.staff("coordinating_caseworker", unit_=team, username="sagsbehandler", password=PASSWORD)
    provider = f.staff("provider", unit_=treatment, password="")
    provider.first_name, provider.last_name = "Per", "Behandler"
    provider.save()
    stranger = f.staff("caseworker", unit_=root, password="")
    stranger.first_name, stranger.last_name = "Sten", "Fremmed"
    stranger.save()
    plan = f.plan(coordinator=worker, first_name="Sofie", last_name="Testborger")
    f.intervention(plan, provider=treatment)
    selectors.plan_page(actor=provider, citizen_id=plan.citizen_id)
    audit_record(actor=stranger, action="view", citizen_id=plan.citizen_id, purpose="plan_page",
                 basis=AuditEvent.Basis.BREAK_THE_GLASS, grant_id=1)
    return SimpleNamespace(worker=worker, plan=plan)


@pytest.fixture
def page(live_server: Any, world: SimpleNamespace) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="da-DK",
                                      viewport={"width": 1366, "height": 900})
        context.set_default_timeout(20_000)
        tab = context.new_page()
        tab.goto("/login/")
        tab.fill("#id_username", "sagsbehandler")
        tab.fill("#id_password", PASSWORD)
        tab.click("button.button-primary")
        tab.wait_for_url(lambda url: "/login/" not in url)
        yield tab
        context.close()
        browser.close()


def _axe_clean(tab: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
    assert not bad, f"axe found serious/critical violations on {tab.url}:\n{details}"


def test_from_the_plan_page_to_the_access_log(page: Any, world: SimpleNamespace) -> None:
    page.goto(f"/citizens/{world.plan.citizen_id}/")
    page.click("text=Hvem har set oplysningerne")
    page.wait_for_url(f"**/citizens/{world.plan.citizen_id}/access-log/")
    assert "Hvem har set Sofie Testborgers oplysninger" in page.locator("h1").inner_text()
    rows = page.locator("#access-log tbody tr")
    assert "Så hvem der har set dine oplysninger" in rows.nth(0).inner_text()  # this visit, first
    glass = rows.filter(has_text="Sten Fremmed").inner_text()
    assert "Nødadgang" in glass and "Så din plan" in glass
    assert "Per Behandler" in page.locator("#access-log").inner_text()
    _axe_clean(page)
    assert chain_verify().ok
