"""Web pages of sharing: the consent section of the plan page, the receipt download, break-the-glass and
its review list. Thin: parse with a form, call one service or selector, render. No rule lives here."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhed.core import errors
from helhed.people.models import User
from helhed.plans.views import domain_view
from helhed.sharing import forms, selectors, services


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _submit(form: Any, call: Any) -> Any:
    """The service's result, or None with the domain error on the form (NotFound/PermissionDenied go up)."""
    if not form.is_valid():
        return None
    try:
        return call(**form.service_kwargs()) if hasattr(form, "service_kwargs") else call(**form.cleaned_data)
    except (errors.NotFound, errors.PermissionDenied):
        raise
    except errors.DomainError as e:
        form.add_error(e.field if e.field in form.fields else None, str(e.message))
        return None


def _page(request: HttpRequest, citizen_id: int, *, consent: Any = None, statutory: Any = None,
          status: int = 200) -> HttpResponse:
    data = selectors.citizen_sharing(actor=_actor(request), citizen_id=citizen_id)
    return render(request, "sharing/citizen.html", {
        "data": data, "citizen": data.citizen, "nav": "caseload",
        "consent_form": consent or forms.ConsentForm(citizen_id=citizen_id),
        "statutory_form": statutory or forms.StatutoryForm(),
        "end_form": forms.EndForm(initial={"ended_on": None}),
    }, status=status)


@require_GET
@domain_view
def citizen_sharing(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Consent and sharing for one citizen: what is shared with whom, and forms to record and withdraw."""
    return _page(request, citizen_id)


@require_GET
@domain_view
def citizen_sharing_section(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The consent section of the plan page (htmx): what is shared with whom, and a link to change it."""
    data = selectors.citizen_sharing(actor=_actor(request), citizen_id=citizen_id)
    return render(request, "sharing/section.html", {"data": data, "citizen": data.citizen})


@require_POST
@domain_view
def consent_give(request: HttpRequest, citizen_id: int) -> HttpResponse:
    form = forms.ConsentForm(request.POST, citizen_id=citizen_id)
    done = _submit(form, lambda **kw: services.consent_give(actor=_actor(request), citizen_id=citizen_id,
                                                            **kw))
    if done is None:
        return _page(request, citizen_id, consent=form, status=422)
    messages.success(request, _("The consent is recorded."))
    return redirect("sharing:citizen", citizen_id=citizen_id)


@require_POST
@domain_view
def statutory_record(request: HttpRequest, citizen_id: int) -> HttpResponse:
    form = forms.StatutoryForm(request.POST)
    done = _submit(form, lambda **kw: services.statutory_sharing_record(
        actor=_actor(request), citizen_id=citizen_id, **kw))
    if done is None:
        return _page(request, citizen_id, statutory=form, status=422)
    messages.success(request, _("The sharing without consent is recorded with its legal basis."))
    return redirect("sharing:citizen", citizen_id=citizen_id)


@require_POST
@domain_view
def sharing_end(request: HttpRequest, citizen_id: int, record_pk: int) -> HttpResponse:
    form = forms.EndForm(request.POST)
    done = _submit(form, lambda **kw: services.sharing_end(actor=_actor(request), record_id=record_pk, **kw))
    if done is None:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, _("Withdrawn. Access that rested on it has ended."))
    return redirect("sharing:citizen", citizen_id=citizen_id)


@require_GET
@domain_view
def receipt(request: HttpRequest, record_id: str) -> HttpResponse:
    """The ISO/IEC TS 27560 receipt as a JSON download."""
    body = selectors.sharing_receipt(actor=_actor(request), record_id=record_id)
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="consent-{record_id}.json"'
    return response


@require_http_methods(["GET", "POST"])
@domain_view
def break_glass_open(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The refusal page's form: open the citizen for a limited time, with a reason."""
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST":
        done = _submit(form, lambda **kw: services.break_glass_open(
            actor=_actor(request), citizen_id=citizen_id, **kw))
        if done is not None:
            messages.warning(request, _("Break-the-glass access until %(until)s. It is logged with your "
                                        "reason, shown to the citizen and reviewed.")
                             % {"until": done.expires_at.astimezone().strftime("%H:%M")})
            return redirect("plan", citizen_id=citizen_id)
    context = {"citizen_id": citizen_id, "form": form, "nav": "caseload"}
    return render(request, "sharing/refused.html", context, status=422 if form.errors else 404)


@require_GET
@domain_view
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    """The team leader's and the data-protection officer's list of break-the-glass accesses to review."""
    include = request.GET.get("all") == "1"
    rows = selectors.break_glass_reviews(actor=_actor(request), include_reviewed=include)
    return render(request, "sharing/reviews.html", {"rows": rows, "include_reviewed": include,
                                                    "form": forms.ReviewForm(), "nav": "review"})


@require_POST
@domain_view
def break_glass_review(request: HttpRequest, grant_id: int) -> HttpResponse:
    form = forms.ReviewForm(request.POST)
    done = _submit(form, lambda **kw: services.break_glass_review(actor=_actor(request), grant_id=grant_id,
                                                                  **kw))
    if done is None:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, _("Marked as reviewed."))
    return redirect(reverse("sharing:break_glass_reviews"))
