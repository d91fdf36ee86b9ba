"""Citizens: search by name or CPR, register, get one; 404 for citizens the user does not work with."""

from __future__ import annotations

import pytest

from helhed.access.models import AuditEvent
from helhed.people.models import Citizen
from helhed.plans.models import Plan
from helhed.plans.tests.api.conftest import ApiFor, World, staff
from helhed.testing import factories as f

pytestmark = pytest.mark.django_db


def _register_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "cpr": f.synthetic_cpr(), "first_name": "Rasmus", "last_name": "Registreret",
        "address": "Testvej 1", "postal_code": "8000", "district": "Midtbyen",
        "vision": "Et hjem og et arbejde", "follow_up_interval_days": 60,
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------- get one


def test_get_citizen(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).get(f"/citizens/{world.citizen_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world.citizen_id
    assert (body["first_name"], body["last_name"]) == ("Synne", "Apitestesen")
    assert body["has_replacement_cpr"] is True and body["is_synthetic"] is True
    assert body["cpr"] == world.plan.citizen.cpr.formatted


def test_invisible_citizen_is_404_exactly_like_a_missing_one(world: World, api_for: ApiFor) -> None:
    client = api_for(world.coordinator)
    invisible = client.get(f"/citizens/{world.other_plan.citizen_id}")
    missing = client.get("/citizens/987654321")
    assert invisible.status_code == missing.status_code == 404
    assert invisible.content == missing.content
    assert invisible.json()["detail"] == "No citizen found. You can only open citizens you work with."
    plan_invisible = client.get(f"/citizens/{world.other_plan.citizen_id}/plan")
    plan_missing = client.get("/citizens/987654321/plan")
    assert plan_invisible.status_code == plan_missing.status_code == 404
    assert plan_invisible.content == plan_missing.content


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "1.5", str(2**63), "9" * 40])
def test_malformed_citizen_id_is_422(world: World, api_for: ApiFor, bad: str) -> None:
    response = api_for(world.coordinator).get(f"/citizens/{bad}")
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


# ---------------------------------------------------------------- search


def test_name_search_finds_only_citizens_one_works_with(world: World, api_for: ApiFor) -> None:
    f.plan(coordinator=world.stranger, first_name="Synne", last_name="Skjultsen")
    response = api_for(world.coordinator).get("/citizens", {"q": "synne"})
    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["results"]] == [world.citizen_id]
    assert body["exists_elsewhere"] is False


def test_name_search_of_a_leader_covers_the_units_below(world: World, api_for: ApiFor) -> None:
    body = api_for(world.leader).get("/citizens", {"q": "sen"}).json()
    assert {c["id"] for c in body["results"]} == {world.citizen_id, world.other_plan.citizen_id}


def test_cpr_search_of_a_citizen_held_elsewhere_names_the_coordinator_not_the_citizen(
    world: World, api_for: ApiFor,
) -> None:
    cpr = world.other_plan.citizen.cpr.formatted
    body = api_for(world.coordinator).post("/citizens/search", {"q": cpr}).json()
    assert body["results"] == []
    assert body["exists_elsewhere"] is True
    assert body["coordinator"] == str(world.stranger)
    assert "Otto" not in str(body)


def test_cpr_search_of_own_citizen(world: World, api_for: ApiFor) -> None:
    body = api_for(world.coordinator).post("/citizens/search", {"q": world.plan.citizen.cpr.digits}).json()
    assert [c["id"] for c in body["results"]] == [world.citizen_id]


@pytest.mark.parametrize(("q", "field", "detail"), [
    ("1234", "cpr", "A CPR number has the form DDMMYY-SSSS"),
    ("921085-1234", "cpr", "The day in a CPR number"),
    (" s", "q", "Write at least two letters of the name."),
])
def test_search_input_errors_are_400_in_english(
    world: World, api_for: ApiFor, q: str, field: str, detail: str,
) -> None:
    response = api_for(world.coordinator, language="da").post("/citizens/search", {"q": q})
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"].startswith(detail)
    assert response["Content-Language"] == "en"


def test_a_cpr_number_in_the_url_is_refused_without_searching_or_echoing_it(
    world: World, api_for: ApiFor,
) -> None:
    cpr = world.plan.citizen.cpr.formatted
    for q in (cpr, cpr.replace("-", "")):
        response = api_for(world.coordinator).get("/citizens", {"q": q})
        assert response.status_code == 400
        assert response.json()["field"] == "q"
        assert "POST /api/v1/citizens/search" in response.json()["detail"]
        assert cpr.replace("-", "")[:6] not in response.content.decode()


