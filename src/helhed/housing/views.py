"""The housing pages: thin views over the housing services and selectors.

Each page is an ordinary server-rendered page; each form posts to its own URL, which calls one service
and redirects back with a confirmation (post/redirect/get), or shows the page again with the error next
to its field (422). NotFound becomes 404 and PermissionDenied 403 (plans.views.domain_view). Never put a
business rule here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhed.catalog.models import InterventionType
from helhed.core import errors
from helhed.housing import forms, selectors, services
from helhed.housing.choices import HOUSING_SUPPORT_TYPES
from helhed.housing.stays import Period
from helhed.people.models import OrgUnit, User
from helhed.plans.views import domain_view


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _call(form: forms.DomainForm, call: Callable[[dict[str, Any]], Any]) -> Any:
    """Parse, then call the service; a domain error goes onto the form. None when nothing was saved."""
    if not form.is_valid():
        return None
    try:
        return call(dict(form.cleaned_data))
    except (errors.NotFound, errors.PermissionDenied):
        raise
    except errors.DomainError as e:
        form.add_domain_error(e)
        return None


# ------------------------------------------------------------------ the desk


@require_GET
@domain_view
def overview(request: HttpRequest) -> HttpResponse:
    """Housing First: notices with deadlines, my citizens' new shelter stays, tenancy follow-ups due."""
    return render(
        request,
        "housing/overview.html",
        {"o": selectors.housing_overview(actor=_actor(request)), "nav": "housing", "section": "overview"},
    )


# ------------------------------------------------------------------ homes and allocation


@require_GET
@domain_view
def home_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return render(
        request,
        "housing/home_list.html",
        {
            "homes": selectors.home_list(actor=actor),
            "units": list(selectors.allocating_units(actor)),
            "nav": "housing",
            "section": "homes",
        },
    )


def _allocating_units(actor: User) -> list[OrgUnit]:
    units = list(selectors.allocating_units(actor))
    if not units and actor.unit is not None:
        units = [actor.unit]
    return units


@require_http_methods(["GET", "POST"])
@domain_view
def home_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = forms.HomeForm(
        request.POST or None,
        units=_allocating_units(actor),
        initial={"available_from": timezone.localdate(), "rooms": 1},
    )
    if request.method == "POST":
        home = _call(form, lambda d: services.home_create(actor=actor, **form.service_kwargs()))
        if home is not None:
            messages.success(request, _("The home is registered."))
            return redirect("housing:home", home_id=home.pk)
    return render(
        request,
        "housing/home_form.html",
        {"form": form, "nav": "housing", "section": "homes"},
        status=422 if form.errors else 200,
    )


def _home_page(request: HttpRequest, home_id: int, *, status: int = 200, **forms_: Any) -> HttpResponse:
    page = selectors.home_page(actor=_actor(request), home_id=home_id)
    context = {
        "page": page,
        "nav": "housing",
        "section": "homes",
        "today": timezone.localdate(),
        "offer_form": forms_.get("offer_form") or forms.OfferForm(),
        "accept_form": forms_.get("accept_form")
        or forms.AcceptForm(initial={"move_in": max(page.home.available_from, timezone.localdate())}),
        "refuse_form": forms_.get("refuse_form") or forms.RefuseForm(),
        "chosen": forms_.get("chosen"),
    }
    return render(request, "housing/home.html", context, status=status)


@require_GET
@domain_view
def home(request: HttpRequest, home_id: int) -> HttpResponse:
    """A vacant home with its candidates, best first, each with the reasons for its score."""
    return _home_page(request, home_id)


@require_POST
@domain_view
def home_offer(request: HttpRequest, home_id: int) -> HttpResponse:
    form = forms.OfferForm(request.POST)
    offer = _call(
        form,
        lambda d: services.offer_make(
            actor=_actor(request),
            home_id=home_id,
            application_id=d["application"],
            deviation_reason=d["deviation_reason"],
            round_id=int(request.POST["round"]) if request.POST.get("round", "").isdigit() else None,
        ),
    )
    if offer is None:
        return _home_page(request, home_id, status=422, offer_form=form, chosen=form.data.get("application"))
    messages.success(request, _("The home is offered. Record the citizen's answer here when it comes."))
    return redirect("housing:home", home_id=home_id)


@require_POST
@domain_view
def offer_accept(request: HttpRequest, home_id: int, offer_id: int) -> HttpResponse:
    form = forms.AcceptForm(request.POST)
    tenancy = _call(form, lambda d: services.offer_accept(actor=_actor(request), offer_id=offer_id, **d))
    if tenancy is None:
        return _home_page(request, home_id, status=422, accept_form=form)
    messages.success(
        request,
        _("The citizen said yes. The tenancy starts on %(date)s; it is followed up after 3, 6 and 12 months.")
        % {"date": tenancy.move_in.strftime("%d.%m.%Y")},
    )
    return redirect("housing:home", home_id=home_id)


