"""Search before create: by CPR number (any citizen, but only 'exists' for others' citizens) or by name."""

from __future__ import annotations

import pytest

from helhed.plans.tests.views.conftest import HX
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def test_name_search_finds_own_citizen_and_links_to_plan(wc, citizen_plan) -> None:
    response = wc.post("/search/", {"q": "sofie"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="search"' in html
    assert "1 citizen found" in html
    assert f'href="/citizens/{citizen_plan.citizen_id}/"' in html


def test_name_search_does_not_reveal_other_citizens(wc, other_worker) -> None:
    f.plan(coordinator=other_worker, first_name="Hemmelig", last_name="Borger")
    html = wc.post("/search/", {"q": "hemmelig"}, **HX).content.decode()
    assert "Hemmelig" not in html.replace('value="hemmelig"', "")
    assert "No citizen found" in html


def test_cpr_search_for_someone_elses_citizen_shows_only_coordinator_and_unit(wc, other_worker, org) -> None:
    cpr = f.synthetic_cpr(serial=901)
    from helhed.plans import services

    services.citizen_register(actor=other_worker, cpr=cpr, first_name="Hemmelig", last_name="Borger")
    html = wc.post("/search/", {"q": cpr}, **HX).content.decode()
    assert "exists in Helhed, but you do not work with them" in html
    assert str(other_worker) in html and org["team_b"].name in html
    assert "Hemmelig" not in html and "Borger" not in html.replace("citizen", "")


def test_cpr_search_without_hit_offers_registration_with_the_number(wc) -> None:
    cpr = f.synthetic_cpr(serial=902)
    html = wc.post("/search/", {"q": cpr}, **HX).content.decode()
    assert "No citizen found" in html
    assert 'action="/citizens/new/"' in html and 'name="prefill"' in html and f'value="{cpr}"' in html
    # Following it shows the form with the number filled in, and no errors yet.
    form = wc.post("/citizens/new/", {"prefill": "1", "cpr": cpr})
    assert form.status_code == 200
    assert f'value="{cpr}"' in form.content.decode() and b"form-error" not in form.content


def test_malformed_cpr_is_explained_next_to_the_search_box(wc) -> None:
    response = wc.post("/search/", {"q": "1234567"}, **HX)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="search-q-error"' in html and "DDMMYY-SSSS" in html
    assert 'aria-invalid="true"' in html


def test_search_without_htmx_is_a_page_and_never_puts_cpr_in_a_url(wc) -> None:
    page = wc.get("/search/")
    assert page.status_code == 200 and b'method="post"' in page.content
    response = wc.post("/search/", {"q": "sofie"})
    assert response.status_code == 200 and b"<h1>" in response.content


def test_registered_citizen_without_plan_can_get_one(wc, worker) -> None:
    from helhed.people.services import citizen_create

    cpr = f.synthetic_cpr(serial=903)
    citizen = citizen_create(actor=worker, cpr=cpr, first_name="Uden", last_name="Plan")
    html = wc.post("/search/", {"q": cpr}, **HX).content.decode()
    assert "registered but has no active plan" in html and 'action="/plans/open/"' in html
    response = wc.post("/plans/open/", {"cpr": cpr})
    assert response.status_code == 302 and response["Location"] == f"/citizens/{citizen.pk}/"
