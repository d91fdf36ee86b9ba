"""Playwright opens the policy goals in Debian's Chromium, in Danish: the dashboard with its trend charts
drawn, then one drill-down with its suppressed breakdowns; axe-core finds no serious or critical problem,
and the browser logs no error (the Content Security Policy refuses nothing)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from helhed.analytics.tests import publishing
from helhed.analytics.tests.publishing import SHARE
from helhed.people.models import User
from helhed.testing import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SERIOUS = ("serious", "critical")
PASSWORD = "synthetic-pass-123"  # synthetic staff only

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst(transactional_db: None) -> Iterator[User]:
    registered = publishing.registered()
    next(registered)
    publishing.figures()
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    yield f.staff("analyst", unit_=root, username="analytiker", password=PASSWORD)
    next(registered, None)


@pytest.fixture
def page(live_server: Any, analyst: User) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="da-DK",
                                      viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        # A refused inline script or style (the Content Security Policy) is logged as a console error.
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.goto("/login/")
        tab.fill("#id_username", "analytiker")
        tab.fill("#id_password", PASSWORD)
        tab.click("button.button-primary")
        tab.wait_for_url(lambda url: "/login/" not in url)
        tab.js_errors = errors  # type: ignore[attr-defined]
        yield tab
        context.close()
        browser.close()


def _axe_clean(tab: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
                        for v in bad)
    assert not bad, f"axe found serious/critical violations on {tab.url}:\n{details}"


def test_the_dashboard_and_a_drill_down(page: Any) -> None:
    page.click("nav.helhed-nav >> text=Pejlemærker")
    page.wait_for_url("**/goals/")
    assert page.locator("h1").inner_text() == "Pejlemærker"
    page.wait_for_selector(f"[data-goal-chart='trend-{SHARE}'][data-drawn='true'] svg")
    assert "48,0 %" in page.content() and "Ingen data endnu" in page.content()
    assert page.js_errors == []
    _axe_clean(page)

    page.click(f"#goal-{SHARE} a")
    page.wait_for_url(f"**/goals/{SHARE}/**")
    page.wait_for_selector(f"[data-goal-chart='trend-{SHARE}'][data-drawn='true'] svg")
    breakdown = page.locator("table.goal-breakdown").first.inner_text()
    assert "Team Lille" in breakdown and "færre end 5" in breakdown and "33 / 60" in breakdown
    assert page.js_errors == []
    _axe_clean(page)
