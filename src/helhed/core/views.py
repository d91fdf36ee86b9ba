"""How a page answers the domain's errors, in one place for every app: NotFound becomes the 404 page and
PermissionDenied the 403 page, each with the domain's message; a page may also answer a ValidationError
that escapes it (e.g. a bad period in the address) with a 400 page of its own. Log-in is required.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from helhed.core import errors

ViewFunc = Callable[..., HttpResponse]
BadRequest = Callable[[HttpRequest, errors.ValidationError], HttpResponse]
Anonymous = Callable[[HttpRequest], HttpResponse]


def domain_errors(*, bad_request: BadRequest | None = None,
                  anonymous: Anonymous | None = None) -> Callable[[ViewFunc], ViewFunc]:
    """A view decorator: log-in required, the domain's errors answered as pages.

    `bad_request` answers a ValidationError that reaches the view's edge (without it the error goes up);
    `anonymous` answers a request without a logged-in user instead of Django's `login_required` redirect.
    """

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if anonymous is not None and not request.user.is_authenticated:
                return anonymous(request)
            try:
                return view(request, *args, **kwargs)
            except errors.NotFound as e:
                raise Http404(str(e)) from e
            except errors.PermissionDenied as e:
                raise PermissionDenied(str(e)) from e
            except errors.ValidationError as e:
                if bad_request is None:
                    raise
                return bad_request(request, e)

        return wrapper if anonymous is not None else login_required(wrapper)

    return decorate
