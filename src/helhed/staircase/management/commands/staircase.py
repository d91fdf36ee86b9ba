"""`helhed staircase sync [--file PATH]` and `helhed staircase show`: the staircases, steps and unit costs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from helhed.core.errors import DomainError
from helhed.staircase.management.output import render, table
from helhed.staircase.selectors import target_group_list
from helhed.staircase.services import DEFAULT_STAIRCASES, staircase_sync


class Command(BaseCommand):
    help = "Load the intervention staircases from their data file, or show them with their unit costs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="create or update the staircases from the file; all or nothing")
        sync.add_argument("--file", type=Path, default=DEFAULT_STAIRCASES)
        sub.add_parser("show", help="each staircase's steps, unit costs and where they come from")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            try:
                if options["action"] == "sync":
                    groups, steps, placements = staircase_sync(path=options["file"])
                    self.stdout.write(
                        f"{groups} staircases, {steps} steps, {placements} intervention types placed."
                    )
                    return
                for group in target_group_list():
                    rows = [
                        [str(s.number), s.name, f"{s.annual_cost:,.0f}",
                         s.cost_source + (" (estimate)" if s.cost_is_estimate else "")]
                        for s in group.steps.all()
                    ]
                    columns = ["Step", "Name", "kr. a year", "Source"]
                    shown = table(f"{group.name} ({group.code})", columns, rows, right=(0, 2), wrap=(1, 3))
                    self.stdout.write(render(shown), ending="")
            except DomainError as error:
                raise CommandError(str(error)) from error
