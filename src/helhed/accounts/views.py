"""The log-in pages: password (Django's view, with django-axes counting failures), the TOTP steps, OIDC.

Thin: the rules live in two_factor.py and oidc.py; lockouts are django-axes's (settings.AXES_*).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhed.accounts import oidc, two_factor
from helhed.accounts.forms import CodeForm
from helhed.core.errors import PermissionDenied
from helhed.people.models import User

NEXT_SESSION_KEY = "helhed_oidc_next"


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.enabled()
        return context


def locked_out(request: HttpRequest, response: HttpResponse | None = None,
               credentials: dict[str, object] | None = None) -> HttpResponse:
    """django-axes's answer once a user name or an address is locked (AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"lockout_minutes": minutes}, status=429)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("caseload")


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required has run
    return user


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not two_factor.has_device(user):
        return HttpResponseRedirect(reverse("two_factor_enrol") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request=request, user=user, token=form.cleaned_data["code"]):
            return HttpResponseRedirect(next_url)
        form.add_error("code", _("The code is wrong or too old. Type the code your app shows now."))
    status = 422 if form.errors else 200
    return render(request, "registration/two_factor_verify.html",
                  {"form": form, "next": next_url}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if two_factor.has_device(user) and not two_factor.is_satisfied(request):
        # Replacing an authenticator takes the old one's code first; otherwise a stolen password would do.
        return HttpResponseRedirect(reverse("two_factor_verify") + "?" + request.GET.urlencode())
    device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.enrolment_confirm(request=request, device=device, token=form.cleaned_data["code"]):
            messages.success(request, _("Two-factor log-in is set up. Keep the app on your phone."))
            return HttpResponseRedirect(next_url)
        form.add_error("code", _("The code is wrong or too old. Type the code your app shows now."))
    status = 422 if form.errors else 200
    return render(request, "registration/two_factor_enrol.html", {
        "form": form, "next": next_url, "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
    }, status=status)


@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        return HttpResponseRedirect(reverse("login"))
    request.session[NEXT_SESSION_KEY] = _safe_next(request, request.GET.get("next"))
    return oidc.authorize_redirect(request, request.build_absolute_uri(reverse("oidc_callback")))


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        return HttpResponseRedirect(reverse("login"))
    next_url = request.session.pop(NEXT_SESSION_KEY, None)
    try:
        answer = oidc.authenticate_callback(request)
    except PermissionDenied as refused:
        return render(request, "registration/oidc_refused.html", {"message": refused.message}, status=403)
    login(request, answer.user, backend=oidc.BACKEND)
    if answer.id_token:
        request.session[oidc.ID_TOKEN_SESSION_KEY] = answer.id_token
    if two_factor.idp_second_factor(answer.claims):
        request.session[two_factor.IDP_MFA_SESSION_KEY] = True
    return HttpResponseRedirect(_safe_next(request, next_url))


class LogoutView(auth_views.LogoutView):
    """Log out of Helhed; after a log-in through the organisation's provider, out of the provider too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(oidc.ID_TOKEN_SESSION_KEY)
        response: HttpResponse = super().post(request, *args, **kwargs)
        if isinstance(id_token, str) and id_token and oidc.enabled():
            url = oidc.logout_url(id_token, request.build_absolute_uri(reverse("login")))
            if url:
                return HttpResponseRedirect(url)
        return response
