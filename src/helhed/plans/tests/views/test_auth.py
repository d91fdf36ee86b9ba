"""Log in, log out, and the log-in requirement on every page."""

from __future__ import annotations

import pytest
from django.test import Client

from helhed.testing import factories as f
from helhed.testing.clients import english_client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/citizens/new/", "/team/", "/citizens/1/", "/citizens/1/history/", "/citizens/1/goals/new/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_require_login(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_login_then_caseload_then_logout(worker) -> None:
    client = english_client()
    page = client.get("/login/")
    assert page.status_code == 200
    assert b'id="id_username"' in page.content and b'for="id_username"' in page.content
    response = client.post("/login/", {"username": worker.username, "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_shown_in_the_form(worker) -> None:
    response = english_client().post(
        "/login/", {"username": worker.username, "password": "nope"}
    )
    assert response.status_code == 200
    assert b"alert-error" in response.content
    assert b"correct username and password" in response.content


def test_expired_session_in_an_htmx_request_sends_the_whole_page_to_log_in() -> None:
    response = Client().post(
        "/citizens/7/goals/new/",
        {"citizen_wording": "x"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/citizens/7/",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=%2Fcitizens%2F7%2F"
