"""A tiny hand-made export (five citizens) for the indicator tests, with answers worked out by hand.

Period 2026Q3: the rolling year is 2025-10-01 .. 2026-09-30, the quarter 2026-07-01 .. 2026-09-30.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from helhed.analytics import schema

D = dt.date
A, B, C, Dd, E = "cit-a", "cit-b", "cit-c", "cit-d", "cit-e"

CITIZENS = [
    {"citizen": A, "age_band": "0-17", "district": "Nord", "target_group": "children-youth", "unit": "U1"},
    {"citizen": B, "age_band": "0-17", "district": "Syd", "target_group": "disability", "unit": "U2"},
    {"citizen": C, "age_band": "18-24", "district": "Nord", "target_group": "homelessness", "unit": "U1"},
    {"citizen": Dd, "age_band": "25-29", "district": "Syd", "target_group": "substance-use", "unit": "U2"},
    {"citizen": E, "age_band": "30-49", "district": "Nord", "target_group": "adults", "unit": "U1"},
]


def _plan(pid: int, who: str, start: dt.date, closed: dt.date | None, consent: bool) -> dict[str, Any]:
    return {"plan_id": pid, "citizen": who, "status": "closed" if closed else "active", "started_on": start,
            "closed_on": closed, "unit": "U1", "holistic_consent": consent}


def _result(who: str, series: str, item: str, latest: dt.date, good: bool) -> dict[str, Any]:
    return {"citizen": who, "plan_id": 1, "goal_id": None, "instrument": series, "series": f"{series}/v1",
            "item": item,
            "first_on": D(2024, 1, 1), "latest_on": latest, "reached": good, "improved": False,
            "reached_or_improved": good}


def _answer(aid: int, who: str, plan: int, series: str, item: str, on: dt.date, value: float | None = None,
            option: str = "") -> dict[str, Any]:
    return {"assessment_id": aid, "citizen": who, "plan_id": plan, "goal_id": None, "instrument": series,
            "series": f"{series}/v1", "item": item, "assessed_on": on, "value": value, "option": option}


M, S, AL = "aarhus-mastery", "substance-use-status", "alcohol-status"
PD, NC, LS = "personal_development", "network_citizenship", "learning_self_support"
OV, DAYS = "overuse_last_month", "problem_days_last_month"


def _alcohol(aid: int, who: str, plan: int, on: dt.date, overuse: str, days: int) -> list[dict[str, Any]]:
    return [_answer(aid, who, plan, AL, OV, on, option=overuse), _answer(aid, who, plan, AL, DAYS, on, days)]


TABLES: dict[str, list[dict[str, Any]]] = {
    "citizens": [{**c, "is_synthetic": True} for c in CITIZENS],
    "plans": [
        _plan(1, A, D(2025, 1, 1), None, True), _plan(2, B, D(2025, 1, 1), None, False),
        _plan(3, C, D(2025, 1, 1), None, True), _plan(4, Dd, D(2025, 1, 1), D(2026, 6, 1), True),
        _plan(6, Dd, D(2026, 6, 2), None, False), _plan(5, E, D(2025, 1, 1), None, False),
    ],
    "goals": [
        {"goal_id": 1, "plan_id": 3, "citizen": C, "life_domain": "employment_education", "status": "open"},
        {"goal_id": 2, "plan_id": 4, "citizen": Dd, "life_domain": "employment_education", "status": "open"},
        {"goal_id": 3, "plan_id": 6, "citizen": Dd, "life_domain": "housing", "status": "open"},
    ],
    "interventions": [],
    "assessments": [
        _answer(1, A, 1, "user-satisfaction", "total", D(2026, 1, 1), 4.5),
        _answer(2, A, 1, "user-satisfaction", "total", D(2026, 6, 1), 3.0),
        _answer(3, B, 2, "user-satisfaction", "total", D(2026, 9, 30), 4.0),
        _answer(4, C, 3, "user-satisfaction", "total", D(2025, 9, 1), 5.0),
        *_alcohol(10, E, 5, D(2025, 12, 1), "yes", 4), *_alcohol(11, E, 5, D(2026, 3, 1), "no", 2),
        *_alcohol(12, E, 5, D(2026, 7, 10), "no", 0),
        *_alcohol(13, C, 3, D(2025, 1, 1), "yes", 5), *_alcohol(14, C, 3, D(2025, 9, 1), "no", 0),
        *_alcohol(15, C, 3, D(2026, 4, 1), "no", 0),
        *_alcohol(16, Dd, 4, D(2026, 1, 5), "yes", 3), *_alcohol(17, Dd, 4, D(2026, 8, 20), "yes", 0),
    ],
    "outcome_results": [
        _result(A, M, PD, D(2026, 5, 1), True), _result(A, M, NC, D(2026, 5, 1), False),
        _result(A, M, LS, D(2026, 5, 1), True),
        _result(B, M, PD, D(2026, 8, 1), True), _result(B, M, NC, D(2026, 8, 1), True),
        _result(B, M, LS, D(2026, 8, 1), False),
        _result(C, M, PD, D(2026, 6, 1), False), _result(C, M, NC, D(2026, 6, 1), False),
        _result(C, M, LS, D(2026, 6, 1), True),
        _result(Dd, M, PD, D(2025, 8, 1), True),                     # before the rolling year
        _result(Dd, S, "status", D(2026, 7, 15), True), _result(E, S, "status", D(2026, 2, 1), False),
        _result(C, S, "status", D(2025, 1, 1), True),                # before the rolling year
        _result(E, AL, OV, D(2026, 3, 1), True), _result(C, AL, OV, D(2026, 4, 1), False),
    ],
    "shelter_stays": [
        {"citizen": C, "shelter_unit": "Herberg", "check_in": D(2026, 5, 1), "last_night": None,
         "age_at_check_in": 20},
        {"citizen": Dd, "shelter_unit": "Herberg", "check_in": D(2026, 8, 1), "last_night": D(2026, 8, 31),
         "age_at_check_in": 27},
        {"citizen": E, "shelter_unit": "Forsorgshjem", "check_in": D(2026, 1, 1),
         "last_night": D(2026, 3, 31),
         "age_at_check_in": 40},
        {"citizen": E, "shelter_unit": "Forsorgshjem", "check_in": D(2026, 9, 1), "last_night": None,
         "age_at_check_in": 40},
    ],
    "homelessness": [
        {"citizen": C, "category": "shelter", "valid_from": D(2025, 6, 1), "valid_to": None},
        {"citizen": Dd, "category": "street", "valid_from": D(2026, 1, 1), "valid_to": D(2026, 2, 1)},
        {"citizen": E, "category": "street", "valid_from": D(2024, 1, 1), "valid_to": D(2025, 6, 1)},
    ],
    "allocations": [
        {"citizen": C, "home_district": "Nord", "allocation_unit": "Boligteam", "move_in": D(2026, 2, 1),
         "ended_on": None, "end_reason": ""},
        {"citizen": E, "home_district": "Nord", "allocation_unit": "Boligteam", "move_in": D(2025, 9, 1),
         "ended_on": None, "end_reason": ""},
        {"citizen": Dd, "home_district": "Syd", "allocation_unit": "Boligteam", "move_in": D(2026, 9, 1),
         "ended_on": D(2026, 9, 20), "end_reason": "evicted"},
    ],
    "eviction_notices": [
        {"citizen": E, "kind": "eviction", "received_on": D(2025, 12, 1), "outcome": "evicted",
         "outcome_on": D(2026, 1, 10), "unit": "U1"},
        {"citizen": Dd, "kind": "eviction", "received_on": D(2025, 8, 1), "outcome": "evicted",
         "outcome_on": D(2025, 9, 30), "unit": "U2"},
        {"citizen": C, "kind": "rent_arrears", "received_on": D(2026, 2, 1), "outcome": "resolved",
         "outcome_on": D(2026, 3, 1), "unit": "U1"},
    ],
    "staircase_positions": [
        {"citizen": A, "staircase": "children", "step_year_before": 3, "step_at_end": 2},
        {"citizen": B, "staircase": "children", "step_year_before": 2, "step_at_end": 2},
        {"citizen": C, "staircase": "adults", "step_year_before": 0, "step_at_end": 1},
        {"citizen": Dd, "staircase": "adults", "step_year_before": 4, "step_at_end": 1},
        {"citizen": Dd, "staircase": "substance", "step_year_before": 2, "step_at_end": 1},
    ],
}

# (numerator, denominator, value) of the total, worked out by hand from the rows above.
EXPECTED: dict[str, tuple[int | None, int | None, float | None]] = {
    "kbh-1": (2, None, 2.0),        # C in Feb 2026, D in Sep 2026; E's move-in is before the year
    "kbh-2": (1, None, 1.0),        # E's eviction; D's is on 2025-09-30, the day before the year
    "kbh-6": (2, None, 2.0),        # A 3->2, D down on two staircases counts once; C entered
    "kbh-8": (2, 3, 200 / 3),       # A and B improved on 2 of 3 dimensions, C on 1 of 3
    "kbh-9": (1, 2, 50.0),          # A's latest is 3.0, B's 4.0; C answered before the year
    "kbh-10": (2, 3, 200 / 3),      # D (drug status) and E (alcohol) yes, C no
    "aar-children-personal": (1, 1, 100.0),
    "aar-children-network": (0, 1, 0.0),
    "aar-children-learning": (1, 1, 100.0),
    "aar-youth-personal": (0, 1, 0.0),          # C; D's assessment is before the year
    "aar-youth-network": (0, 1, 0.0),
    "aar-youth-learning": (1, 1, 100.0),
    "aar-disabled-personal": (1, 1, 100.0),
    "aar-disabled-network": (1, 1, 100.0),
    "aar-disabled-learning": (0, 1, 0.0),
    "aar-substance-60": (1, 2, 50.0),           # D drug-free or reduced, E not
    "aar-alcohol-overuse-7m": (1, 2, 50.0),     # E's 7-month follow-up 2026-07-10: no; D's 2026-08-20: yes
    "aar-alcohol-days-7m": (2, 2, 100.0),       # C's follow-up (2025-09-01) is before the year
    "aar-shelter-120": (1, 3, 100 / 3),         # C open since 1 May: 153 nights; D 31; E's second 30
    "aar-shelter-young": (1, None, 1.0),        # C (20); D was 27
    "aar-shelter-returns": (1, 2, 50.0),        # E came back within 12 months, D's was a first stay
    "ode-1": (2, 3, 200 / 3),
    "ode-2": (2, 5, 40.0),                      # A and C consented; D's consenting plan closed in June
    "ode-3": (1, 2, 50.0),                      # C has an education goal; D's open plan has none
    "ode-4": (2, 3, 200 / 3),
    "ode-5": (1, 2, 50.0),                      # C housed at the end, D's tenancy ended; E not homeless
}


def write_export(directory: Path, period: str = "2026Q3") -> Path:
    partition = directory / f"period={period}"
    partition.mkdir(parents=True, exist_ok=True)
    for name, rows in TABLES.items():
        table_schema = schema.TABLES[name]
        columns = {col: [r.get(col) for r in rows] for col in table_schema.names}
        pq.write_table(pa.Table.from_pydict(columns, schema=table_schema), partition / f"{name}.parquet")
    return partition
