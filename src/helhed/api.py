"""The REST API (django-ninja) under /api/v1/. Routers live in each app's api.py.

- Authentication: `Authorization: Bearer <token>` (tokens from `helhed token create USERNAME`); a
  missing, unknown or revoked token, or one of an inactive user, answers 401.
- Every operation runs with English active, so domain messages (`detail`), choice labels and coherence
  findings are in English whatever the Accept-Language or language cookie says.
- Query parameters an operation does not declare answer 422, like any other input outside the schema.
- Domain errors answer their `status_code` with `{"detail": ..., "field": ...}`; a Conflict (409) also
  carries the saved version (`current`) and what the client sent (`yours`). A citizen the user does not
  work with answers 404 exactly like one that does not exist. Input that does not fit the schemas answers
  422 as ninja does.
The OpenAPI document is at /api/v1/openapi.json, the browsable docs at /api/v1/docs.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.params.models import QueryModel
from ninja.security import HttpBearer

from helhed.access.api import access_log_router
from helhed.access.tokens import token_authenticate
from helhed.core.errors import Conflict, DomainError
from helhed.housing.api import router as housing_router
from helhed.outcomes.api import router as outcomes_router
from helhed.people.models import User
from helhed.plans.api import router as plans_router
from helhed.plans.api_common import ERRORS
from helhed.plans.schemas import conflict_current
from helhed.sharing.api import router as sharing_router
from helhed.staircase.api import router as staircase_router


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`: the token's active user becomes the actor of every call."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(token)
        if user is not None:
            # Services record history with request.user where they do not name the actor themselves.
            request.user = user
        return user


def _query_names(run: Callable[..., HttpResponse]) -> set[str] | None:
    """The query parameters an operation declares (None if `run` is not an operation's bound run)."""
    operation = getattr(run, "__self__", None)
    if operation is None:
        return None
    return {name for model in operation.models if issubclass(model, QueryModel)
            for name in getattr(model, "__ninja_flatten_map__", model.model_fields)}


def _api_view(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a whole operation (auth, parsing, handler, error rendering): in English, and refusing query
    parameters it does not declare (422, like any other input outside the OpenAPI document)."""
    declared = _query_names(run)

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        unknown = sorted(set(request.GET) - declared) if declared is not None else []
        if unknown:
            response = api.create_response(request, {"detail": [
                {"type": "extra_forbidden", "loc": ["query", name], "msg": "Unknown query parameter"}
                for name in unknown
            ]}, status=422)
        else:
            with translation.override("en"):
                response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = "en"
        return response

    return wrapper


api = NinjaAPI(
    title="Helhed API",
    version="1",
    description=(
        "One coordinated plan per socially vulnerable citizen. Authenticate with `Authorization: Bearer "
        "<token>` (`helhed token create USERNAME`). The same access rules and audit log apply as in the "
        "web pages: a citizen you do not work with answers 404, exactly like one that does not exist. "
        "Updates carry the `version` you read; if someone saved first you get 409 with the saved version."
    ),
    urls_namespace="api",
    auth=BearerToken(),
)
api.add_decorator(_api_view, mode="view")
api.add_router("", plans_router)
api.add_router("", access_log_router(errors=ERRORS))
api.add_router("/staircase", staircase_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/housing", housing_router)
api.add_router("/sharing", sharing_router)


def _submitted(request: HttpRequest) -> dict[str, Any] | None:
    """The JSON object the client sent, to hand back beside the saved version on a conflict."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    with translation.override("en"):
        body: dict[str, Any] = {"detail": str(exc.message), "field": exc.field}
        if isinstance(exc, Conflict):
            body["current"] = conflict_current(exc.current)
            body["yours"] = _submitted(request)
    return api.create_response(request, body, status=exc.status_code)
