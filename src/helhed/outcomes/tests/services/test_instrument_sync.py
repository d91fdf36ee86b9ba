"""instrument_sync: the shipped instruments are there after migrate; a new one needs only a file."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command

from helhed.core.errors import ValidationError
from helhed.outcomes import services
from helhed.outcomes.models import Answer, Instrument
from helhed.outcomes.selectors import instrument_list
from helhed.plans.models import Plan

from ..conftest import days_ago

DATA = Path(__file__).resolve().parent.parent / "data"

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, data: dict[str, Any], name: str = "mine.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _lines(**changes: Any) -> dict[str, Any]:
    data = json.loads((DATA / "test-lines.v1.json").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_shipped_instruments_are_loaded_by_migrate() -> None:
    codes = {i.code for i in instrument_list()}
    assert codes == {
        "aarhus-mastery",
        "ffb-function-levels",
        "gas",
        "substance-use-status",
        "alcohol-status",
        "user-satisfaction",
    }
    assert not any(i.is_licensed for i in instrument_list())


def test_a_new_instrument_from_a_definition_file_alone(
    tmp_path: Path, cast: SimpleNamespace, plan: Plan
) -> None:
    """The acceptance test: a file, the sync command, and assessments on it; no code."""
    call_command("instruments", "sync", str(_write(tmp_path, _lines())))
    instrument = Instrument.objects.get(code="test-lines", version=1)
    assert instrument.is_licensed and instrument.accepts_assessments and instrument.series == "test-lines/v1"
    for on, values in ((days_ago(60), ("4.5", "5", "6.1", "3")), (days_ago(1), ("7", "6.5", "8", "6.4"))):
        services.assessment_record(
            actor=cast.coordinator,
            citizen_id=plan.citizen_id,
            instrument_code="test-lines",
            assessed_on=on,
            answers=[{"item": f"line_{c}", "value": v} for c, v in zip("abcd", values, strict=True)],
        )
    totals = list(
        Answer.objects.filter(item="total")
        .order_by("assessment__assessed_on")
        .values_list("value", flat=True)
    )
    assert [str(t) for t in totals] == ["18.60", "27.90"]
    assert set(Answer.objects.exclude(item="total").values_list("rater", flat=True)) == {"citizen"}


def test_sync_is_idempotent_and_new_versions_supersede_old(tmp_path: Path) -> None:
    services.instrument_sync(paths=[_write(tmp_path, _lines())])
    services.instrument_sync(paths=[_write(tmp_path, _lines())])
    assert Instrument.objects.filter(code="test-lines").count() == 1
    services.instrument_sync(paths=[_write(tmp_path, _lines(version=2, comparable_with=[1]), "v2.json")])
    v1, v2 = Instrument.objects.filter(code="test-lines").order_by("version")
    assert v1.superseded and not v1.accepts_assessments
    assert v2.accepts_assessments and v2.series == v1.series


def test_a_used_version_cannot_change_content_but_can_be_retired(
    tmp_path: Path, cast: SimpleNamespace, plan: Plan
) -> None:
    services.instrument_sync(paths=[_write(tmp_path, _lines())])
    services.assessment_record(
        actor=cast.coordinator,
        citizen_id=plan.citizen_id,
        instrument_code="test-lines",
        assessed_on=days_ago(0),
        answers=[{"item": f"line_{c}", "value": 5} for c in "abcd"],
    )
    changed = _lines()
    changed["total"]["cut_off"] = 20
    with pytest.raises(ValidationError) as refused:
        services.instrument_sync(paths=[_write(tmp_path, changed)])
    assert "Publish the change as version 2" in str(refused.value)
    services.instrument_sync(paths=[_write(tmp_path, _lines(status="retired"))])
    assert not Instrument.objects.get(code="test-lines").accepts_assessments


def test_a_broken_file_loads_nothing_and_names_the_place(tmp_path: Path) -> None:
    good = _write(tmp_path, _lines(code="good-one"), "good.json")
    bad_data = _lines()
    bad_data["items"][2]["max"] = -1
    bad = _write(tmp_path, bad_data, "bad.json")
    with pytest.raises(ValidationError) as refused:
        services.instrument_sync(paths=[good, bad])
    assert "bad.json" in str(refused.value) and "items[2]" in str(refused.value)
    assert not Instrument.objects.filter(code="good-one").exists()


def test_comparable_with_needs_the_earlier_version_loaded(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not loaded"):
        services.instrument_sync(paths=[_write(tmp_path, _lines(version=3, comparable_with=[2]))])


def test_the_list_command_names_every_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("instruments", "list")
    out = capsys.readouterr().out
    assert "aarhus-mastery v1" in out and "in use" in out
