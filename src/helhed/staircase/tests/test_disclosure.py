"""Small counts of citizens are hidden wherever the staircase publishes them (ADR 0104): on the flows page, in
its chart data, in the API, in the history and in realised against expected; and nothing published lets a
reader add up or subtract to a hidden count."""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from django.test import Client

from helhed.core.suppression import THRESHOLD, Suppressed
from helhed.staircase.disclosure import FLOW_FIELDS, publish_cohort, publish_flows, publish_history
from helhed.staircase.positions import Flow, Quarter
from helhed.staircase.tests.conftest import child
from helhed.staircase.tests.test_api import Api
from helhed.testing.clients import english_client

FOSTER, INSTITUTION = "anbringelse-plejefamilie", "anbringelse-institution"  # steps 5 and 6


def _solvable(n_cells: int, equations: list[list[tuple[int, int]]], hidden: list[int]) -> list[int]:
    """Hidden cells a reader can work out: e_j in the row space of the equations over the hidden cells."""
    col = {c: k for k, c in enumerate(hidden)}
    rows = [[sum(coef for c, coef in eq if c == cell) for cell in hidden] for eq in equations]
    matrix = np.asarray([r for r in rows if any(r)], dtype=float).reshape(-1, len(hidden))
    rank = np.linalg.matrix_rank(matrix) if matrix.size else 0
    result = []
    for cell, k in col.items():
        others = np.delete(matrix, k, axis=1)
        if (np.linalg.matrix_rank(others) if others.size else 0) < rank:
            result.append(cell)
    return result


def _flow_equations(n_quarters: int) -> list[list[tuple[int, int]]]:
    """What a reader can add up in a flow table: on the staircase at one quarter's end = at the next's start
    (cells are quarter * 5 + the index in FLOW_FIELDS: down, up, stayed, entered, left)."""
    down, up, stayed, entered, left = range(5)
    return [[(5 * q + i, 1) for i in (down, up, stayed, entered)]
            + [(5 * (q + 1) + i, -1) for i in (down, up, stayed, left)] for q in range(n_quarters - 1)]


# --- pure -----------------------------------------------------------------------------------------------


def test_a_flow_of_two_is_hidden_with_a_partner_and_flows_of_five_or_more_are_shown() -> None:
    rows = [(Quarter(2022, 1), Flow(0, 0, 8, 0, 0)), (Quarter(2022, 2), Flow(0, 0, 8, 0, 0)),
            (Quarter(2022, 3), Flow(2, 0, 6, 0, 0)), (Quarter(2022, 4), Flow(0, 0, 8, 0, 0))]
    published = publish_flows(rows)
    q3 = published[2][1]
    assert q3.down.value is None and q3.down.suppressed == Suppressed.PRIMARY
    # Q2 ends with 8 on the staircase and Q3 starts with down + stayed: the 6 who stayed must go too.
    assert q3.stayed.value is None and q3.stayed.suppressed == Suppressed.SECONDARY
    assert published[0][1].values() == {"down": 0, "up": 0, "stayed": 8, "entered": 0, "left": 0}
    assert published[1][1].stayed.value == 8 and published[3][1].stayed.value == 8


