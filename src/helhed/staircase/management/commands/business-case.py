"""`helhed business-case list | run SCENARIO | compare SCENARIO... | calibrate SCENARIO... | sync`.

`run` prints the business case year by year (cases per step, measure costs on konto 5, the team on
konto 6, gross and net saving, cumulative, the simulated interval of the net saving), then the NPV and
the break-even year. `--json` prints the same as JSON for other programs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from helhed.core.errors import DomainError
from helhed.staircase.management.output import kr, mio, render, table, thousands
from helhed.staircase.selectors import (
    expected_gross_savings,
    scenario_calibration,
    scenario_get,
    scenario_list,
    scenario_projection,
    scenario_simulation,
)
from helhed.staircase.services import DEFAULT_SCENARIOS, scenario_sync


class Command(BaseCommand):
    help = "Business cases for the intervention staircase: list, run, compare, calibrate, load shipped ones."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="the scenarios")
        run = sub.add_parser("run", help="a scenario year by year")
        run.add_argument("scenario")
        run.add_argument("--draws", type=int, default=1000,
                         help="simulation draws for the intervals (0: none)")
        run.add_argument("--seed", type=int, default=2016)
        run.add_argument("--json", action="store_true", help="print JSON instead of tables")
        compare = sub.add_parser("compare", help="scenarios side by side: net saving per year, NPV")
        compare.add_argument("scenarios", nargs="+")
        calibrate = sub.add_parser("calibrate",
                                   help="the step-down share that makes the expected savings come true")
        calibrate.add_argument("scenarios", nargs="+")
        sync = sub.add_parser("sync", help="load the shipped scenarios from their data files")
        sync.add_argument("--file", type=Path, default=DEFAULT_SCENARIOS)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            try:
                getattr(self, f"_{options['action']}")(options)
            except DomainError as error:
                raise CommandError(str(error)) from error

    def _out(self, *items: object) -> None:
        self.stdout.write(render(*items), ending="")

    def _list(self, options: dict[str, Any]) -> None:
        rows = [
            [s.slug, s.name, s.target_group.code, f"{s.start_year}-{s.start_year + s.horizon_years - 1}",
             f"{float(s.advisors):g}", f"{float(s.caseload):g}", "shipped" if s.is_shipped else "own"]
            for s in scenario_list()
        ]
        if not rows:
            self.stdout.write("No scenarios. Load the shipped ones with 'helhed business-case sync'.")
            return
        self._out(table("Business-case scenarios",
                        ["Scenario", "Name", "Target group", "Years", "Advisors", "Caseload", ""], rows,
                        right=(4, 5), wrap=(1,)))

    def _run(self, options: dict[str, Any]) -> None:
        scenario = scenario_get(options["scenario"])
        p = scenario_projection(scenario)
        sim = None
        if options["draws"]:
            sim = scenario_simulation(scenario, draws=options["draws"], seed=options["seed"])
        expected = expected_gross_savings(scenario)
        if options["json"]:
            data: dict[str, Any] = {"scenario": scenario.slug, "states": list(p.states), "years": p.rows(),
                                    "npv": p.npv, "break_even_year": p.break_even_year, "expected": expected}
            if sim is not None:
                data["simulation"] = sim.summary()
            self.stdout.write(json.dumps(data, indent=2))
            return
        steps = [str(i) for i in range(1, len(p.states))]
        columns = ["Year", *[f"Step\n{s}" for s in steps], "Konto 5\nwithout", "Konto 5\nwith",
                   "Gross\nsaving", "Expected\nsaving", "Konto 6\nteam", "Net\nsaving", "Cumu-\nlative"]
        if sim is not None:
            columns.append(f"Net saving,\n{int(sim.level * 100)} % interval")
        rows = []
        for t, year in enumerate(p.years):
            row = [str(year), *[f"{x:.1f}" for x in p.cases_scenario[t][1:]],
                   thousands(p.measure_baseline[t]), thousands(p.measure_scenario[t]),
                   thousands(p.gross_saving[t]),
                   thousands(expected[year]) if year in expected else "", thousands(p.team_cost[t]),
                   thousands(p.net_saving[t]), thousands(p.cumulative_net[t])]
            if sim is not None:
                iv = sim.intervals("net_saving")[t]
                row.append(f"{thousands(iv.low)} – {thousands(iv.high)}")
            rows.append(row)
        title = f"{scenario.name} ({scenario.slug}): cases per step with the team; money in 1,000 kr."
        self._out(table(title, columns, rows, right=range(1, len(columns))))
        lines = [
            f"Team cost in all: {kr(p.team_cost.sum())} kr.; "
            f"gross saving in all: {kr(p.gross_saving.sum())} kr.",
            f"Net present value at {float(scenario.discount_rate) * 100:g} %: {kr(p.npv)} kr.",
            f"Break-even: {p.break_even_year or 'not within the horizon'}.",
        ]
        if sim is not None:
            npv = sim.npv_interval
            lines.append(f"Simulation ({sim.draws:,} draws): NPV {kr(npv.low)} to {kr(npv.high)} kr.; "
                         f"probability the NPV is positive {sim.probability_npv_positive:.0%}.")
        lines.append(f"Assumptions: {scenario.assumptions_en}")
        self.stdout.write("\n".join(lines))

    def _compare(self, options: dict[str, Any]) -> None:
        scenarios = [scenario_get(slug) for slug in options["scenarios"]]
        projections = [scenario_projection(s) for s in scenarios]
        years = sorted({y for p in projections for y in p.years})
        rows = []
        for year in years:
            row = [str(year)]
            for p in projections:
                row.append(mio(p.net_saving[p.years.index(year)]) if year in p.years else "")
            rows.append(row)
        rows.append(["NPV", *[mio(p.npv) for p in projections]])
        rows.append(["Break-even", *[str(p.break_even_year or "-") for p in projections]])
        self._out(table("Net saving, mio. kr.", ["Year", *[s.slug for s in scenarios]], rows,
                        right=range(1, len(scenarios) + 1)))

    def _calibrate(self, options: dict[str, Any]) -> None:
        scenarios = [scenario_get(slug) for slug in options["scenarios"]]
        result = scenario_calibration(scenarios)
        rows = [
            [scenarios[f.case_index].slug, str(f.year), kr(f.target), kr(f.model),
             "" if f.relative_error is None else f"{f.relative_error:+.1%}"]
            for f in result.fits
        ]
        self._out(table(f"Step-down share that fits best: {result.theta:.4f} a year",
                        ["Scenario", "Year", "Expected", "Model", "Difference"], rows, right=(2, 3, 4)))

    def _sync(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"{scenario_sync(path=options['file'])} scenarios loaded.")
