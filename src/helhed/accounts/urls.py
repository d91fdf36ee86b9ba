"""URLs of the log-in. Everything a half-logged-in user may reach sits under /login/ (see middleware.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from helhed.accounts import views

urlpatterns: list[URLPattern] = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("login/two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("login/oidc/", views.oidc_login, name="oidc_login"),
    path("login/oidc/callback/", views.oidc_callback, name="oidc_callback"),
]