@require_POST
@domain_view
def offer_refuse(request: HttpRequest, home_id: int, offer_id: int) -> HttpResponse:
    form = forms.RefuseForm(request.POST)
    offer = _call(
        form,
        lambda d: services.offer_refuse(
            actor=_actor(request), offer_id=offer_id, refused_by=d["refused_by"], reason=d["refusal_reason"]
        ),
    )
    if offer is None:
        return _home_page(request, home_id, status=422, refuse_form=form)
    messages.success(request, _("The refusal is recorded. The home is vacant again."))
    return redirect("housing:home", home_id=home_id)


@require_POST
@domain_view
def round_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    unit_id = request.POST.get("unit", "")
    if not unit_id.isdigit():
        raise errors.NotFound(_("Choose the allocating unit."))
    try:
        round_ = services.allocation_round_create(actor=actor, allocation_unit_id=int(unit_id))
    except errors.ValidationError as e:
        messages.error(request, str(e))
        return redirect("housing:homes")
    return redirect("housing:round", round_id=round_.pk)


@require_GET
@domain_view
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    return render(
        request,
        "housing/round.html",
        {
            "page": selectors.allocation_round_page(actor=_actor(request), round_id=round_id),
            "nav": "housing",
            "section": "homes",
        },
    )


# ------------------------------------------------------------------ one citizen


def _citizen_page(request: HttpRequest, citizen_id: int, *, status: int = 200, **forms_: Any) -> HttpResponse:
    actor = _actor(request)
    page = selectors.citizen_housing(actor=actor, citizen_id=citizen_id)
    today = timezone.localdate()
    units = list(OrgUnit.objects.filter(homes__isnull=False).distinct()) or list(OrgUnit.objects.all()[:50])
    support_types = list(InterventionType.objects.filter(code__in=HOUSING_SUPPORT_TYPES, is_active=True))
    context = {
        "page": page,
        "nav": "housing",
        "today": today,
        "status_form": forms_.get("status_form") or forms.StatusForm(initial={"valid_from": today}),
        "application_form": forms_.get("application_form")
        or forms.ApplicationForm(units=units, initial={"consent_on": today, "support_need": 2}),
        "follow_up_form": forms_.get("follow_up_form") or forms.FollowUpForm(),
        "support_form": forms_.get("support_form")
        or forms.SupportForm(
            types=support_types, units=list(OrgUnit.objects.exclude(kind="external").order_by("name")[:200])
        ),
    }
    return render(request, "housing/citizen.html", context, status=status)


