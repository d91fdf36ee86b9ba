"""Danish by default: the interface language is the one the user chose, else Danish.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a caseworker whose browser
happens to be English would get English. The municipality's working language is Danish; English is there
for whoever picks it (the language switch sets a cookie, which LocaleMiddleware still honours).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DanishByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
