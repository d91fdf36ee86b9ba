"""`helhed business-case ...` and `helhed staircase ...` on the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_list_and_run(shipped: None) -> None:
    listing = run("business-case", "list")
    assert "tpf-model-a" in listing and "tpf-model-b" in listing
    table = run("business-case", "run", "tpf-model-a", "--draws", "200")
    assert "2016" in table and "2019" in table and "90 % interval" in table
    assert "Team cost in all: 4,200,000 kr." in table
    assert "Break-even: 2019." in table


def test_run_as_json(shipped: None) -> None:
    data = json.loads(run("business-case", "run", "tpf-model-b", "--draws", "100", "--json"))
    assert [y["year"] for y in data["years"]] == [2016, 2017, 2018, 2019]
    assert data["years"][1]["team_cost"] == pytest.approx(2_800_000, abs=1)
    assert data["simulation"]["draws"] == 100
    assert data["expected"] == {"2016": 0.0, "2017": 1500000.0, "2019": 4500000.0}


def test_compare_and_calibrate(shipped: None) -> None:
    assert "NPV" in run("business-case", "compare", "tpf-model-a", "tpf-model-b")
    assert "0.0530 a year" in run("business-case", "calibrate", "tpf-model-a", "tpf-model-b")


def test_an_unknown_scenario_is_a_clear_error(shipped: None) -> None:
    with pytest.raises(CommandError, match="No scenario called 'nope'"):
        run("business-case", "run", "nope")


def test_staircase_sync_and_show(shipped: None) -> None:
    assert "3 staircases, 17 steps" in run("staircase", "sync")
    shown = run("staircase", "show")
    assert "Placement in a foster family" in shown and "470,000" in shown and "Benchmarkingenheden" in shown
    assert "2 scenarios loaded." in run("business-case", "sync")
