"""The access log in the REST API: `GET /api/v1/citizens/{citizen_id}/access-log`.

access sits below plans, so it cannot import the shared error schemas of plans/api_common.py; helhed.api
builds this router with them (`access_log_router(errors=ERRORS)`), so the operation documents the same
400/401/403/404/422 answers as every other. Same rule as the web page: staff who may view the citizen;
404 for anyone else; the look is itself logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from helhed.access.access_log import AccessLog, citizen_access_log
from helhed.people.models import User

MAX_ID = 2**63 - 1
CITIZEN_ID = Path(..., ge=1, le=MAX_ID, description="The citizen's id")


class AccessLogEntryOut(Schema):
    at: dt.datetime = Field(description="When.")
    staff_name: str = Field(description="The staff member's name as it was then ('' for the system).")
    unit: str = Field(description="The unit they worked in then.")
    role: str = Field(description="Their role.")
    purpose: str = Field(description="Why, in plain words.")
    break_the_glass: bool = Field(description="Opened without a work relation, by breaking the glass.")
    reason: str = Field(description="The reason given for a break-the-glass access ('' otherwise).")


class AccessLogOut(Schema):
    citizen_id: int
    entries: list[AccessLogEntryOut] = Field(description="Newest first, at most `limit`.")
    limit: int


def access_log_router(*, errors: dict[int, Any]) -> Router:
    router = Router()

    @router.get("/citizens/{citizen_id}/access-log", response={**errors, 200: AccessLogOut},
                tags=["citizens"], summary="Who has looked at the citizen's data: staff, unit, when, why")
    def access_log_get(request: HttpRequest, citizen_id: int = CITIZEN_ID) -> AccessLog:
        actor = cast(User, request.auth)  # type: ignore[attr-defined]
        return citizen_access_log(actor=actor, citizen_id=citizen_id)

    return router
