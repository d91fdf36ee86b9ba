"""The synthetic municipality's word lists and reference tables, read from `synth/data/*.json`.

Everything the generator draws from (names, postal districts and streets, the organisation, hours and
costs, the Danish phrase bank) is data shipped in this package, never read from outside the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class District:
    postal_code: str
    postal_name: str
    weight: float
    areas: tuple[str, ...]
    streets: tuple[str, ...]


@dataclass(frozen=True)
class NameGroup:
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]


@dataclass(frozen=True)
class Names:
    danish: NameGroup
    other: NameGroup
    other_share: float


@dataclass(frozen=True)
class TypeNorms:
    """Plausible hours a week, yearly cost and duration of one catalogue code."""

    hours: tuple[float, float] | None
    cost_per: str | None  # "hour" | "month" | "year"
    cost_range: tuple[int, int] | None
    days: tuple[int, int]


@cache
def names() -> Names:
    data = _load("names.json")

    def group(g: dict[str, list[str]]) -> NameGroup:
        return NameGroup(female=tuple(g["female"]), male=tuple(g["male"]), last=tuple(g["last"]))

    return Names(danish=group(data["danish"]), other=group(data["other"]),
                 other_share=float(data["other_share"]))


@cache
def districts() -> tuple[District, ...]:
    return tuple(
        District(postal_code=d["postal_code"], postal_name=d["postal_name"], weight=float(d["weight"]),
                 areas=tuple(d["areas"]), streets=tuple(d["streets"]))
        for d in _load("places.json")["districts"]
    )


@cache
def homeless_district() -> str:
    return str(_load("places.json")["homeless_district"])


@cache
def organisation() -> dict[str, Any]:
    return _load("organisation.json")


@cache
def type_norms() -> dict[str, TypeNorms]:
    result: dict[str, TypeNorms] = {}
    for code, row in _load("interventions.json")["types"].items():
        cost = row.get("cost")
        result[code] = TypeNorms(
            hours=(float(row["hours"][0]), float(row["hours"][1])) if row.get("hours") else None,
            cost_per=cost["per"] if cost else None,
            cost_range=(int(cost["range"][0]), int(cost["range"][1])) if cost else None,
            days=(int(row["days"][0]), int(row["days"][1])),
        )
    return result


@cache
def phrases() -> dict[str, Any]:
    return _load("phrases.json")


@dataclass(frozen=True)
class CatalogueType:
    code: str
    legal_basis: str
    category: str
    full_time_residential: bool
    start_deadline_days: int | None


@cache
def catalogue() -> dict[str, CatalogueType]:
    """The shipped catalogue (catalog/data/catalog.json), read as data so specs need no database."""
    from helhed.catalog.services import DEFAULT_CATALOG

    data = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    return {
        row["code"]: CatalogueType(
            code=row["code"], legal_basis=row["legal_basis"], category=row["category"],
            full_time_residential=bool(row.get("full_time_residential", False)),
            start_deadline_days=row.get("start_deadline_days"),
        )
        for row in data["intervention_types"]
    }
