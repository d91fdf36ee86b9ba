"""The policy-goal pages (pejlemærker): the dashboard, one indicator in depth, the committee PDF and the
results as CSV and Excel. Thin views: parse the period, call one selector, render. Every figure comes from
`selectors`, which publishes only suppressed figures (ADR 0401). Never a business rule here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from helhed.analytics import report, selectors
from helhed.core import errors
from helhed.core.views import domain_errors
from helhed.people.models import User


def _bad_period(request: HttpRequest, e: errors.ValidationError) -> HttpResponse:
    return render(request, "analytics/bad_period.html", {"nav": "goals", "error": str(e)}, status=400)


# Log-in required; NotFound answers 404, PermissionDenied 403, a bad period 400 with its message.
goal_view = domain_errors(bad_request=_bad_period)


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _period(request: HttpRequest) -> str | None:
    return request.GET.get("period", "").strip() or None


def _with_charts(status: selectors.IndicatorStatus, prefix: str, height: int) -> dict[str, Any]:
    return {"status": status, "chart": report.trend_spec(status, height=height),
            "chart_id": f"{prefix}-{status.indicator.code}", "text": report.goal_text(status)}


@require_GET
@goal_view
def dashboard(request: HttpRequest) -> HttpResponse:
    overview = selectors.goal_overview(actor=_actor(request), period=_period(request))
    goals = [_with_charts(s, "trend", 120) for s in overview.statuses]
    return render(request, "analytics/dashboard.html", {"nav": "goals", "overview": overview, "goals": goals})


@require_GET
@goal_view
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.goal_detail(actor=_actor(request), code=code, period=_period(request))
    context = {"nav": "goals", "page": page, **_with_charts(page.status, "trend", 220)}
    return render(request, "analytics/indicator.html", context)


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export_period(request: HttpRequest) -> str:
    period = _period(request) or selectors.default_period(selectors.result_periods())
    if period is None:
        raise errors.NotFound(_("No indicator results yet."))
    return period


@require_GET
@goal_view
def committee_report(request: HttpRequest) -> HttpResponse:
    period = _export_period(request)
    statuses = selectors.committee_statuses(actor=_actor(request), period=period)
    pdf = report.committee_pdf(statuses, period=period, base_url=request.build_absolute_uri("/"))
    return _file(pdf, "application/pdf", f"pejlemaerker-{period}.pdf")


@require_GET
@goal_view
def results_csv(request: HttpRequest) -> HttpResponse:
    period = _export_period(request)
    rows = selectors.published_results(actor=_actor(request), period=period)
    return _file(report.results_csv(rows), "text/csv; charset=utf-8", f"pejlemaerker-{period}.csv")


@require_GET
@goal_view
def results_xlsx(request: HttpRequest) -> HttpResponse:
    period = _export_period(request)
    rows = selectors.published_results(actor=_actor(request), period=period)
    return _file(report.results_xlsx(rows),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 f"pejlemaerker-{period}.xlsx")