def test_name_search_by_post_finds_the_same_as_by_get(world: World, api_for: ApiFor) -> None:
    by_get = api_for(world.coordinator).get("/citizens", {"q": "synne"}).json()
    by_post = api_for(world.coordinator).post("/citizens/search", {"q": "synne"}).json()
    assert by_post == by_get


@pytest.mark.parametrize("body", [{}, {"q": ""}, {"q": "s"}, {"q": "x" * 101}, {"q": "ab", "limit": 0},
                                  {"q": "ab", "limit": "many"}, {"q": "ab", "page": 2}])
def test_search_bodies_outside_the_schema_are_422(world: World, api_for: ApiFor, body: dict) -> None:
    assert api_for(world.coordinator).post("/citizens/search", body).status_code == 422


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "s"}, {"q": "x" * 101}, {"q": "ab\x00"},
                                    {"q": "ab", "limit": 0}, {"q": "ab", "limit": 1000},
                                    {"q": "ab", "limit": "many"}, {"q": "ab", "page": 2}])
def test_search_parameters_outside_the_schema_are_422(world: World, api_for: ApiFor, params: dict) -> None:
    assert api_for(world.coordinator).get("/citizens", params).status_code == 422


# ---------------------------------------------------------------- register


def test_register_opens_a_plan_with_the_caller_as_coordinator(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post("/citizens", _register_body())
    assert response.status_code == 201
    body = response.json()
    plan = Plan.objects.get(pk=body["plan"]["id"])
    assert plan.coordinator == world.coordinator and plan.follow_up_interval_days == 60
    assert body["citizen"]["id"] == plan.citizen_id
    assert body["plan"]["version"] == 1 and body["plan"]["vision"] == "Et hjem og et arbejde"
    assert body["plan"]["coordinator"]["id"] == world.coordinator.pk
    assert body["citizen"]["postal_code"] == "8000"
    assert AuditEvent.objects.filter(citizen_id=plan.citizen_id, action="create").exists()


def test_register_a_known_cpr_is_400_and_writes_nothing(world: World, api_for: ApiFor) -> None:
    before = Citizen.objects.count()
    response = api_for(world.coordinator).post(
        "/citizens", _register_body(cpr=world.other_plan.citizen.cpr.formatted))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A citizen with this CPR number already exists in Helhed. Search for them instead of "
                  "creating them again.",
        "field": "cpr",
    }
    assert Citizen.objects.count() == before


def test_register_is_refused_for_provider_staff(world: World, api_for: ApiFor) -> None:
    response = api_for(world.provider).post("/citizens", _register_body())
    assert response.status_code == 403
    assert response.json()["detail"] == "Only caseworkers and team leaders can register citizens."


def test_register_with_an_impossible_date_in_the_cpr_is_400(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post("/citizens", _register_body(cpr="921085-1234"))
    assert response.status_code == 400
    assert response.json()["field"] == "cpr"


def test_register_with_blank_names_is_400(world: World, api_for: ApiFor) -> None:
    response = api_for(world.coordinator).post("/citizens", _register_body(first_name="   "))
    assert response.status_code == 400
    assert response.json() == {"detail": "Write the citizen's first and last name.", "field": "first_name"}


@pytest.mark.parametrize("overrides", [
    {"cpr": "12345"}, {"cpr": "abcdef-ghij"}, {"first_name": ""}, {"first_name": "x" * 101},
    {"last_name": "İ" * 60}, {"postal_code": "800"}, {"postal_code": "80OO"}, {"address": "a\x00b"},
    {"follow_up_interval_days": 6}, {"follow_up_interval_days": 367}, {"follow_up_interval_days": "90"},
    {"is_synthetic": True}, {"vision": "x" * 5001},
])
def test_register_input_outside_the_schema_is_422(world: World, api_for: ApiFor, overrides: dict) -> None:
    before = Citizen.objects.count()
    response = api_for(world.coordinator).post("/citizens", _register_body(**overrides))
    assert response.status_code == 422, response.content
    assert Citizen.objects.count() == before


def test_a_new_coordinator_sees_only_the_citizens_they_registered(world: World, api_for: ApiFor) -> None:
    newcomer = staff("caseworker", world.units["team_b"])
    client = api_for(newcomer)
    assert client.get(f"/citizens/{world.citizen_id}").status_code == 404
    created = client.post("/citizens", _register_body()).json()
    assert client.get(f"/citizens/{created['citizen']['id']}").status_code == 200
