"""URLs of the outcomes pages, under /outcomes/. Citizens are addressed by id, never by CPR number."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.outcomes import views

app_name = "outcomes"
_citizen = "citizens/<int:citizen_id>/"

urlpatterns: list[URLPattern] = [
    path("what-works/", views.what_works, name="what_works"),
    path("instruments/", views.instruments, name="instruments"),
    path(_citizen, views.progress, name="progress"),
    path(_citizen + "assessments/new/", views.assessment_new, name="assessment_new"),
    path(
        _citizen + "assessments/<int:assessment_id>/withdraw/",
        views.assessment_withdraw,
        name="assessment_withdraw",
    ),
    path(_citizen + "goals/<int:goal_id>/scale/", views.goal_scale, name="goal_scale"),
    path(_citizen + "stories/new/", views.story_new, name="story_new"),
    path(_citizen + "stories/<int:story_id>/consent/", views.story_consent, name="story_consent"),
]
