"""Playwright opens the scenario comparison page in Debian's Chromium: the charts are drawn and axe-core
finds no serious or critical accessibility problems."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from helhed.catalog.services import catalog_sync
from helhed.people.models import User
from helhed.staircase.services import scenario_sync, staircase_sync
from helhed.testing import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SERIOUS = ("serious", "critical")
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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="da-DK",
                                      viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
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


def test_the_scenario_comparison_page(page: Any) -> None:
    page.goto("/staircase/scenarios/")
    assert page.locator("h1").inner_text()
    page.wait_for_selector("[data-vega-spec='chart-net'][data-drawn='true'] svg")
    page.wait_for_selector("[data-vega-spec='chart-cumulative'][data-drawn='true'] svg")
    assert page.locator("table").count() >= 2
    assert "Tættere på familien, model A" in page.content()
    assert page.js_errors == []
    _axe_clean(page)
    # Only model B, chosen in the form.
    page.uncheck("#s-tpf-model-a")
    page.click("form.helhed-choose button[type=submit]")
    page.wait_for_url("**s=tpf-model-b**")
    assert "model A" not in page.locator("table").first.inner_text()


def test_one_scenario_and_the_staircases(page: Any) -> None:
    page.goto("/staircase/scenarios/tpf-model-b/")
    page.wait_for_selector("[data-vega-spec='chart-cases'][data-drawn='true'] svg")
    assert page.js_errors == []
    _axe_clean(page)
    page.goto("/staircase/")
    _axe_clean(page)
    page.goto("/staircase/flows/")
    page.wait_for_selector("[data-vega-spec='chart-flows'][data-drawn='true'] svg")
    _axe_clean(page)