@require_GET
@domain_view
def citizen(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The citizen's housing: situation over time, shelter stays, application, offers, tenancy, notices."""
    return _citizen_page(request, citizen_id)


@require_POST
@domain_view
def citizen_status(request: HttpRequest, citizen_id: int) -> HttpResponse:
    form = forms.StatusForm(request.POST)
    if (
        _call(form, lambda d: services.status_record(actor=_actor(request), citizen_id=citizen_id, **d))
        is None
    ):
        return _citizen_page(request, citizen_id, status=422, status_form=form)
    messages.success(request, _("The situation is recorded."))
    return redirect("housing:citizen", citizen_id=citizen_id)


@require_POST
@domain_view
def citizen_application(request: HttpRequest, citizen_id: int) -> HttpResponse:
    units = list(OrgUnit.objects.all())
    form = forms.ApplicationForm(request.POST, units=units)
    done = _call(
        form,
        lambda d: services.application_register(
            actor=_actor(request), citizen_id=citizen_id, **form.service_kwargs()
        ),
    )
    if done is None:
        return _citizen_page(request, citizen_id, status=422, application_form=form)
    messages.success(request, _("The citizen is now seeking a home through the allocating unit."))
    return redirect("housing:citizen", citizen_id=citizen_id)


@require_POST
@domain_view
def tenancy_follow_up(request: HttpRequest, citizen_id: int) -> HttpResponse:
    form = forms.FollowUpForm(request.POST)
    done = _call(
        form,
        lambda d: services.tenancy_follow_up_record(
            actor=_actor(request), follow_up_id=d["follow_up"], holds=d["holds"], note=d["note"]
        ),
    )
    if done is None:
        return _citizen_page(request, citizen_id, status=422, follow_up_form=form)
    messages.success(request, _("The follow-up is recorded."))
    return redirect("housing:citizen", citizen_id=citizen_id)


@require_POST
@domain_view
def tenancy_support(request: HttpRequest, citizen_id: int, tenancy_id: int) -> HttpResponse:
    types = list(InterventionType.objects.filter(code__in=HOUSING_SUPPORT_TYPES, is_active=True))
    form = forms.SupportForm(request.POST, types=types, units=list(OrgUnit.objects.all()))
    done = _call(
        form,
        lambda d: services.tenancy_support_attach(
            actor=_actor(request),
            tenancy_id=tenancy_id,
            type_code=d["type_code"],
            provider_unit_id=int(d["provider_unit"]),
            start_date=d["start_date"],
        ),
    )
    if done is None:
        return _citizen_page(request, citizen_id, status=422, support_form=form)
    messages.success(request, _("The support is attached to the home and added to the plan."))
    return redirect("housing:citizen", citizen_id=citizen_id)


# ------------------------------------------------------------------ shelters


def _shelter_page(request: HttpRequest, shelter_id: int, *, status: int = 200, **forms_: Any) -> HttpResponse:
    page = selectors.shelter_page(actor=_actor(request), shelter_id=shelter_id)
    return render(
        request,
        "housing/shelter.html",
        {
            "page": page,
            "nav": "housing",
            "check_in_form": forms_.get("check_in_form") or forms.CheckInForm(),
            "check_out_form": forms_.get("check_out_form"),
            "rows": list(zip(page.days, page.occupancy, strict=True))[::-1][:14],
            "places": page.shelter.places,
        },
        status=status,
    )


@require_GET
@domain_view
def shelter(request: HttpRequest, shelter_id: int) -> HttpResponse:
    return _shelter_page(request, shelter_id)


@require_POST
@domain_view
def shelter_check_in(request: HttpRequest, shelter_id: int) -> HttpResponse:
    form = forms.CheckInForm(request.POST)
    stay = _call(form, lambda d: services.stay_check_in(actor=_actor(request), shelter_id=shelter_id, **d))
    if stay is None:
        return _shelter_page(request, shelter_id, status=422, check_in_form=form)
    messages.success(request, _("%(name)s is checked in.") % {"name": stay.citizen.full_name})
    return redirect("housing:shelter", shelter_id=shelter_id)


@require_POST
@domain_view
def shelter_check_out(request: HttpRequest, shelter_id: int) -> HttpResponse:
    form = forms.CheckOutForm(request.POST)
    stay = _call(
        form,
        lambda d: services.stay_check_out(
            actor=_actor(request),
            stay_id=d["stay"],
            check_out=d["check_out"],
            next_situation=d["next_situation"],
        ),
    )
    if stay is None:
        return _shelter_page(request, shelter_id, status=422, check_out_form=form)
    messages.success(request, _("%(name)s is checked out.") % {"name": stay.citizen.full_name})
    return redirect("housing:shelter", shelter_id=shelter_id)


# ------------------------------------------------------------------ notices


def _notices_page(request: HttpRequest, *, status: int = 200, **forms_: Any) -> HttpResponse:
    return render(
        request,
        "housing/notices.html",
        {
            "rows": selectors.notice_alerts(actor=_actor(request)),
            "nav": "housing",
            "section": "notices",
            "import_form": forms_.get("import_form") or forms.NoticeImportForm(),
            "resolve_form": forms_.get("resolve_form"),
            "result": forms_.get("result"),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
@domain_view
def notices(request: HttpRequest) -> HttpResponse:
    return _notices_page(request)


@require_POST
@domain_view
def notices_import(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = forms.NoticeImportForm(request.POST, request.FILES)
    result = _call(
        form,
        lambda d: services.notices_import(
            actor=actor,
            data=d["file"].read(),
            filename=d["file"].name,
            skip_bad=d["skip_bad"],
            receiving_unit=actor.unit,
        ),
    )
    if result is None or result.problems:
        return _notices_page(
            request,
            status=422 if result is None or not result.imported else 200,
            import_form=form,
            result=result,
        )
    messages.success(request, _("%(n)s notices imported.") % {"n": result.imported})
    return redirect("housing:notices")


@require_POST
@domain_view
def notice_resolve(request: HttpRequest) -> HttpResponse:
    form = forms.NoticeResolveForm(request.POST)
    done = _call(
        form,
        lambda d: services.notice_resolve(
            actor=_actor(request),
            notice_id=d["notice"],
            outcome=d["outcome"],
            outcome_on=d["outcome_on"],
            note=d["note"],
        ),
    )
    if done is None:
        return _notices_page(request, status=422, resolve_form=form)
    messages.success(request, _("The outcome is recorded."))
    return redirect("housing:notices")


@require_GET
@domain_view
def notices_export(request: HttpRequest) -> HttpResponse:
    """The notices as a CSV file a spreadsheet opens safely (no formulas, no CPR numbers)."""
    response = HttpResponse(
        selectors.notices_csv(actor=_actor(request)).encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="notices-{timezone.localdate()}.csv"'
    return response


# ------------------------------------------------------------------ figures


@require_GET
@domain_view
def figures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = dt.date(today.year, 1, 1), today
    if end < start:
        start, end = end, start
    return render(
        request,
        "housing/figures.html",
        {
            "f": selectors.housing_figures(actor=_actor(request), period=Period(start, end)),
            "nav": "housing",
            "section": "figures",
            "start": start,
            "end": end,
        },
    )
