"""Target groups (målgrupper) as data: rules over what the plan already holds (data/target_groups.json).

No Django here: the file is read and checked into plain data; selectors turn a group into a query.
A citizen is in a group when their age on the reference day fits (where the group gives ages) and at
least one of the other conditions holds (where the group gives any): a goal in one of the life domains,
an intervention of one of the types on the plan, or a coordinating caseworker in a unit of one of the
sectors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from helhed.outcomes.definitions import Text

DATA = Path(__file__).resolve().parent / "data" / "target_groups.json"


@dataclass(frozen=True)
class TargetGroup:
    code: str
    name: Text
    age_min: int | None = None
    age_max: int | None = None
    goal_domains: tuple[str, ...] = ()
    intervention_types: tuple[str, ...] = ()
    coordinator_sectors: tuple[str, ...] = ()

    @property
    def has_conditions(self) -> bool:
        return bool(self.goal_domains or self.intervention_types or self.coordinator_sectors)


def _strings(row: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}.{key}: must be a list of codes")
    return tuple(value)


def _age(row: dict[str, Any], key: str, where: str) -> int | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 130:
        raise ValueError(f"{where}.{key}: must be an age in whole years")
    return value


def parse_target_groups(data: Any) -> tuple[TargetGroup, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("target_groups"), list):
        raise ValueError("the file must hold an object with a list 'target_groups'")
    groups: list[TargetGroup] = []
    for i, row in enumerate(data["target_groups"]):
        where = f"target_groups[{i}]"
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("code"), str)
            or not isinstance(row.get("name"), dict)
        ):
            raise ValueError(f"{where}: needs a code and a name {{da, en}}")
        name = row["name"]
        group = TargetGroup(
            code=row["code"],
            name=Text(da=str(name.get("da", "")), en=str(name.get("en") or name.get("da", ""))),
            age_min=_age(row, "age_min", where),
            age_max=_age(row, "age_max", where),
            goal_domains=_strings(row, "goal_domains", where),
            intervention_types=_strings(row, "intervention_types", where),
            coordinator_sectors=_strings(row, "coordinator_sectors", where),
        )
        if group.age_min is not None and group.age_max is not None and group.age_min > group.age_max:
            raise ValueError(f"{where}: age_min is above age_max")
        if group.age_min is None and group.age_max is None and not group.has_conditions:
            raise ValueError(f"{where}: a group needs an age or a condition")
        if any(g.code == group.code for g in groups):
            raise ValueError(f"{where}: the code {group.code!r} appears twice")
        groups.append(group)
    return tuple(groups)


@cache
def target_groups() -> tuple[TargetGroup, ...]:
    return parse_target_groups(json.loads(DATA.read_text(encoding="utf-8")))


def target_group(code: str) -> TargetGroup | None:
    return next((g for g in target_groups() if g.code == code), None)
