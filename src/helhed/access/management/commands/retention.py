"""`helhed retention run [--dry-run] [--today YYYY-MM-DD]`: delete finished records past the retention period.

    helhed retention run --dry-run   list what would go (citizen ids, record ids, closing dates, row counts)
    helhed retention run             delete it, one transaction per citizen; audit records stay

The period is HELHED_RETENTION_CLOSED_PLAN_DAYS (default 5 years); the rules per kind of data are in
access/retention.py and ADR 0006. Prints ids and counts, never a name or a CPR number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from helhed.access.audit import audit_route
from helhed.access.retention import closed_plan_days, retention_run


class Command(BaseCommand):
    help = "Delete finished records (closed plans, housing) after the retention period (--dry-run lists)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="delete what is past the retention period")
        run.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
        run.add_argument("--today", type=dt.date.fromisoformat, default=None,
                         help="the day to count from (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        dry = options["dry_run"]
        with audit_route("retention run"):
            results = retention_run(today=today, dry_run=dry)
        verb = "would delete" if dry else "deleted"
        self.stdout.write(f"Retention: records closed more than {closed_plan_days()} days before {today}; "
                          f"{len(results)} citizens.")
        failed = 0
        for item in results:
            if item.error:
                failed += 1
                self.stdout.write(f"citizen {item.citizen_id}: {item.error}")
                continue
            records = ", ".join(f"{r.kind} {r.pk} (closed {r.finished_on})" for r in item.records)
            rows = ", ".join(f"{label} {n}" for label, n in sorted(item.rows.items()) if n)
            citizen = ("the citizen too" if item.citizen_deleted
                       else f"citizen kept ({', '.join(item.citizen_kept_because)})")
            self.stdout.write(f"citizen {item.citizen_id}: {verb} {records}; {citizen}; rows: {rows}")
        if failed:
            raise CommandError(f"{failed} citizens could not be handled; their data is untouched.")
