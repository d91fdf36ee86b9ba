"""Playwright opens the scenario comparison page in Debian's Chromium: the charts are drawn and axe-core
finds no serious or critical accessibility problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from helhed.catalog.services import catalog_sync
from helhed.people.models import User
from helhed.staircase.services import scenario_sync, staircase_sync
from helhed.testing import factories as f
from helhed.testing.browser import axe_clean, logged_in

PASSWORD = "synthetic-pass-123"  # synthetic staff only

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst(transactional_db: None) -> User:
    catalog_sync()
    staircase_sync()
    scenario_sync()
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    return f.staff("analyst", unit_=root, username="analytiker", password=PASSWORD)


@pytest.fixture
def page(live_server: Any, analyst: User) -> Iterator[Any]:
    with logged_in(live_server.url, "analytiker", PASSWORD, console=None) as tab:
        yield tab


def test_the_scenario_comparison_page(page: Any) -> None:
    page.goto("/staircase/scenarios/")
    assert page.locator("h1").inner_text()
    page.wait_for_selector("[data-vega-spec='chart-net'][data-drawn='true'] svg")
    page.wait_for_selector("[data-vega-spec='chart-cumulative'][data-drawn='true'] svg")
    assert page.locator("table").count() >= 2
    assert "Tættere på familien, model A" in page.content()
    assert page.js_errors == []
    axe_clean(page)
    # Only model B, chosen in the form.
    page.uncheck("#s-tpf-model-a")
    page.click("form.helhed-choose button[type=submit]")
    page.wait_for_url("**s=tpf-model-b**")
    assert "model A" not in page.locator("table").first.inner_text()


def test_one_scenario_and_the_staircases(page: Any) -> None:
    page.goto("/staircase/scenarios/tpf-model-b/")
    page.wait_for_selector("[data-vega-spec='chart-cases'][data-drawn='true'] svg")
    assert page.js_errors == []
    axe_clean(page)
    page.goto("/staircase/")
    axe_clean(page)
    page.goto("/staircase/flows/")
    page.wait_for_selector("[data-vega-spec='chart-flows'][data-drawn='true'] svg")
    axe_clean(page)
