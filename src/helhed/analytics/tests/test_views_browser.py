"""Playwright opens the policy goals in Debian's Chromium, in Danish: the dashboard with its trend charts
drawn, then one drill-down with its suppressed breakdowns; axe-core finds no serious or critical problem,
and the browser logs no error (the Content Security Policy refuses nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from helhed.analytics.tests import publishing
from helhed.analytics.tests.publishing import SHARE
from helhed.people.models import User
from helhed.testing import factories as f
from helhed.testing.browser import axe_clean, logged_in

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
    with logged_in(live_server.url, "analytiker", PASSWORD) as tab:
        yield tab


def test_the_dashboard_and_a_drill_down(page: Any) -> None:
    page.click("nav.helhed-nav >> text=Pejlemærker")
    page.wait_for_url("**/goals/")
    assert page.locator("h1").inner_text() == "Pejlemærker"
    page.wait_for_selector(f"[data-goal-chart='trend-{SHARE}'][data-drawn='true'] svg")
    assert "48,0 %" in page.content() and "Ingen data endnu" in page.content()
    assert page.js_errors == []
    axe_clean(page)

    page.click(f"#goal-{SHARE} a")
    page.wait_for_url(f"**/goals/{SHARE}/**")
    page.wait_for_selector(f"[data-goal-chart='trend-{SHARE}'][data-drawn='true'] svg")
    breakdown = page.locator("table.goal-breakdown").first.inner_text()
    assert "Team Lille" in breakdown and "færre end 5" in breakdown and "33 / 60" in breakdown
    assert page.js_errors == []
    axe_clean(page)
