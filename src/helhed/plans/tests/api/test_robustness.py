"""Input no client should send: malformed JSON, lone surrogates, NaN, deep nesting, huge bodies, odd headers.

Each is refused with a 4xx; none reaches a service and none answers 5xx.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from helhed.plans.models import JournalNote
from helhed.plans.tests.api.conftest import ApiFor, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("raw", "status"), [
    ("{", 400),
    ("not json", 400),
    ("", 422),
    ('{"text": "\\ud800"}', 422),                 # a lone surrogate cannot be stored
    ('{"text": "a\\u0000b"}', 422),               # PostgreSQL cannot store NUL
    ('{"text": "x", "intervention_id": NaN}', 422),
    ('{"text": "x", "intervention_id": Infinity}', 422),
    ('{"text": "x", "intervention_id": 1e400}', 422),
    ('{"text": "x", "intervention_id": 99999999999999999999999999}', 422),
    ('{"text": "x", "intervention_id": true}', 422),
    ('{"text": ["x"]}', 422),
    ('["x"]', 422),
    ('"x"', 422),
    ("null", 422),
    ("[" * 50_000 + "]" * 50_000, 400),          # nesting deeper than the JSON parser goes
])
def test_malformed_bodies_are_refused(world: World, api_for: ApiFor, raw: str, status: int) -> None:
    response = api_for(world.coordinator).post(f"/plans/{world.plan.pk}/notes", raw=raw)
    assert response.status_code == status, response.content
    assert not JournalNote.objects.exists()


def test_a_body_over_the_upload_limit_is_400(world: World, api_for: ApiFor, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api_for(world.coordinator).post(f"/plans/{world.plan.pk}/notes", {"text": "x" * 20_000})
    assert response.status_code == 400
    assert not JournalNote.objects.exists()


def test_wrong_content_type_is_refused(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    response = client.client.post(f"/api/v1/plans/{world.plan.pk}/notes", "text=x",
                                  content_type="application/x-www-form-urlencoded", headers=client.headers)
    assert 400 <= response.status_code < 500


def test_unknown_methods_and_paths(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    assert client.client.delete(f"/api/v1/plans/{world.plan.pk}", headers=client.headers).status_code == 405
    assert client.get("/no-such-thing").status_code == 404


def test_unknown_query_parameters_are_422(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).get(f"/citizens/{world.citizen_id}", {"expand": "everything"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "expand"]


def test_auth_header_with_odd_bytes_is_401(world: World) -> None:
    for value in ["Bearer \x7f\x80\xff", "Bearer " + "é" * 50, "Bearer a b c", "bearer"]:
        assert Client().get("/api/v1/me", headers={"Authorization": value}).status_code == 401
