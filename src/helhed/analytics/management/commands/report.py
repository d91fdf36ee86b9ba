"""`helhed report committee --period 2026Q3 [--out FILE.pdf] [--language da|en]`: the committee PDF of the
policy goals, with the same suppressed figures, charts and texts as the dashboard's download.

`--csv FILE` and `--xlsx FILE` write the period's published results beside it. Run by an operator on the
server: audited as the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from helhed.access.audit import audit_record, audit_route
from helhed.analytics import report, selectors
from helhed.core.errors import DomainError


class Command(BaseCommand):
    help = "Reports of the policy goals: 'committee' writes the committee PDF for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        committee = sub.add_parser("committee", help="the committee PDF for a period")
        committee.add_argument("--period", required=True, help="a quarter like 2026Q3 or a year like 2026")
        committee.add_argument("--out", type=Path, help="the PDF file (default: pejlemaerker-PERIOD.pdf)")
        committee.add_argument("--language", choices=("da", "en"), default="da")
        committee.add_argument("--csv", type=Path, help="also write the published results as CSV here")
        committee.add_argument("--xlsx", type=Path, help="also write the published results as Excel here")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]), audit_route("cli:report_committee"):
            try:
                self._committee(options)
            except DomainError as error:
                raise CommandError(str(error)) from error

    def _committee(self, options: dict[str, Any]) -> None:
        statuses = selectors.committee_statuses(actor=None, period=options["period"])
        period = options["period"].strip().upper()
        audit_record(actor=None, action="aggregate", citizen_id=None, object_type="analytics",
                     purpose="goal_committee_report")
        out: Path = options["out"] or Path(f"pejlemaerker-{period}.pdf")
        out.write_bytes(report.committee_pdf(statuses, period=period))
        written = [str(out)]
        if options["csv"] or options["xlsx"]:
            rows = selectors.published_results(actor=None, period=period)
            if options["csv"]:
                options["csv"].write_bytes(report.results_csv(rows))
                written.append(str(options["csv"]))
            if options["xlsx"]:
                options["xlsx"].write_bytes(report.results_xlsx(rows))
                written.append(str(options["xlsx"]))
        with_data = sum(1 for s in statuses if s.has_data)
        self.stdout.write(f"{period}: {len(statuses)} indicators, {with_data} with figures. "
                          f"Wrote {', '.join(written)}.")
