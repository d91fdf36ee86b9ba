from django.contrib import admin
from django.urls import include, path

from helhed.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("outcomes/", include("helhed.outcomes.urls")),
    path("staircase/", include("helhed.staircase.urls")),
    path("housing/", include("helhed.housing.urls")),
    path("sharing/", include("helhed.sharing.urls")),
    path("goals/", include("helhed.analytics.urls")),
    path("", include("helhed.accounts.urls")),  # before plans: the log-in pages (plans' old ones shadowed)
    path("", include("helhed.access.urls")),
    path("", include("helhed.plans.urls")),
]
