"""The shared view decorator: the domain's errors become 404, 403 or the page's own 400, and log-in is
required (Django's redirect, or the page's own answer to an anonymous request)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from helhed.core import errors
from helhed.core.views import domain_errors


class Someone:
    is_authenticated = True


def _request(user: object) -> HttpRequest:
    request = RequestFactory().get("/goals/?period=2026Q9")
    request.user = user  # type: ignore[assignment]
    return request


def _raising(error: Exception) -> HttpResponse:
    raise error


@pytest.mark.parametrize(
    ("error", "answer"),
    [(errors.NotFound("no such plan"), Http404), (errors.PermissionDenied("not yours"), PermissionDenied)],
)
def test_not_found_and_permission_denied_become_404_and_403_with_the_message(
    error: errors.DomainError, answer: type[Exception]
) -> None:
    view = domain_errors()(lambda request: _raising(error))
    with pytest.raises(answer, match=str(error)):
        view(_request(Someone()))


def test_a_validation_error_goes_up_unless_the_page_answers_it() -> None:
    bad = errors.ValidationError("no such quarter")
    with pytest.raises(errors.ValidationError):
        domain_errors()(lambda request: _raising(bad))(_request(Someone()))
    page = domain_errors(bad_request=lambda request, e: HttpResponse(str(e), status=400))
    response = page(lambda request: _raising(bad))(_request(Someone()))
    assert response.status_code == 400 and response.content == b"no such quarter"


def test_log_in_is_required() -> None:
    called: list[HttpRequest] = []

    def page(request: HttpRequest) -> HttpResponse:
        called.append(request)
        return HttpResponse("ok")

    view = domain_errors()(page)
    response = view(_request(AnonymousUser()))
    assert response.status_code == 302 and "/login/" in response["Location"] and not called
    own = domain_errors(anonymous=lambda request: HttpResponse(status=204))
    assert own(lambda request: HttpResponse("ok"))(_request(AnonymousUser())).status_code == 204
    assert view(_request(Someone())).content == b"ok" and len(called) == 1
