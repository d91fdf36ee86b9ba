"""`helhed catalog sync [--file PATH]`: load legal bases and intervention types from the data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.catalog.services import DEFAULT_CATALOG, catalog_sync
from helhed.core.errors import DomainError


class Command(BaseCommand):
    help = "Load the catalogue (legal bases, intervention types) from its JSON data file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="create or update every row in the file; all or nothing")
        sync.add_argument("--file", type=Path, default=DEFAULT_CATALOG)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bases, types = catalog_sync(path=options["file"])
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{bases} legal bases, {types} intervention types loaded.")
