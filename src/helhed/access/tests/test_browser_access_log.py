"""Playwright in Debian's Chromium: from the plan page to the citizen's access log, in Danish; the log shows
who looked (a break-the-glass access marked) and axe-core finds no serious or critical problems. The test is
transactional, so its teardown also proves that Django's flush empties the append-only audit table."""

from __future__ import annotations

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
from helhed.testing.browser import axe_clean, logged_in

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
    with logged_in(live_server.url, "sagsbehandler", PASSWORD, timeout=20_000, console=None) as tab:
        yield tab


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
    axe_clean(page)
    assert chain_verify().ok
