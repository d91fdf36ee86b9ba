"""Eviction notices: the CSV import (all or nothing, every bad row and column reported, --skip-bad), the API,
alerts with the deadline, the outcome (an eviction is counted), and the formula-safe export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from helhed.access.tokens import token_create
from helhed.core.errors import NotFound, PermissionDenied, ValidationError
from helhed.housing import selectors, services
from helhed.housing.models import EvictionNotice, NoticeImport, Tenancy
from helhed.housing.notices import csv_safe, parse_amount, write_csv
from helhed.housing.stays import Period
from helhed.housing.tests.conftest import World

DAY = dt.timedelta(days=1)


def _csv(w: World, bad: bool = True) -> str:
    anna, bo, carl, dina = (w.citizen(n).cpr.formatted for n in ("anna", "bo", "carl", "dina"))
    lines = [
        "cpr;housing_association;kind;received_on;deadline;reference;address;amount_owed;note",
        f"{anna};Boligforeningen Ringgården;restance;{w.today - 5 * DAY};{w.today + 9 * DAY};R-1;Byvej 1;"
        "4.250,50;Påkrav sendt",
        f"{bo};AAB;complaint;{w.today - 2 * DAY};{w.today + 30 * DAY};R-2;;;",
    ]
    if bad:
        lines += [
            f"123456-XXXX;AAB;restance;{w.today};{w.today + DAY};R-3;;;",  # row 4: cpr
            f"{carl};;evicted;31-02-2025;{w.today};R-4;;-5;",  # row 5: 4 bad values
            f"{carl};AAB;termination;{w.today};{w.today - DAY};R-2;;;",  # row 6: deadline
            f"{dina};AAB;termination;{w.today};{w.today + DAY};R-2;;;",  # row 7: ref
            "",  # row 8: empty, skipped
            f"{carl};AAB;eviction;{w.today};{w.today + 20 * DAY};R-9;;abc;",  # row 9: amount
        ]
    return "\n".join(lines) + "\n"


EXPECTED_PROBLEMS = [
    (4, "cpr"),
    (5, "amount_owed"), (5, "housing_association"), (5, "kind"), (5, "received_on"),
    (6, "deadline"), (6, "reference"),
    (7, "reference"),
    (9, "amount_owed"),
]


def test_an_import_with_bad_rows_reports_every_bad_row_and_column_and_imports_nothing(world: World) -> None:
    result = services.notices_import(actor=world.notice_worker, data=_csv(world).encode(), filename="n.csv")
    assert [(p.row, p.column) for p in result.problems] == EXPECTED_PROBLEMS
    assert result.imported == 0 and result.rows_total == 7
    assert EvictionNotice.objects.count() == 0
    assert all(world.citizen("carl").cpr.formatted not in p.message for p in result.problems)
    log = NoticeImport.objects.get(pk=result.import_id)
    assert log.rows_imported == 0 and len(log.problems) == len(EXPECTED_PROBLEMS)


def test_skip_bad_imports_the_good_rows_and_reports_the_rest(world: World) -> None:
    result = services.notices_import(
        actor=None, data=_csv(world), skip_bad=True, receiving_unit=world.eviction_team
    )
    assert result.imported == 2 and {p.row for p in result.problems} == {4, 5, 6, 7, 9}
    first = EvictionNotice.objects.get(reference="R-1")
    assert first.citizen == world.citizen("anna") and first.kind == "rent_arrears"
    assert str(first.amount_owed) == "4250.50" and first.receiving_unit == world.eviction_team
    # Importing the same file again: the references are known now.
    again = services.notices_import(actor=None, data=_csv(world, bad=False))
    assert [(p.row, p.column) for p in again.problems] == [(2, "reference"), (3, "reference")]


def test_the_command_all_or_nothing_and_skip_bad(world: World, tmp_path: Path) -> None:
    path = tmp_path / "notices.csv"
    path.write_text(_csv(world), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 5 of 7 rows"):
        call_command("housing", "import-notices", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert "row 5, column kind: Unknown kind" in "\n".join(lines)
    assert len([line for line in lines if line.startswith("row ")]) == len(EXPECTED_PROBLEMS)
    assert EvictionNotice.objects.count() == 0
    out = io.StringIO()
    call_command(
        "housing",
        "import-notices",
        str(path),
        "--skip-bad",
        "--unit",
        "Boligsocialt Team",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "2 of 7 notices imported" in out.getvalue() and "5 rows with bad values skipped" in out.getvalue()
    assert EvictionNotice.objects.filter(receiving_unit=world.eviction_team).count() == 2


def test_a_file_too_large_is_refused_before_reading(world: World) -> None:
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        services.notices_import(actor=None, data=b"x" * 20_000_001)


def test_a_missing_column_is_reported_on_row_one(world: World) -> None:
    result = services.notices_import(actor=None, data="cpr,kind,received_on,deadline,colour\n")
    assert [(p.row, p.column) for p in result.problems] == [(1, "colour"), (1, "housing_association")]


def test_alerts_show_the_deadline_to_the_coordinator_and_the_receiving_unit(world: World) -> None:
    w = world
    services.notices_import(actor=None, data=_csv(w, bad=False), receiving_unit=w.eviction_team)
    rows = selectors.notice_alerts(actor=w.coordinator)
    assert [(r.notice.reference, r.days_left) for r in rows] == [("R-1", 9), ("R-2", 30)]
    assert [r.notice.reference for r in selectors.notice_alerts(actor=w.notice_worker)] == ["R-1", "R-2"]
    assert selectors.notice_alerts(actor=w.stranger) == []
    assert selectors.notice_alerts(actor=w.allocator) == []


def test_an_eviction_is_counted_and_ends_the_tenancy(world: World) -> None:
    w = world
    dina = w.apply("dina")
    home = w.home(available_from=w.today - 60 * DAY)
    offer = services.offer_make(actor=w.allocator, home_id=home.pk, application_id=dina.pk)
    tenancy = services.offer_accept(actor=w.allocator, offer_id=offer.pk, move_in=w.today - 50 * DAY)
    notice = services.notice_create(
        actor=w.notice_worker,
        cpr=w.citizen("dina").cpr.formatted,
        housing_association="AAB",
        kind="rent_arrears",
        received_on=w.today - 20 * DAY,
        deadline=w.today - 5 * DAY,
        amount_owed="12000",
    )
    with pytest.raises(NotFound):
        services.notice_resolve(actor=w.stranger, notice_id=notice.pk, outcome="evicted", outcome_on=w.today)
    services.stay_check_in(
        actor=w.shelter_worker, shelter_id=w.shelter.pk, cpr=w.citizen("dina").cpr.formatted, check_in=w.today
    )
    with pytest.raises(PermissionDenied):  # the shelter sees Dina but does not decide on the notice
        services.notice_resolve(
            actor=w.shelter_worker, notice_id=notice.pk, outcome="evicted", outcome_on=w.today
        )
    services.notice_resolve(
        actor=w.notice_worker, notice_id=notice.pk, outcome="evicted", outcome_on=w.today - DAY
    )
    tenancy = Tenancy.objects.get(pk=tenancy.pk)
    assert (tenancy.ended_on, tenancy.end_reason) == (w.today - DAY, "evicted")
    figures = selectors.compute_housing_figures(period=Period(w.today - 60 * DAY, w.today), as_of=w.today)
    assert (figures.allocations, figures.evictions, figures.notices_received) == (1, 1, 1)
    with pytest.raises(PermissionDenied):
        selectors.housing_figures(actor=w.coordinator, period=Period(w.today - DAY, w.today))
    assert (
        selectors.housing_figures(actor=w.leader, period=Period(w.today - 60 * DAY, w.today)).evictions == 1
    )


def test_export_is_safe_from_formula_injection(world: World) -> None:
    w = world
    services.notices_import(
        actor=None,
        receiving_unit=w.eviction_team,
        data=(
            "cpr;housing_association;kind;received_on;deadline;note\n"
            f'{w.citizen("anna").cpr.formatted};=HYPERLINK("http://x");restance;{w.today};{w.today};@SUM(A1)\n'
        ),
    )
    text = selectors.notices_csv(actor=w.notice_worker)
    assert "'=HYPERLINK" in text and "';'" not in text and "'@SUM(A1)" in text
    assert w.citizen("anna").cpr.digits[:6] not in text
    assert [csv_safe(v) for v in ("=1+1", "+45", "-3", "@x", "\tx", "ok", None, 12)] == [
        "'=1+1",
        "'+45",
        "'-3",
        "'@x",
        "'\tx",
        "ok",
        "",
        "12",
    ]
    assert write_csv(["a"], [["=x"]]) == "a\r\n'=x\r\n"
    assert [str(parse_amount(v)) for v in ("4.250,50", "4250,5", "4250.50", "1 234", "12.000")] == [
        "4250.50",
        "4250.50",
        "4250.50",
        "1234.00",
        "12000.00",
    ]


@pytest.fixture
def api(world: World) -> Any:
    def client(user: Any) -> Any:
        _token, raw = token_create(user=user, name="test")
        c = Client(headers={"Authorization": f"Bearer {raw}"})
        return c

    return client


def test_the_api_imports_all_or_nothing(world: World, api: Any) -> None:
    w = world
    good = {
        "cpr": w.citizen("anna").cpr.formatted,
        "housing_association": "AAB",
        "kind": "rent_arrears",
        "received_on": str(w.today),
        "deadline": str(w.today + 3 * DAY),
        "reference": "A-1",
        "amount_owed": 1200.5,
    }
    unknown = {**good, "cpr": "010190-1234", "reference": "A-2"}
    client = api(w.notice_worker)
    response = client.post(
        "/api/v1/housing/notices", {"notices": [good, unknown]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"row": 2, "column": "cpr", "message": response.json()["problems"][0]["message"]}
    ]
    assert EvictionNotice.objects.count() == 0
    response = client.post(
        "/api/v1/housing/notices",
        {"notices": [good, unknown], "skip_bad": True},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["imported"] == 1
    listed = api(w.coordinator).get("/api/v1/housing/notices").json()
    assert [(n["reference"], n["days_left"]) for n in listed] == [("A-1", 3)]
