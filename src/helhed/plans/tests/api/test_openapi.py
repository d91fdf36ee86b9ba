"""The OpenAPI document: valid JSON at /api/v1/openapi.json, listing every path, with bearer security."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from helhed.plans.tests.api.conftest import PLANS_API_OPERATIONS

pytestmark = pytest.mark.django_db


def _document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_openapi_document_lists_every_path() -> None:
    doc = _document()
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "Helhed API"
    listed = {p: set(ops) for p, ops in doc["paths"].items()}
    assert {p: listed.get(p) for p in PLANS_API_OPERATIONS} == PLANS_API_OPERATIONS


def test_every_operation_needs_a_bearer_token_and_documents_its_errors() -> None:
    doc = _document()
    schemes = doc["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    for path, methods in PLANS_API_OPERATIONS.items():
        for method in methods:
            op = doc["paths"][path][method]
            assert op.get("security"), (path, method)
            assert {"401", "404", "422"} <= set(op["responses"]), (path, method)
            if method in ("put",) or path.endswith("/end"):
                assert "409" in op["responses"], (path, method)


def test_choices_are_enums_and_text_is_bounded() -> None:
    schemas = _document()["components"]["schemas"]
    assert "housing" in schemas["LifeDomain"]["enum"]
    assert set(schemas["EndReason"]["enum"]) >= {"goal_reached", "citizen_declined", "other"}
    goal_in = schemas["GoalIn"]
    assert goal_in["additionalProperties"] is False
    assert goal_in["properties"]["citizen_wording"]["maxLength"] == 1000
    assert schemas["InterventionEndIn"]["properties"]["end_date"]["format"] == "date"


def test_docs_page_is_served() -> None:
    assert Client().get("/api/v1/docs").status_code == 200
