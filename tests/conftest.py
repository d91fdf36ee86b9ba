"""Fixtures for the browser tests: Debian's Chromium driven by Playwright (sync API), axe-core checks.

Playwright's sync API runs an event loop in the test thread; Django refuses database access from a
thread with a running loop unless told it is safe, which it is here (one thread, one test at a time).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # htmx answers can be slow on a busy CI machine
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def web(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab against the live server, in a Danish browser."""
    from django.urls import get_resolver

    # Import every URL module now (the API's scientific libraries take seconds on a busy machine), so
    # the first page a test opens is not slowed by it.
    get_resolver().url_patterns  # noqa: B018
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    # Every browser test also checks the Content Security Policy: Chromium reports a violation here.
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text
            else None)
    yield page
    context.close()
    assert not violations, f"Content Security Policy violations: {violations}"


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """Assert the page has no serious or critical axe-core violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any) -> None:
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        assert not bad, f"axe found serious/critical violations on {page.url}:\n{details}"

    return check
