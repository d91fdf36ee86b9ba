"""The housing pages through Django's test client: each renders, each form saves or shows its error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from helhed.housing.models import EvictionNotice, Offer, Tenancy
from helhed.housing.tests.conftest import World
from helhed.people.models import User

DAY = dt.timedelta(days=1)


def client_for(user: User, language: str = "en") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = language
    return c


def test_home_page_offer_and_accept(world: World) -> None:
    w = world
    w.homeless("anna", w.today - 300 * DAY)
    anna = w.apply("anna", wishes_in_own_words="Tæt på min søster")
    bo = w.apply("bo")
    home = w.home()
    c = client_for(w.allocator)
    page = c.get(f"/housing/homes/{home.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Candidates, best first" in html and "Time homeless" in html and "Homeless for 300 days" in html
    assert html.index(w.citizen("anna").full_name) < html.index(w.citizen("bo").full_name)
    # Bo is number 2: without a reason the page comes back with the error next to the field.
    refused = c.post(f"/housing/homes/{home.pk}/offer/", {"application": bo.pk, "deviation_reason": ""})
    assert refused.status_code == 422 and "number 2" in refused.content.decode()
    done = c.post(f"/housing/homes/{home.pk}/offer/", {"application": anna.pk})
    assert done.status_code == 302
    offer = Offer.objects.get(home=home)
    bad = c.post(f"/housing/homes/{home.pk}/offers/{offer.pk}/accept/", {"move_in": str(w.today - 30 * DAY)})
    assert bad.status_code == 422
    ok = c.post(f"/housing/homes/{home.pk}/offers/{offer.pk}/accept/", {"move_in": str(w.today)})
    assert ok.status_code == 302 and Tenancy.objects.filter(home=home).exists()
    assert "moves in on" in c.get(f"/housing/homes/{home.pk}/").content.decode()


def test_pages_answer_404_to_staff_without_a_relation(world: World) -> None:
    w = world
    home = w.home()
    c = client_for(w.stranger)
    assert c.get(f"/housing/homes/{home.pk}/").status_code == 404
    assert c.get(f"/housing/citizens/{w.citizen('anna').pk}/").status_code == 404
    assert c.get(f"/housing/shelters/{w.shelter.pk}/").status_code == 404
    assert c.get("/housing/").status_code == 200
    assert Client().get("/housing/").status_code == 302  # not logged in: to the log-in page


def test_citizen_page_status_and_application(world: World) -> None:
    w = world
    c = client_for(w.coordinator)
    cid = w.citizen("carl").pk
    assert c.get(f"/housing/citizens/{cid}/").status_code == 200
    r = c.post(
        f"/housing/citizens/{cid}/status/",
        {"category": "street", "valid_from": str(w.today - 9 * DAY), "source": "outreach"},
    )
    assert r.status_code == 302
    r = c.post(
        f"/housing/citizens/{cid}/application/",
        {
            "allocation_unit": w.allocation.pk,
            "consent_on": str(w.today),
            "support_need": "3",
            "monthly_income": "11500",
            "wished_districts": "8000 Aarhus C\n8200 Aarhus N",
            "has_dog": "on",
        },
    )
    assert r.status_code == 302
    html = c.get(f"/housing/citizens/{cid}/").content.decode()
    assert "Street, stairwell or shed" in html and "8000 Aarhus C, 8200 Aarhus N" in html
    r = c.post(
        f"/housing/citizens/{cid}/status/",
        {"category": "street", "valid_from": str(w.today + DAY), "source": "outreach"},
    )
    assert r.status_code == 422


def test_shelter_page_check_in_and_out(world: World) -> None:
    w = world
    c = client_for(w.shelter_worker)
    r = c.post(
        f"/housing/shelters/{w.shelter.pk}/check-in/",
        {"cpr": w.citizen("dina").cpr.formatted, "check_in": str(w.today - 3 * DAY)},
    )
    assert r.status_code == 302
    html = c.get(f"/housing/shelters/{w.shelter.pk}/").content.decode()
    assert w.citizen("dina").full_name in html
    assert (
        c.post(
            f"/housing/shelters/{w.shelter.pk}/check-in/", {"cpr": "nonsense", "check_in": str(w.today)}
        ).status_code
        == 422
    )
    stay = w.citizen("dina").shelter_stays.get()
    r = c.post(
        f"/housing/shelters/{w.shelter.pk}/check-out/",
        {"stay": stay.pk, "check_out": str(w.today), "next_situation": "street"},
    )
    assert r.status_code == 302


def test_notices_page_import_report_resolve_and_export(world: World) -> None:
    w = world
    c = client_for(w.notice_worker)
    text = (
        "cpr;housing_association;kind;received_on;deadline;reference\n"
        f"{w.citizen('anna').cpr.formatted};AAB;restance;{w.today};{w.today + 7 * DAY};X-1\n"
        f"{w.citizen('bo').cpr.formatted};AAB;nonsense;{w.today};{w.today + 7 * DAY};X-2\n"
    )
    r = c.post("/housing/notices/import/", {"file": SimpleUploadedFile("n.csv", text.encode())})
    assert r.status_code == 422 and "Nothing was imported" in r.content.decode()
    assert EvictionNotice.objects.count() == 0
    r = c.post(
        "/housing/notices/import/", {"file": SimpleUploadedFile("n.csv", text.encode()), "skip_bad": "on"}
    )
    assert r.status_code == 200 and "1 of 2 notices were imported" in r.content.decode()
    notice = EvictionNotice.objects.get()
    assert "7 days left" in c.get("/housing/notices/").content.decode()
    csv = c.get("/housing/notices/export.csv")
    assert csv["Content-Type"].startswith("text/csv") and b"X-1" in csv.content
    r = c.post(
        "/housing/notices/outcome/", {"notice": notice.pk, "outcome": "resolved", "outcome_on": str(w.today)}
    )
    assert r.status_code == 302
    notice.refresh_from_db()
    assert notice.outcome == "resolved"


def test_batch_round_page_and_figures(world: World) -> None:
    w = world
    w.apply("anna")
    w.home()
    c = client_for(w.allocator)
    r = c.post("/housing/rounds/new/", {"unit": w.allocation.pk})
    assert r.status_code == 302
    assert "Allocation round" in c.get(r["Location"]).content.decode()
    assert client_for(w.leader).get("/housing/figures/").status_code == 200
    assert client_for(w.coordinator).get("/housing/figures/").status_code == 403
    assert c.get("/housing/homes/").status_code == 200
    assert c.get("/housing/homes/new/").status_code == 200
    r = c.post(
        "/housing/homes/new/",
        {
            "address": "Vej 2",
            "postal_code": "82",
            "district": "x",
            "kind": "shared",
            "monthly_rent": "3000",
            "size_m2": "30",
            "rooms": "1",
            "available_from": str(w.today),
            "allocation_unit": w.allocation.pk,
        },
    )
    assert r.status_code == 422


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_desk_renders_in_both_languages(world: World, language: str) -> None:
    c = client_for(world.coordinator, language)
    assert c.get("/housing/").status_code == 200
