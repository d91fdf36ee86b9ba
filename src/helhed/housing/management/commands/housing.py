"""`helhed housing ...`: eviction notices in and out, and the housing figures for a period.

helhed housing import-notices FILE [--skip-bad] [--unit UNIT] [--user USERNAME]
    Import housing associations' notices from a CSV file (`;` or `,`, UTF-8). Every cell is checked
    first: if any value is bad, nothing is imported, every bad row is listed with its column, and the
    exit status is 1; with --skip-bad the good rows are imported and the bad ones listed. --unit (id or
    exact name) receives the notices, for citizens without a coordinating caseworker in particular.
helhed housing export-notices --user USERNAME [FILE]
    The user's notices as a formula-safe CSV (no CPR numbers), to FILE or standard output.
helhed housing figures --from YYYY-MM-DD --to YYYY-MM-DD
    Allocations, evictions, shelter stays over 120 days, returns and young people, for the period.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from helhed.core.errors import DomainError
from helhed.housing import selectors, services
from helhed.housing.stays import Period
from helhed.people.models import OrgUnit, User


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date: {text!r}. Write YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Eviction notices (import, export) and the housing figures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-notices", help="import notices from a CSV file; all or nothing")
        imp.add_argument("file", type=Path)
        imp.add_argument("--skip-bad", action="store_true", help="import the good rows, report the bad ones")
        imp.add_argument("--unit", help="receiving unit (id or exact name) for citizens without a caseworker")
        imp.add_argument("--user", help="the staff member responsible for the import")
        exp = sub.add_parser("export-notices", help="the user's notices as a formula-safe CSV")
        exp.add_argument("file", type=Path, nargs="?")
        exp.add_argument("--user", required=True)
        fig = sub.add_parser("figures", help="the housing figures for a period")
        fig.add_argument("--from", dest="start", required=True, type=_date)
        fig.add_argument("--to", dest="end", required=True, type=_date)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            try:
                getattr(self, "_" + options["action"].replace("-", "_"))(options)
            except DomainError as error:
                raise CommandError(str(error)) from error

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        return user

    def _unit(self, ref: str | None) -> OrgUnit | None:
        if not ref:
            return None
        unit = (
            OrgUnit.objects.filter(pk=int(ref)).first()
            if ref.isdigit()
            else OrgUnit.objects.filter(name=ref).first()
        )
        if unit is None:
            raise CommandError(f"No unit {ref!r}.")
        return unit

    def _import_notices(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        result = services.notices_import(
            actor=self._user(options["user"]),
            data=data,
            filename=path.name,
            skip_bad=options["skip_bad"],
            receiving_unit=self._unit(options["unit"]),
        )
        for p in result.problems:
            column = f", column {p.column}" if p.column else ""
            self.stderr.write(f"row {p.row}{column}: {p.message}")
        bad_rows = len({p.row for p in result.problems})
        if result.problems and not options["skip_bad"]:
            raise CommandError(
                f"Nothing imported: {bad_rows} of {result.rows_total} rows have bad values. "
                "Correct them and import the file again, or use --skip-bad."
            )
        skipped = f"; {bad_rows} rows with bad values skipped." if bad_rows else "."
        self.stdout.write(
            f"{result.imported} of {result.rows_total} notices imported (import {result.import_id}){skipped}"
        )

    def _export_notices(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        assert user is not None
        text = selectors.notices_csv(actor=user)
        if options["file"]:
            options["file"].write_text(text, encoding="utf-8-sig")
            self.stderr.write(f"Written to {options['file']}.")
        else:
            self.stdout.write(text, ending="")

    def _figures(self, options: dict[str, Any]) -> None:
        if options["end"] < options["start"]:
            raise CommandError("The period ends before it starts.")
        figures = selectors.compute_housing_figures(
            period=Period(options["start"], options["end"]), as_of=timezone.localdate()
        )
        share = "{0.count} of {0.total} ({0.percent} %)".format
        self.stdout.write(
            f"Period {options['start']} to {options['end']}\n"
            f"Homes allocated (offers accepted): {figures.allocations}\n"
            f"Evictions carried out: {figures.evictions}\n"
            f"Notices received: {figures.notices_received}\n"
            f"Shelter stays over 120 days: {share(figures.long_stays)}\n"
            f"Returns to a shelter within 12 months: {share(figures.returns)}\n"
            f"Young people (under 25) at shelters: {share(figures.young_at_shelters)}\n"
            f"Tenancies holding at 12 months: {share(figures.tenancies_holding_12_months)}"
        )
