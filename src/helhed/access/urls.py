"""URLs of the access log pages (mounted at the root by helhed.urls, beside the plan's pages)."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.access import views

urlpatterns: list[URLPattern] = [
    path("citizens/<int:citizen_id>/access-log/", views.access_log, name="access_log"),
]
