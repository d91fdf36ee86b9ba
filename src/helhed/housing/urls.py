"""URLs of the housing pages, mounted at /housing/."""

from django.urls import path

from helhed.housing import views

app_name = "housing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("homes/", views.home_list, name="homes"),
    path("homes/new/", views.home_create, name="home_create"),
    path("homes/<int:home_id>/", views.home, name="home"),
    path("homes/<int:home_id>/offer/", views.home_offer, name="home_offer"),
    path("homes/<int:home_id>/offers/<int:offer_id>/accept/", views.offer_accept, name="offer_accept"),
    path("homes/<int:home_id>/offers/<int:offer_id>/refuse/", views.offer_refuse, name="offer_refuse"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_page, name="round"),
    path("citizens/<int:citizen_id>/", views.citizen, name="citizen"),
    path("citizens/<int:citizen_id>/status/", views.citizen_status, name="citizen_status"),
    path("citizens/<int:citizen_id>/application/", views.citizen_application, name="citizen_application"),
    path("citizens/<int:citizen_id>/follow-up/", views.tenancy_follow_up, name="tenancy_follow_up"),
    path(
        "citizens/<int:citizen_id>/tenancies/<int:tenancy_id>/support/",
        views.tenancy_support,
        name="tenancy_support",
    ),
    path("shelters/<int:shelter_id>/", views.shelter, name="shelter"),
    path("shelters/<int:shelter_id>/check-in/", views.shelter_check_in, name="shelter_check_in"),
    path("shelters/<int:shelter_id>/check-out/", views.shelter_check_out, name="shelter_check_out"),
    path("notices/", views.notices, name="notices"),
    path("notices/import/", views.notices_import, name="notices_import"),
    path("notices/outcome/", views.notice_resolve, name="notice_resolve"),
    path("notices/export.csv", views.notices_export, name="notices_export"),
    path("figures/", views.figures, name="figures"),
]