def test_random_flow_tables_hide_every_small_count_and_nothing_can_be_worked_out() -> None:
    rng = np.random.default_rng(104)
    for _ in range(60):
        n = int(rng.integers(2, 9))
        on = int(rng.integers(0, 25))
        rows = []
        for q in range(n):  # a consistent history: who is on the staircase carries over
            down, up, left = (int(x) for x in rng.multinomial(on, [0.15, 0.1, 0.1, 0.65])[:3])
            stayed, entered = on - down - up - left, int(rng.poisson(3))
            rows.append((Quarter(2020 + q // 4, q % 4 + 1), Flow(down, up, stayed, entered, left)))
            on = down + up + stayed + entered
        published = [f for _q, f in publish_flows(rows)]
        values = [getattr(f, k).value for f in published for k in FLOW_FIELDS]
        assert all(v is None or v == 0 or v >= THRESHOLD for v in values)
        raw = [getattr(f, k) for _q, f in rows for k in FLOW_FIELDS]
        assert all(v is None for v, r in zip(values, raw, strict=True) if 0 < r < THRESHOLD)
        hidden = [i for i, v in enumerate(values) if v is None]
        if hidden:
            assert _solvable(len(values), _flow_equations(n), hidden) == []


def test_history_counts_hide_small_cells_their_rows_estimates_and_the_pooled_share() -> None:
    counts = [[0, 0, 0], [3, 20, 9], [1, 2, 40]]
    published = publish_history(counts, [0, 7, 2], pooled_steps=(2,))
    assert published.counts[1][0].value is None and published.counts[1][1].value is not None
    assert published.inflow[2].value is None and published.inflow[1].value == 7
    assert published.hidden_rows == [1, 2]  # each row has a count under 5
    assert published.pooled is not None and published.pooled.value == 43
    assert not published.pooled_share_shown  # 3 of 43 on a lower step: the share tells about those 3
    big = publish_history([[0, 0, 0], [8, 20, 9], [6, 12, 30]], [0, 7, 9], pooled_steps=(2,))
    assert big.hidden_rows == [] and big.pooled_share_shown


def test_the_followed_cohort_hides_small_counts_per_state_and_in_its_flows() -> None:
    published = publish_cohort([0, 10, 3], [[2, 9, 2], [2, 11, 0]],
                               [Flow(1, 0, 10, 0, 2), Flow(0, 0, 11, 0, 0)])
    assert published.cohort[0].value == 0 and published.cohort[2].value is None  # 3 on step 2 at the start
    # The 10 who stayed in the first quarter are the 11 on the staircase at the next one's start less the one
    # who moved down: one of the two published counts must go.
    assert published.flows[0].stayed.value is None or published.flows[1].stayed.value is None
    assert published.cases[0][0].value is None and published.flows[0].down.value is None
    assert published.flows[0].left.value is None
    assert published.cases[1][2].value == 0  # nobody: shown


# --- the page, its chart and the API ------------------------------------------------------------------


def _two_move_down(team: SimpleNamespace, moved: Quarter, long_ago: dt.date = dt.date(2020, 1, 1)) -> None:
    """Six children in foster care all along; two move from an institution to foster care in `moved`."""
    for _ in range(6):
        child(team, (FOSTER, long_ago, None))
    for _ in range(2):
        child(team, (INSTITUTION, long_ago, moved.start - dt.timedelta(days=1)), (FOSTER, moved.start, None))


def _chart_values(html: str) -> list[dict[str, Any]]:
    match = re.search(r'<script id="chart-flows" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the flows chart spec is on the page"
    values: list[dict[str, Any]] = json.loads(match.group(1))["data"]["values"]
    return values


@pytest.mark.django_db
def test_the_flows_page_and_its_chart_hide_two_citizens(shipped: None, team: SimpleNamespace) -> None:
    today = dt.date.today()
    current = Quarter.of(today)
    moved = Quarter(current.year - 1, current.number)  # four quarters ago: inside the 8 shown
    _two_move_down(team, moved)
    client = english_client()
    client.force_login(team.leader)
    page = client.get("/staircase/flows/", {"target_group": "children-disabled", "quarters": "8"})
    html = page.content.decode()

    def row(quarter: Quarter) -> list[str]:
        found = re.search(rf'<tr><th scope="row">{quarter.label}</th>(.*?)</tr>', html, re.S)
        assert found is not None
        return re.findall(r'<td class="helhed-num">(.*?)</td>', found.group(1))

    assert row(moved) == ["fewer than 5", "hidden", "0", "0", "0"]  # down, stayed, up, entered, left
    assert "A count under 5 is hidden" in html
    assert row(moved.next()) == ["0", "8", "0", "0", "0"]  # 8 stayed: five or more, shown
    chart = [v for v in _chart_values(html) if v["quarter"] == moved.label]
    assert {v["kind"]: v["cases"] for v in chart}["Moved down"] is None
    assert {v["kind"]: v["cases"] for v in chart}["Stayed"] is None
    assert all(v["cases"] in (None, 0) or v["cases"] >= THRESHOLD for v in _chart_values(html))


@pytest.mark.django_db
def test_the_danish_page_says_why_small_counts_are_hidden(shipped: None, team: SimpleNamespace) -> None:
    current = Quarter.of(dt.date.today())
    moved = Quarter(current.year - 1, current.number)
    _two_move_down(team, moved)
    client = Client()
    client.force_login(team.leader)
    html = client.get("/staircase/flows/", {"target_group": "children-disabled"}).content.decode()
    assert "færre end 5" in html and "skjult" in html and "Et tal under 5 vises ikke" in html


@pytest.mark.django_db
def test_the_api_hides_two_citizens_and_what_gives_them_away(shipped: None, team: SimpleNamespace) -> None:
    _two_move_down(team, Quarter(2022, 3))
    flows = Api(team.leader).get("/target-groups/children-disabled/flows",
                                 {"first": "2022-01-01", "last": "2022-12-31"}).json()
    q3 = flows[2]
    assert q3["quarter"] == "2022 Q3" and q3["down"] is None and q3["stayed"] is None
    assert q3["suppressed"] == {"down": "primary", "stayed": "secondary"}
    assert flows[1]["stayed"] == 8 and flows[3]["stayed"] == 8 and flows[1]["suppressed"] == {}
    est = Api(team.analyst).get("/target-groups/children-disabled/transitions",
                                {"until": "2023-01-01", "years": 2}).json()
    assert est["counts"][6][5] is None and 6 in est["hidden_rows"]
    assert est["mean"][6] == [None] * 7 and est["counts"][5][5] == 12  # 6 foster children, two years


@pytest.mark.django_db
def test_realised_against_expected_hides_small_counts(shipped: None, team: SimpleNamespace) -> None:
    _two_move_down(team, Quarter(2016, 3), long_ago=dt.date(2015, 6, 1))
    realised = Api(team.analyst).get("/scenarios/tpf-model-a/realised", {"until": "2016-12-31"}).json()
    assert realised["cohort"][6] is None or realised["cohort"][6] >= THRESHOLD
    for quarter in realised["quarters"]:
        assert all(v is None or v == 0 or v >= THRESHOLD for v in quarter["cases_realised"])
        assert all(quarter["flow"][k] is None or quarter["flow"][k] in (0,) or quarter["flow"][k] >= THRESHOLD
                   for k in FLOW_FIELDS)
