"""Few steps for daily work: from "Mine borgere", finding a citizen, recording a follow-up note and adding a
goal each take at most three interactions (clicks, choices and submits; typing aside).

Interactions are counted twice: by the test, for each action it takes, and by the page itself, which
records every real click, choice in a list and Enter key (sessionStorage survives page loads). The two
must agree, so a hidden extra step (a confirmation, a reload, a second click) cannot slip through.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_INTERACTIONS = 3
KEY = "helhed-interactions"
COUNT_IN_PAGE = """
(() => {
  const KEY = "KEY_NAME";
  const bump = (kind) => {
    const seen = JSON.parse(sessionStorage.getItem(KEY) || "[]");
    seen.push(kind);
    sessionStorage.setItem(KEY, JSON.stringify(seen));
  };
  document.addEventListener("click", (e) => { if (e.isTrusted && e.detail > 0) bump("click"); }, true);
  document.addEventListener("change", (e) => {
    if (e.target instanceof HTMLSelectElement) bump("choose");
  }, true);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target instanceof HTMLInputElement) bump("enter");
  }, true);
})();
""".replace("KEY_NAME", KEY)


class Interactions:
    """The test's own count of what the user does; typing is not counted."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.steps: list[str] = []

    def start(self) -> None:
        self.page.goto("/")
        self.page.evaluate(f"sessionStorage.setItem('{KEY}', '[]')")
        self.steps = []

    def click(self, locator: Any, what: str) -> None:
        locator.click()
        self.steps.append(f"click {what}")

    def choose(self, selector: str, label: str) -> None:
        self.page.select_option(selector, label=label)
        self.steps.append(f"choose {label}")

    def in_page(self) -> list[str]:
        return json.loads(self.page.evaluate(f"sessionStorage.getItem('{KEY}') || '[]'"))

    def assert_at_most(self, n: int, task: str) -> None:
        counted = self.in_page()
        print(f"{task}: {len(self.steps)} interactions: {self.steps}")  # shown with pytest -s
        assert len(counted) == len(self.steps), f"{task}: the page saw {counted}, the test did {self.steps}"
        assert len(self.steps) <= n, f"{task} took {len(self.steps)} interactions: {self.steps}"


@pytest.fixture
def user(web: Any, municipality: Any, log_in: Any) -> Interactions:
    web.context.add_init_script(COUNT_IN_PAGE)
    log_in(web, "anne")
    return Interactions(web)


def test_find_a_citizen_by_name(web: Any, user: Interactions, axe_check: Any) -> None:
    user.start()
    web.fill("#search-q", "sofie")
    user.click(web.get_by_role("button", name="Søg"), "Søg")
    expect(web.locator("#search")).to_contain_text("1 borger fundet")
    axe_check(web)
    user.click(web.locator("#search").get_by_role("link", name="Sofie Jensen"), "the citizen")
    expect(web.get_by_role("heading", level=1)).to_have_text("Sofie Jensen")
    user.assert_at_most(MAX_INTERACTIONS, "Find a citizen by name")


def test_find_a_citizen_by_cpr_number(web: Any, user: Interactions, municipality: Any) -> None:
    user.start()
    web.fill("#search-q", municipality.plan.citizen.cpr.formatted)
    user.click(web.get_by_role("button", name="Søg"), "Søg")
    user.click(web.locator("#search").get_by_role("link", name="Sofie Jensen"), "the citizen")
    expect(web.get_by_role("heading", level=1)).to_have_text("Sofie Jensen")
    assert "/citizens/" in web.url and municipality.plan.citizen.cpr.digits[:6] not in web.url
    user.assert_at_most(MAX_INTERACTIONS, "Find a citizen by CPR number")


def test_record_a_follow_up_note(web: Any, user: Interactions) -> None:
    user.start()
    user.click(web.get_by_role("link", name="Sofie Jensen"), "the citizen")
    web.fill("#follow-up-note", "Ringede til Sofie. Hun har fået svar fra boligselskabet.")
    user.click(web.get_by_role("button", name="Registrér opfølgning"), "Registrér opfølgning")
    expect(web.get_by_text("Opfølgningen er registreret")).to_be_visible()
    expect(web.locator("#follow-ups-list")).to_contain_text("Hun har fået svar fra boligselskabet.")
    user.assert_at_most(MAX_INTERACTIONS, "Record a follow-up note")


def test_add_a_goal(web: Any, user: Interactions) -> None:
    user.start()
    user.click(web.get_by_role("link", name="Sofie Jensen"), "the citizen")
    user.choose("#goal-add-life_domain", "Bolig")
    web.fill("#goal-add-citizen_wording", "Jeg vil have min egen lejlighed inden sommer")
    user.click(web.get_by_role("button", name="Tilføj mål"), "Tilføj mål")
    expect(web.locator("#goals-list")).to_contain_text("Jeg vil have min egen lejlighed inden sommer")
    user.assert_at_most(MAX_INTERACTIONS, "Add a goal")
