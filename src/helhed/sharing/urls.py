"""URLs of consent, statutory sharing and break-the-glass, under /sharing/. Citizens by id, never CPR."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.sharing import views

app_name = "sharing"
_citizen = "citizens/<int:citizen_id>/"

urlpatterns: list[URLPattern] = [
    path(_citizen, views.citizen_sharing, name="citizen"),
    path(_citizen + "section/", views.citizen_sharing_section, name="section"),
    path(_citizen + "consents/new/", views.consent_give, name="consent_give"),
    path(_citizen + "statutory/new/", views.statutory_record, name="statutory_record"),
    path(_citizen + "records/<int:record_pk>/end/", views.sharing_end, name="sharing_end"),
    path("receipts/<uuid:record_id>.json", views.receipt, name="receipt"),
    path(_citizen + "break-glass/", views.break_glass_open, name="break_glass_open"),
    path("break-glass/review/", views.break_glass_reviews, name="break_glass_reviews"),
    path("break-glass/<int:grant_id>/review/", views.break_glass_review, name="break_glass_review"),
]
