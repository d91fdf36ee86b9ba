"""`helhed indicators run --period 2026Q3 [--engine duckdb|pyspark] [--source DIR]`: compute and store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.analytics.engines import ENGINES
from helhed.analytics.indicators import IndicatorDef
from helhed.analytics.services import indicators_run
from helhed.core.errors import DomainError


class Command(BaseCommand):
    help = "Compute every indicator over a period's analytics export and store the results (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="compute one period; its earlier results are replaced")
        run.add_argument("--period", required=True, help="a quarter like 2026Q3 or a year like 2026")
        run.add_argument("--engine", choices=ENGINES, default="duckdb")
        run.add_argument("--source", type=Path, default=None, help="the export's directory (var/analytics)")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(indicator: IndicatorDef, done: int, total: int) -> None:
            self.stdout.write(f"[{done:>2}/{total}] {indicator.code}")

        try:
            run = indicators_run(options["period"], engine=options["engine"], source=options["source"],
                                 progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        cells = run.results.count()
        self.stdout.write(f"{run.period}: {run.done} indicators, {cells} results stored ({run.engine}).")
