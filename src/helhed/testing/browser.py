"""Browser tests' set-up in one place: Debian's Chromium driven by Playwright's sync API, a tab that collects
script errors, the log-in through the real form, and the axe-core check.

Playwright's sync API runs an event loop in the test thread, and it cannot start while another is running:
every helper here closes its `sync_playwright()` when its `with` block ends, so a test file's browser is
gone before the next file (or the session-wide browser of tests/conftest.py) starts one. Django refuses
database access from a thread with a running loop unless told it is safe, which it is here (one thread, one
test at a time); importing this module says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import translation

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"  # Debian's build: Playwright's own download is not reachable here
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
SERIOUS = ("serious", "critical")
VIEWPORT = {"width": 1366, "height": 900}

ConsoleFilter = Callable[[Any], bool]


def console_error(message: Any) -> bool:
    """A console error: Chromium logs a refused inline script or style (the Content Security Policy) so."""
    return bool(message.type == "error")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium, closed with its Playwright when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def tab(browser: Any, base_url: str, *, timeout: int = 15_000,
        console: ConsoleFilter | None = console_error) -> Iterator[Any]:
    """A tab in a fresh Danish context; `tab.js_errors` lists uncaught script errors and the console
    messages `console` keeps (none when it is None)."""
    context = browser.new_context(base_url=base_url, locale="da-DK", viewport=VIEWPORT)
    context.set_default_timeout(timeout)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if console is not None:
        keep = console
        page.on("console", lambda msg: errors.append(msg.text) if keep(msg) else None)
    page.js_errors = errors
    try:
        yield page
    finally:
        context.close()


def log_in(page: Any, username: str, password: str) -> None:
    """Log in through the real form, as a user would (the button found by its Danish name)."""
    with translation.override("da"):
        button = translation.gettext("Log in")
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(lambda url: "/login/" not in url)


@contextmanager
def logged_in(base_url: str, username: str, password: str, *, timeout: int = 15_000,
              console: ConsoleFilter | None = console_error) -> Iterator[Any]:
    """A browser of its own with one tab, logged in as `username`."""
    with chromium() as browser, tab(browser, base_url, timeout=timeout, console=console) as page:
        log_in(page, username, password)
        yield page


def axe_clean(page: Any) -> None:
    """Assert axe-core finds no serious or critical violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
    assert not bad, f"axe found serious/critical violations on {page.url}:\n{details}"
