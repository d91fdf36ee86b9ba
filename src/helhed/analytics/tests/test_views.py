"""The policy-goal pages through Django's test client: who may see them, Danish and English, the dashboard,
a drill-down with suppressed breakdowns, a bad period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from helhed.analytics.choices import RunStatus
from helhed.analytics.models import IndicatorRun
from helhed.analytics.periods import period_of
from helhed.analytics.selectors import default_period
from helhed.analytics.tests import publishing
from helhed.analytics.tests.publishing import COUNT, NO_DATA, SHARE
from helhed.testing.clients import english_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indicators() -> Iterator[None]:
    yield from publishing.registered()


@pytest.fixture
def people(db: None) -> SimpleNamespace:
    publishing.figures()
    return publishing.staff()


def client_for(user: object, *, english: bool = True) -> Client:
    client = english_client() if english else Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_an_anonymous_visitor_is_sent_to_log_in(people: SimpleNamespace) -> None:
    for url in ("/goals/", f"/goals/{SHARE}/", "/goals/report.pdf", "/goals/results.csv"):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_only_staff_who_steer_see_the_goals(people: SimpleNamespace) -> None:
    for user in (people.analyst, people.leader, people.admin):
        assert client_for(user).get("/goals/").status_code == 200
    for user in (people.caseworker, people.provider):
        for url in ("/goals/", f"/goals/{SHARE}/", "/goals/results.csv"):
            assert client_for(user).get(url).status_code == 403, (user.role, url)
    assert 'href="/goals/"' in client_for(people.leader).get("/goals/").content.decode()
    assert 'href="/goals/"' not in client_for(people.caseworker).get("/").content.decode()


def test_the_dashboard_in_english(people: SimpleNamespace) -> None:
    page = client_for(people.analyst).get("/goals/").content.decode()
    assert "Policy goals" in page and "Share housed within three months" in page
    assert "48.0 %" in page and "Latest (2026Q3)" in page
    assert "≥ 50.0 %" in page  # baseline 40 + 10 points
    assert "goal-light--green" in page and "on track" in page  # 8 of 10 points, three quarters of the time
    assert "Citizens in ordinary jobs" in page and "No data yet" in page
    assert f'href="/goals/{SHARE}/?period=2026Q3"' in page
    assert 'data-goal-chart="trend-test-housed-share"' in page and 'type="application/json"' in page
    assert "analytics/charts.js" in page and "<script>" not in page and 'style="' not in page
    assert "/goals/report.pdf?period=2026Q3" in page and "/goals/results.xlsx?period=2026Q3" in page
    assert f'/goals/{SHARE}/?period=2026Q3#breakdown-heading' in page


def test_the_dashboard_in_danish_by_default(people: SimpleNamespace) -> None:
    page = client_for(people.analyst, english=False).get("/goals/").content.decode()
    assert "Pejlemærker" in page and "Seneste (2026Q3)" in page
    assert "48,0 %" in page and "Ingen data endnu" in page


def test_an_earlier_period_shows_the_figures_as_they_were(people: SimpleNamespace) -> None:
    page = client_for(people.analyst).get("/goals/", {"period": "2026Q2"}).content.decode()
    assert "45.0 %" in page and "48.0 %" not in page and "Latest (2026Q2)" in page
    bad = client_for(people.analyst).get("/goals/", {"period": "2026Q7"})
    assert bad.status_code == 400 and "is not a period" in bad.content.decode()


def test_the_quarter_still_running_is_not_the_default(people: SimpleNamespace) -> None:
    running = period_of(timezone.localdate())
    run = IndicatorRun.objects.create(period=running, status=RunStatus.DONE, done=1, total=1)
    publishing.result(run, SHARE, running, "", "", 7, 100)
    page = client_for(people.analyst).get("/goals/").content.decode()
    assert "48.0 %" in page and "7.0 %" not in page and "Latest (2026Q3)" in page
    assert "up to and including 2026Q3, the latest completed period" in page
    assert f'<option value="{running}">{running} (still running)</option>' in page
    detail = client_for(people.analyst).get(f"/goals/{SHARE}/").content.decode()
    assert "Latest (2026Q3)" in detail and "7.0 %" not in detail
    assert 'filename="pejlemaerker-2026Q3.csv"' in client_for(people.analyst).get(
        "/goals/results.csv")["Content-Disposition"]
    shown = client_for(people.analyst).get("/goals/", {"period": running}).content.decode()
    assert "7.0 %" in shown and "still running, so its figures are not final" in shown
    danish = client_for(people.analyst, english=False).get("/goals/").content.decode()
    assert "den seneste afsluttede periode" in danish and "(ikke afsluttet)" in danish


def test_the_default_period_is_the_latest_completed() -> None:
    periods = ["2026Q4", "2026Q3", "2025"]
    assert default_period(periods, dt.date(2026, 12, 4)) == "2026Q3"
    assert default_period(periods, dt.date(2027, 1, 1)) == "2026Q4"  # the quarter's end is exclusive
    assert default_period(["2026Q4"], dt.date(2026, 12, 4)) == "2026Q4"  # nothing completed: the newest
    assert default_period([], dt.date(2026, 12, 4)) is None


def test_the_drill_down_shows_the_definition_and_suppressed_breakdowns(people: SimpleNamespace) -> None:
    page = client_for(people.leader).get(f"/goals/{SHARE}/").content.decode()
    assert "Citizens homeless at the start of the period" in page and "Housed within three months" in page
    assert "test seed, goal 1" in page and "Socialudvalget" in page
    assert "2026Q1" in page and "40.0 %" in page and "45.0 %" in page  # history
    assert "By unit" in page and "By district" in page and "By target group" in page
    assert "Young adults (18-29)" in page and "not known" in page
    assert "Team Lille" in page and "fewer than 5" in page
    assert "hidden, so that a small figure cannot be worked out" in page  # Team Mellem
    assert "55.0 %" in page and "33 / 60" in page  # Team Stor is published
    assert "3 / 10" not in page and "12 / 30" not in page and "30.0 %" not in page
    assert "In 2026Q3 the figure was 48.0 %." in page and "has risen by 8.0 %" in page


def test_a_goal_with_no_data_yet_and_an_unknown_code(people: SimpleNamespace) -> None:
    page = client_for(people.analyst).get(f"/goals/{NO_DATA}/").content.decode()
    assert "No data yet: Helhed does not yet hold the data this goal needs." in page and "employment" in page
    assert client_for(people.analyst).get("/goals/no-such-goal/").status_code == 404


def test_the_drill_down_in_danish(people: SimpleNamespace) -> None:
    page = client_for(people.analyst, english=False).get(f"/goals/{COUNT}/").content.decode()
    assert "Evictions carried out" in page  # names come from the definition
    assert "færre end 5" in page and "Opdelt" in page
    share = client_for(people.analyst, english=False).get(f"/goals/{SHARE}/").content.decode()
    assert "Unge voksne (18-29 år)" in share and "ukendt" in share


def test_a_year_is_not_drawn_among_quarters(people: SimpleNamespace) -> None:
    from helhed.analytics.models import IndicatorRun

    run = IndicatorRun.objects.create(period="2025", status="done")
    publishing.result(run, SHARE, "2025", "", "", 39, 100)
    page = client_for(people.analyst).get(f"/goals/{SHARE}/").content.decode()
    assert "Latest (2026Q3)" in page and "39.0 %" not in page
    year = client_for(people.analyst).get(f"/goals/{SHARE}/", {"period": "2025"}).content.decode()
    assert "Latest (2025)" in year and "39.0 %" in year and "2026Q1" not in year


def test_a_baseline_about_fewer_than_5_is_not_published(people: SimpleNamespace) -> None:
    """The demo sets baselines to the municipality's own figure; one of 1-4 citizens stays hidden, and so
    does a target level computed from it (baseline + change)."""
    from helhed.analytics.models import IndicatorRun, Target

    run = IndicatorRun.objects.create(period="2025Q4", status="done")
    publishing.result(run, SHARE, "2025Q4", "", "", 3, 40)  # 7.5 %: three citizens
    Target.objects.filter(indicator_code=SHARE).update(baseline_value=7.5, baseline_period="2025Q4")
    page = client_for(people.analyst).get(f"/goals/{SHARE}/").content.decode()
    assert "fewer than 5 (2025Q4)" in page and "+10.0 % from the baseline" in page
    assert "7.5 %" not in page and "17.5" not in page and '"Baseline"' not in page
    assert "Since the baseline" not in page and "Progress from baseline" not in page
    dashboard = client_for(people.analyst).get("/goals/").content.decode()
    assert "+10.0 % from the baseline" in dashboard and "17.5" not in dashboard


def test_a_population_of_nobody_says_so(people: SimpleNamespace) -> None:
    run = IndicatorRun.objects.create(period="2026Q4", status="done")
    publishing.result(run, SHARE, "2026Q4", "", "", 0, 0)
    page = client_for(people.analyst).get(f"/goals/{SHARE}/", {"period": "2026Q4"}).content.decode()
    assert "no one in the population" in page
    assert "In 2026Q4 no citizen was in the population this goal counts." in page
