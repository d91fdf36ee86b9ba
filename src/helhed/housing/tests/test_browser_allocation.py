"""Playwright: a caseworker in the allocating unit allocates a home in the demo data, in Danish (the
default language; labels are looked up through the catalogue); axe-core finds nothing serious or critical
on the pages on the way (the desk, the homes, the home with its candidates, the offer, the tenancy)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from helhed.housing.demo import housing_demo_write
from helhed.housing.models import Home, Tenancy
from helhed.housing.tests.conftest import World
from helhed.testing import factories as f
from helhed.testing.browser import axe_clean, chromium, log_in, tab

pytestmark = pytest.mark.browser



def da(message: str) -> str:
    with translation.override("da"):
        return translation.gettext(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def test_allocate_a_home_in_the_demo(
    browser: Any, live_server: Any, transactional_db: Any, world: World
) -> None:
    w = world
    for k in range(12):
        w.plans[f"demo{k}"] = f.plan(coordinator=w.coordinator, first_name=f"Demo{k}")
    units = {
        "oestervang": w.shelter,
        "boomraadet": w.root,
        "housing-first": w.support,
        "bostotte-nord": w.support,
        "socialvagten": w.eviction_team,
    }
    demo = housing_demo_write(random.Random(11), plans=list(w.plans.values()), units=units)
    allocator = demo.allocators[0]
    allocator.set_password(f.PASSWORD)
    allocator.save()
    vacant_before = Home.objects.filter(status="vacant").count()
    assert vacant_before >= 1

    with tab(browser, live_server.url, console=None) as page:
        log_in(page, allocator.username, f.PASSWORD)

        page.goto("/housing/")
        axe_clean(page)
        page.get_by_role("navigation", name=da("Housing First")).get_by_role("link", name=da("Homes")).click()
        page.wait_for_url("**/housing/homes/")
        axe_clean(page)

        # Choose a vacant home.
        row = page.locator("tbody tr", has_text=da("Vacant")).first
        address = row.locator("th a").inner_text()
        row.locator("th a").click()
        page.get_by_role("heading", name=da("Candidates, best first")).wait_for()

        # The ranked candidates, each with the reasons for the score.
        candidates = page.locator("li.helhed-candidate")
        assert candidates.count() >= 1
        first = candidates.first
        assert da("%(score)s points").replace("%(score)s", "").strip() in first.inner_text()
        first.locator("summary").click()
        reasons = first.locator("table.helhed-reasons")
        for criterion in (
            "Time homeless",
            "Support need",
            "Affordability",
            "District wish",
            "Dog or step-free fit",
        ):
            assert reasons.get_by_role("rowheader", name=da(criterion)).is_visible()
        axe_clean(page)

        # Decide: offer the home to number 1, then record the citizen's yes.
        assert first.locator("input[type=radio]").is_checked()
        page.get_by_role("button", name=da("Offer the home")).click()
        page.get_by_role("heading", name=da("Offered, waiting for the answer")).wait_for()
        axe_clean(page)
        page.get_by_role("button", name=da("Record yes: the tenancy starts")).click()
        page.get_by_role("heading", name=da("Let")).wait_for()
        axe_clean(page)
        assert not page.js_errors, page.js_errors

    home = Home.objects.get(address=address.rsplit(",", 1)[0])
    assert home.status == "let"
    assert Tenancy.objects.filter(home=home, ended_on__isnull=True).exists()
    assert Home.objects.filter(status="vacant").count() == vacant_before - 1
