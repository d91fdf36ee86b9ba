"""`helhed audit verify|partitions`: the audit log's hash chain and its monthly partitions (ADR 0006).

    helhed audit verify [--expect-head ID:HASH]  walk the chain; exit 1 naming the first broken record
    helhed audit partitions [--months-ahead N]   create the coming months' partitions (PostgreSQL), list all

Run `audit partitions` monthly (cron); `migrate` also creates three months ahead, and a default partition
takes any row whose month has no partition yet, so an insert never fails for want of one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.access.audit_chain import chain_verify, partitions_ensure, partitions_list
from helhed.access.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; create its monthly partitions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="prove the chain or name the first broken record")
        verify.add_argument("--expect-head", default="", metavar="ID:HASH",
                            help="the head printed by an earlier verify: also detects deleted newest records")
        parts = sub.add_parser("partitions", help="create the monthly partitions ahead (PostgreSQL)")
        parts.add_argument("--months-ahead", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options["expect_head"])
        else:
            self._partitions(options["months_ahead"])

    def _verify(self, expect_head: str) -> None:
        report = chain_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at record {report.broken_id}: {report.problem}. "
                f"{report.records} records before it are intact.")
        if expect_head:
            head_id, _sep, head_hash = expect_head.partition(":")
            if not head_id.isdigit():
                raise CommandError("--expect-head takes ID:HASH as printed by an earlier verify.")
            if not report.records or report.head_id is None or report.head_id < int(head_id):
                raise CommandError(f"Audit chain BROKEN: record {head_id} is gone (the newest record is "
                                   f"{report.head_id}); records at the end were deleted.")
            recorded = AuditEvent.objects.filter(id=int(head_id)).values_list("hash", flat=True).first()
            if recorded != head_hash:
                raise CommandError(f"Audit chain BROKEN at record {head_id}: its hash is not the one "
                                   "recorded.")
        self.stdout.write(f"Audit chain intact: {report.records} records; head {report.head_id}:"
                          f"{report.head_hash}")

    def _partitions(self, months_ahead: int) -> None:
        created = partitions_ensure(months_ahead=months_ahead)
        for name in created:
            self.stdout.write(f"created {name}")
        listing = partitions_list()
        if not listing:
            self.stdout.write("No partitions: the database is not PostgreSQL (SQLite keeps one table).")
        for name, rows in listing:
            self.stdout.write(f"{name:40} {rows:>12,} rows")
