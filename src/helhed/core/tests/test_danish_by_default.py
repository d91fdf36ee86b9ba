import pytest
from django.test import Client


@pytest.mark.django_db
def test_english_browser_still_gets_danish_until_the_user_chooses_english():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Log ind" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Log in" in client.get("/login/").content.decode()
