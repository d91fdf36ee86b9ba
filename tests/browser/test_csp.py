"""Every kind of page works under the strict Content Security Policy (no inline script or style, no eval):
Chromium reports any violation on the console, and this test fails on the first one. The charts must be
drawn (Vega evaluates its expressions with vega-interpreter, not with `new Function`).

The data is the demo municipality (synth.build_demo) at a small size, so every part of Helhed has something
to show: plans, outcome histories with charts, the staircase, Housing First with shelters and homes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from helhed.housing.models import Shelter
from helhed.outcomes.models import Assessment
from helhed.people.models import User
from helhed.plans.models import Plan
from helhed.synth.demo import build_demo
from helhed.synth.generator import municipality
from helhed.testing import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: Any) -> None:
    build_demo(municipality(seed=11, citizens=24, today=timezone.localdate()))


@pytest.fixture
def visit(web: Any, live_server: Any) -> Callable[[User, str], Any]:
    """Open `path` as `user` (a session made by Django's test client, handed to the browser) and fail on any
    CSP violation, script error or error status."""
    violations: list[str] = []
    web.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text
           else None)

    def go(user: User, path: str) -> Any:
        client = Client()
        client.force_login(user)
        web.context.clear_cookies()
        web.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                  "url": live_server.url}])
        response = web.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert "default-src 'self'" in response.headers.get("content-security-policy", "")
        web.wait_for_load_state("networkidle")
        for chart in web.locator("[data-outcome-chart], [data-vega-spec], [data-goal-chart]").all():
            expect(chart).to_have_attribute("data-drawn", "true")
        assert not violations, f"{path}: {violations}"
        assert not web.js_errors, f"{path}: {web.js_errors}"
        return web

    return go


def test_every_kind_of_page_runs_under_the_csp(demo: None, visit: Callable[[User, str], Any]) -> None:
    assessed = Assessment.objects.values_list("citizen_id", flat=True).first()
    assert assessed is not None
    plan = Plan.objects.select_related("coordinator").filter(citizen_id=assessed).first()
    assert plan is not None
    coordinator = plan.coordinator
    visit(coordinator, "/")
    visit(coordinator, f"/citizens/{plan.citizen_id}/")
    progress = visit(coordinator, f"/outcomes/citizens/{plan.citizen_id}/")
    expect(progress.locator("[data-outcome-chart][data-drawn=true]").first).to_be_visible()
    visit(coordinator, "/outcomes/what-works/")
    visit(coordinator, "/housing/")

    leader = User.objects.filter(role="team_leader").order_by("pk").first()
    assert leader is not None
    visit(leader, "/team/")
    visit(leader, "/staircase/")
    visit(leader, "/staircase/flows/")
    scenario = visit(leader, "/staircase/scenarios/")
    href = scenario.locator("main a[href*='/staircase/scenarios/']").first.get_attribute("href")
    expect(visit(leader, href).locator("[data-vega-spec][data-drawn=true]").first).to_be_visible()
    visit(coordinator, f"/staircase/citizens/{plan.citizen_id}/")

    shelter = Shelter.objects.select_related("unit").first()
    assert shelter is not None
    shelter_staff = User.objects.filter(unit=shelter.unit).first()
    assert shelter_staff is not None
    visit(shelter_staff, f"/housing/shelters/{shelter.unit_id}/")
    visit(leader, "/housing/figures/")
    analyst = User.objects.filter(role="analyst").first()
    if analyst is not None and "helhed.analytics" in settings.INSTALLED_APPS:
        visit(analyst, "/goals/")


def test_the_log_in_pages_run_under_the_csp(transactional_db: Any, visit: Callable[[User, str], Any],
                                            web: Any, settings: Any) -> None:
    settings.HELHED_REQUIRE_2FA = True
    user = f.staff("caseworker", unit_=f.unit("Team Udsatte Voksne"))
    visit(user, "/login/two-factor/enrol/")
    expect(web.locator(".helhed-qr svg")).to_be_visible()


def test_chromium_reports_a_violation_where_the_test_listens(web: Any) -> None:
    """The check above would pass vacuously if violations did not reach the console: show that they do."""
    seen: list[str] = []
    web.on("console", lambda msg: seen.append(msg.text))
    web.route("**/csp-probe", lambda route: route.fulfill(
        body="<!DOCTYPE html><p style='color: red'>x</p>", content_type="text/html",
        headers={"Content-Security-Policy": "style-src 'self'"}))
    web.goto("/csp-probe")
    web.wait_for_timeout(200)
    assert any("Content Security Policy" in text for text in seen)
    # The `web` fixture heard it too; it was caused on purpose, so it must not fail the test at teardown.
    assert web.csp_violations
    web.csp_violations.clear()


def test_the_api_docs_run_under_the_csp(web: Any) -> None:
    """Swagger UI from django-ninja's own static files ("ninja" in INSTALLED_APPS), not from a CDN."""
    violations: list[str] = []
    web.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text
           else None)
    response = web.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    expect(web.locator(".swagger-ui .title")).to_contain_text("Helhed API")
    assert not violations, violations
