"""`helhed analytics export [--period 2026Q3] [--out DIR]`: the pseudonymised Parquet snapshot of a period;
`helhed analytics targets [--file PATH]`: load the indicators' targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from helhed.analytics.export import default_out, export_period
from helhed.analytics.periods import period_of
from helhed.analytics.services import DEFAULT_TARGETS, targets_sync
from helhed.core.errors import DomainError


class Command(BaseCommand):
    help = "Export the operational data, pseudonymised, as Parquet for the indicators (one period)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write (or rewrite) one period's partition")
        export.add_argument("--period", default="", help="2026Q3 or 2026; default: this quarter")
        export.add_argument("--out", type=Path, default=None, help="default: var/analytics")
        targets = sub.add_parser("targets", help="load the targets from their data file")
        targets.add_argument("--file", type=Path, default=DEFAULT_TARGETS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "targets":
            try:
                count = targets_sync(path=options["file"])
            except DomainError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{count} targets loaded.")
            return
        period = options["period"] or period_of(timezone.localdate())
        out = options["out"] or default_out()
        try:
            result = export_period(
                period, out=out, progress=lambda name, n: self.stdout.write(f"  {name}: {n} rows")
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{result.period} written to {result.path}.")
