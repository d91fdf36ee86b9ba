"""URLs of the policy-goal pages, under /goals/. Indicators are addressed by their code."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.analytics import views

app_name = "analytics"

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("report.pdf", views.committee_report, name="committee_report"),
    path("results.csv", views.results_csv, name="results_csv"),
    path("results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<slug:code>/", views.indicator, name="indicator"),
]
