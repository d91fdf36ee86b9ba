"""Register a citizen: creates the citizen and the plan, with clear CPR errors and no duplicates."""

from __future__ import annotations

import pytest

from helhed.plans.models import Plan
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def _data(cpr: str, **extra: str) -> dict[str, str]:
    return {
        "cpr": cpr,
        "first_name": "Ny",
        "last_name": "Borger",
        "address": "Testvej 1",
        "postal_code": "8000",
        "district": "Midtbyen",
        "vision": "Et arbejde og en bolig",
        **extra,
    }


def test_register_opens_plan_with_user_as_coordinator(wc, worker) -> None:
    response = wc.post("/citizens/new/", _data(f.synthetic_cpr(serial=11)))
    plan = Plan.objects.get(citizen__last_name="Borger")
    assert response.status_code == 302 and response["Location"] == f"/citizens/{plan.citizen_id}/"
    assert plan.coordinator == worker and plan.vision == "Et arbejde og en bolig"
    assert "Ny Borger" in wc.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("12345", "DDMMYY-SSSS"),
        ("011385-1234", "month in a CPR number"),
        ("310285-1234", "does not exist in that month"),
    ],
)
def test_cpr_errors_are_shown_next_to_the_cpr_field(wc, cpr: str, message: str) -> None:
    response = wc.post("/citizens/new/", _data(cpr))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="register-cpr-error"' in html and message in html
    assert 'value="Ny"' in html, "the rest of the input is kept"
    assert not Plan.objects.exists()


def test_missing_name_is_shown_next_to_the_name(wc) -> None:
    response = wc.post("/citizens/new/", _data(f.synthetic_cpr(serial=12), first_name=""))
    assert response.status_code == 422
    assert 'id="register-first_name-error"' in response.content.decode()


def test_duplicate_cpr_links_to_the_search(wc, other_worker) -> None:
    cpr = f.synthetic_cpr(serial=13)
    from helhed.plans import services

    services.citizen_register(actor=other_worker, cpr=cpr, first_name="Allerede", last_name="Her")
    response = wc.post("/citizens/new/", _data(cpr))
    html = response.content.decode()
    assert response.status_code == 422
    assert "already exists in Helhed" in html
    assert 'action="/search/"' in html and f'name="q" value="{cpr}"' in html
    assert Plan.objects.count() == 1


def test_provider_staff_may_not_register(client_for, job_consultant) -> None:
    response = client_for(job_consultant).post("/citizens/new/", _data(f.synthetic_cpr(serial=14)))
    assert response.status_code == 403
    assert not Plan.objects.exists()
