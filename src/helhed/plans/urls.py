"""URLs of the web interface. Citizens are addressed by id, never by CPR number."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.plans import views

_citizen = "citizens/<int:citizen_id>/"

urlpatterns: list[URLPattern] = [
    path("", views.caseload, name="caseload"),
    path("search/", views.citizen_search, name="citizen_search"),
    path("citizens/new/", views.citizen_register, name="citizen_register"),
    path("plans/open/", views.plan_open, name="plan_open"),
    path("team/", views.team, name="team"),
    path("staff-options/", views.staff_options, name="staff_options"),
    path(_citizen, views.plan, name="plan"),
    path(_citizen + "refresh/", views.plan_refresh, name="plan_refresh"),
    path(_citizen + "history/", views.plan_history, name="plan_history"),
    path(_citizen + "edit/", views.PlanEdit.as_view(), name="plan_edit"),
    path(_citizen + "adopt/", views.PlanAdopt.as_view(), name="plan_adopt"),
    path(_citizen + "goals/new/", views.GoalAdd.as_view(), name="goal_add"),
    path(_citizen + "goals/<int:goal_id>/edit/", views.GoalEdit.as_view(), name="goal_edit"),
    path(_citizen + "interventions/new/", views.InterventionAdd.as_view(), name="intervention_add"),
    path(
        _citizen + "interventions/<int:intervention_id>/edit/",
        views.InterventionEdit.as_view(),
        name="intervention_edit",
    ),
    path(
        _citizen + "interventions/<int:intervention_id>/end/",
        views.InterventionEnd.as_view(),
        name="intervention_end",
    ),
    path(_citizen + "follow-ups/record/", views.FollowUpRecord.as_view(), name="follow_up_record"),
    path(_citizen + "follow-ups/new/", views.FollowUpSchedule.as_view(), name="follow_up_schedule"),
    path(_citizen + "notes/new/", views.NoteAdd.as_view(), name="note_add"),
    path(_citizen + "meetings/new/", views.MeetingAdd.as_view(), name="meeting_add"),
    path(_citizen + "transitions/new/", views.TransitionAdd.as_view(), name="transition_add"),
    path(_citizen + "network/new/", views.NetworkAdd.as_view(), name="network_add"),
]
