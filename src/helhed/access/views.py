"""The web page of a citizen's access log (who has looked at my data). Thin: one selector, one template."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhed.access.access_log import citizen_access_log
from helhed.core import errors
from helhed.people.models import User


@require_GET
@login_required
def access_log(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Staff who may view the citizen see what the citizen will see in the portal; the look is logged."""
    try:
        log = citizen_access_log(actor=cast(User, request.user), citizen_id=citizen_id)
    except errors.NotFound as e:
        raise Http404(str(e)) from e
    except errors.PermissionDenied as e:
        raise HttpPermissionDenied(str(e)) from e
    return render(request, "access/access_log.html", {"log": log, "nav": "caseload"})
