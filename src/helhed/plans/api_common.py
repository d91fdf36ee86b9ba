"""What every API router shares: the error responses, the acting user, a bounded path id.

Routers of the apps built on the plan (outcomes, staircase, housing) import these instead of keeping copies.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja import Path

from helhed.people.models import User
from helhed.plans.schemas import MAX_ID, ErrorOut, ValidationErrorOut

# Every operation may answer these; 404 also stands for "exists, but you do not work with the citizen".
ERRORS: dict[int, Any] = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut,
}


def responses(ok: dict[int, Any], conflict: Any = None) -> dict[int, Any]:
    """The operation's own responses over the shared error responses (an operation may refine a 400)."""
    return {**ERRORS, **ok, **({409: conflict} if conflict else {})}


def actor(request: HttpRequest) -> User:
    """The authenticated staff member (set by the bearer-token auth of helhed.api)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


def path_id(description: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=description)
