"""URLs of the staircase pages, mounted at /staircase/ (namespace `staircase`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.staircase import views

app_name = "staircase"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("steps/<int:step_id>/cost/", views.step_cost, name="step_cost"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/<slug:slug>/", views.scenario, name="scenario"),
    path("scenarios/<slug:slug>/report.pdf", views.scenario_pdf, name="scenario_pdf"),
    path("flows/", views.flows, name="flows"),
    path("citizens/<int:citizen_id>/", views.citizen, name="citizen"),
]
