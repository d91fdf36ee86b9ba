"""catalog_sync: the law and the catalogue are data; loading them is idempotent and all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from helhed.catalog.models import InterventionType, LegalBasis
from helhed.catalog.services import DEFAULT_CATALOG, catalog_sync
from helhed.core.errors import ValidationError


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _catalogue() -> dict[str, Any]:
    return json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _snapshot() -> list[tuple[Any, ...]]:
    return [
        *LegalBasis.objects.order_by("code").values_list(),
        *InterventionType.objects.order_by("code").values_list(),
    ]


def test_the_shipped_catalogue_is_loaded_on_migrate(db: None) -> None:
    data = _catalogue()
    assert LegalBasis.objects.count() == len(data["legal_bases"])
    assert InterventionType.objects.filter(is_active=True).count() == len(data["intervention_types"])
    treatment = InterventionType.objects.get(code="stofbehandling-ambulant")
    assert (treatment.legal_basis.code, treatment.start_deadline_days) == ("sel-101", 14)
    assert InterventionType.objects.get(code="stofbehandling-dogn").full_time_residential


def test_sync_is_idempotent(db: None) -> None:
    before = _snapshot()
    counts = catalog_sync()
    assert counts == (len(_catalogue()["legal_bases"]), len(_catalogue()["intervention_types"]))
    assert catalog_sync() == counts
    assert _snapshot() == before


def test_sync_updates_rows_and_retires_removed_types(db: None, tmp_path: Path) -> None:
    data = _catalogue()
    data["intervention_types"] = [t for t in data["intervention_types"] if t["code"] != "skaev-bolig"]
    for t in data["intervention_types"]:
        if t["code"] == "bostotte-85":
            t["name_en"] = "Housing support (renamed)"
    ids = dict(InterventionType.objects.values_list("code", "pk"))
    catalog_sync(path=_write(tmp_path, data))
    assert InterventionType.objects.get(code="bostotte-85").name_en == "Housing support (renamed)"
    retired = InterventionType.objects.get(code="skaev-bolig")
    assert not retired.is_active  # kept: plans refer to it
    assert dict(InterventionType.objects.values_list("code",
                                                     "pk")) == ids  # updated in place, never recreated
    catalog_sync()
    assert InterventionType.objects.get(code="skaev-bolig").is_active


def _broken(mutate: Any) -> dict[str, Any]:
    data = _catalogue()
    mutate(data)
    return data


def _set(section: str, index: int, key: str, value: Any) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        if value is None:
            del data[section][index][key]
        else:
            data[section][index][key] = value
    return mutate


@pytest.mark.parametrize(("mutate", "words"), [
    (_set("legal_bases", 2, "title_en", None), ["legal_bases[3]", "title_en"]),
    (_set("legal_bases", 0, "code", ""), ["legal_bases[1]", "code"]),
    (_set("intervention_types", 4, "category", None), ["intervention_types[5]", "act-85", "category"]),
    (_set("intervention_types", 1, "legal_basis", "sel-999"), ["intervention_types[2]", "bostotte-85a",
                                                              "sel-999"]),
    (_set("intervention_types", 0, "category", "magic"), ["intervention_types[1]", "bostotte-85", "magic"]),
    (_set("intervention_types", 6, "start_deadline_days", "fourteen"),
     ["intervention_types[7]", "stofbehandling-ambulant", "start_deadline_days"]),
    (_set("intervention_types", 6, "start_deadline_days", -3),
     ["intervention_types[7]", "stofbehandling-ambulant", "start_deadline_days"]),
    (lambda d: d["intervention_types"].append(dict(d["intervention_types"][0])),
     [f"intervention_types[{33 + 1}]", "bostotte-85", "twice"]),
    (lambda d: d["intervention_types"].insert(3, "not a row"), ["intervention_types[4]"]),
    (lambda d: d.update(legal_bases={"sel-85": {}}), ["legal_bases"]),
])
def test_a_broken_catalogue_is_refused_naming_the_row(db: None, tmp_path: Path, mutate: Any,
                                                      words: list[str]) -> None:
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        catalog_sync(path=_write(tmp_path, _broken(mutate)))
    for word in words:
        assert word in str(exc.value)
    assert _snapshot() == before  # all or nothing


def test_a_file_that_is_not_json_is_refused_with_its_line(db: None, tmp_path: Path) -> None:
    text = DEFAULT_CATALOG.read_text(encoding="utf-8").replace('"sel-99"', "'sel-99'", 1)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "'sel-99'" in row)
    with pytest.raises(ValidationError) as exc:
        catalog_sync(path=_write(tmp_path, text))
    assert f"line {line}" in str(exc.value)
    assert "catalog.json" in str(exc.value)


def test_a_missing_file_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        catalog_sync(path=tmp_path / "nowhere.json")
    assert "nowhere.json" in str(exc.value)


@pytest.mark.parametrize(("section", "index", "key", "length", "code"), [
    ("legal_bases", 0, "title_da", 201, "sel-81"),
    ("intervention_types", 0, "name_en", 201, "bostotte-85"),
    ("intervention_types", 0, "code", 61, "x" * 61),
])
def test_a_value_longer_than_its_column_is_refused(db: None, tmp_path: Path, section: str, index: int,
                                                   key: str, length: int, code: str) -> None:
    """PostgreSQL would fail mid-sync with a DataError and SQLite would store it: both refuse it alike."""
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        catalog_sync(path=_write(tmp_path, _broken(_set(section, index, key, "x" * length))))
    assert f"{section}[{index + 1}]" in str(exc.value) and key in str(exc.value) and code in str(exc.value)
    assert _snapshot() == before
