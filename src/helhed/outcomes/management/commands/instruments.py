"""`helhed instruments sync [FILE ...]` and `helhed instruments list`: instruments from definition files.

Without files, `sync` loads the instruments shipped with Helhed. A municipality that holds a licence for
an instrument (Outcomes Star, ORS/SRS, ...) writes its definition file itself and loads it here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from helhed.core.errors import DomainError
from helhed.outcomes.selectors import instrument_list
from helhed.outcomes.services import instrument_sync


class Command(BaseCommand):
    help = "Load instrument definition files, or list the instruments loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser(
            "sync", help="create or update instruments from definition files; all or nothing"
        )
        sync.add_argument("files", nargs="*", type=Path, help="definition files (default: the shipped ones)")
        sub.add_parser("list", help="every instrument version, and whether it takes new assessments")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            if options["action"] == "sync":
                try:
                    loaded = instrument_sync(paths=options["files"] or None)
                except DomainError as error:
                    raise CommandError(str(error)) from error
                for i in loaded:
                    state = "in use" if i.accepts_assessments else "retired"
                    self.stdout.write(f"{i.code} v{i.version}: {i.name_en} ({state})")
                self.stdout.write(f"{len(loaded)} instrument versions loaded.")
                return
            for i in instrument_list(include_retired=True):
                state = "in use" if i.accepts_assessments else "retired"
                licensed = ", licensed" if i.is_licensed else ""
                self.stdout.write(f"{i.code} v{i.version}: {i.name_en} ({state}{licensed}; {i.source_file})")
