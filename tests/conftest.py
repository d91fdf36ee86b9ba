"""Fixtures for the browser tests: Debian's Chromium driven by Playwright (sync API), axe-core checks.
The set-up itself is helhed.testing.browser's, shared with the browser tests under src/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from helhed.testing.browser import axe_clean, chromium, tab


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)  # htmx answers can be slow on a busy CI machine
    with chromium() as launched:
        yield launched


@pytest.fixture
def web(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab against the live server, in a Danish browser."""
    from django.urls import get_resolver

    # Import every URL module now (the API's scientific libraries take seconds on a busy machine), so
    # the first page a test opens is not slowed by it.
    get_resolver().url_patterns  # noqa: B018
    # Every browser test also checks the Content Security Policy: Chromium reports a violation here.
    violations: list[str] = []
    with tab(browser, live_server.url, console=None) as page:
        page.context.set_default_navigation_timeout(60_000)
        page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text
                else None)
        page.csp_violations = violations  # the probe in test_csp.py takes the one it causes on purpose
        yield page
    assert not violations, f"Content Security Policy violations: {violations}"


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """Assert the page has no serious or critical axe-core violations."""
    return axe_clean
