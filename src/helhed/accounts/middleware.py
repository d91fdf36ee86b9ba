"""Two rules of the web log-in that hold on every page: the idle timeout and the second factor.

- IdleTimeoutMiddleware: a log-in without a request for HELHED_SESSION_IDLE_SECONDS ends (the absolute
  age, SESSION_COOKIE_AGE, still applies on top). A screen left open in a shared office must not stay open.
- RequireTwoFactorMiddleware: a member of staff logged in with a password, but not yet verified with a
  TOTP code, reaches only the log-in pages until they are (enrol first if they have no device).

Neither touches the REST API: it authenticates each request with a bearer token and has no session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from helhed.accounts import two_factor

LAST_SEEN_KEY = "helhed_last_seen"
# Writing the session on every request would cost a write per click; a minute's resolution is enough.
LAST_SEEN_RESOLUTION = 60
# Paths a half-logged-in user may reach: the log-in pages themselves, logging out, the language switch,
# static files, and the API (bearer tokens, never a session).
OPEN_PREFIXES = ("/login/", "/logout/", "/i18n/", "/api/")


def _redirect(request: HttpRequest, to: str) -> HttpResponse:
    """A redirect that also works for htmx, which would otherwise swap the target page into a fragment."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    return HttpResponseRedirect(to)


def _is_open(path: str) -> bool:
    return path.startswith((*OPEN_PREFIXES, settings.STATIC_URL))


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.HELHED_SESSION_IDLE_SECONDS:
                logout(request)
                minutes = settings.HELHED_SESSION_IDLE_SECONDS // 60
                messages.info(request, _("You were logged out after %(minutes)d minutes without activity. "
                                         "Log in again to go on.") % {"minutes": minutes})
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return _redirect(request, reverse("login") + (f"?{query}" if query else ""))
            if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not _is_open(request.path)
            and two_factor.required_for(request)
            and not two_factor.is_satisfied(request)
        ):
            step = "two_factor_verify" if two_factor.has_device(user) else "two_factor_enrol"
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return _redirect(request, reverse(step) + (f"?{query}" if query else ""))
        return self.get_response(request)
