"""`helhed audit verify|anchor|partitions`: the audit log's hash chain, its anchors and its monthly
partitions (ADR 0006).

    helhed audit verify [--anchors FILE] [--expect-head ID:HASH]
        walk the chain and check every anchor; exit 1 naming the first broken record or lost anchor
    helhed audit anchor [--to FILE]    verify, then append the chain's head to the anchor file
    helhed audit partitions [--months-ahead N]   create the coming months' partitions (PostgreSQL), list all

A deletion of the newest records leaves a shorter chain that is still valid: only a head written down
before, outside the database, shows it. Run `audit anchor` daily (cron) with the file on another system
(HELHED_AUDIT_ANCHOR_FILE, default var/audit-anchors.txt); `audit verify` checks every anchor in it.
Run `audit partitions` monthly; `migrate` also creates three months ahead, and a default partition takes
any row whose month has no partition yet, so an insert never fails for want of one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.access.audit_chain import (
    ChainReport,
    anchor_now,
    anchors_problem,
    chain_verify,
    parse_anchors,
    partitions_ensure,
    partitions_list,
)


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and its anchors; anchor its head; create its partitions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="prove the chain and its anchors, or name what is broken")
        verify.add_argument("--anchors", type=Path, default=None, metavar="FILE",
                            help="the anchor file (default: HELHED_AUDIT_ANCHOR_FILE, if it exists)")
        verify.add_argument("--expect-head", default="", metavar="ID:HASH",
                            help="one head printed by an earlier verify, checked as an anchor")
        anchor = sub.add_parser("anchor", help="verify, then append the head to the anchor file")
        anchor.add_argument("--to", type=Path, default=None, metavar="FILE",
                            help="the anchor file (default: HELHED_AUDIT_ANCHOR_FILE)")
        parts = sub.add_parser("partitions", help="create the monthly partitions ahead (PostgreSQL)")
        parts.add_argument("--months-ahead", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        default = Path(settings.HELHED_AUDIT_ANCHOR_FILE)
        if options["action"] == "verify":
            self._verify(options["anchors"] or default, options["expect_head"])
        elif options["action"] == "anchor":
            self._anchor(options["to"] or default)
        else:
            self._partitions(options["months_ahead"])

    def _checked(self, anchor_file: Path, expect_head: str = "") -> tuple[ChainReport, int]:
        """The intact chain and how many anchors it holds; CommandError naming what is broken."""
        report = chain_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at record {report.broken_id}: {report.problem}. "
                f"{report.records} records before it are intact.")
        try:
            text = anchor_file.read_text(encoding="utf-8") if anchor_file.exists() else ""
            anchors = parse_anchors(text)
            if expect_head:
                anchors += parse_anchors(expect_head)
        except ValueError as error:
            raise CommandError(f"The anchors cannot be read ({anchor_file}): {error}") from None
        problem = anchors_problem(anchors, report)
        if problem:
            raise CommandError(f"Audit chain BROKEN: {problem}.")
        return report, len(anchors)

    def _verify(self, anchor_file: Path, expect_head: str) -> None:
        report, held = self._checked(anchor_file, expect_head)
        self.stdout.write(f"Audit chain intact: {report.records} records; head {report.head_id}:"
                          f"{report.head_hash}; {held} anchors held")

    def _anchor(self, anchor_file: Path) -> None:
        report, _held = self._checked(anchor_file)
        if report.head_id is None:
            raise CommandError("The audit log is empty: there is no head to anchor yet.")
        anchor = anchor_now(report)
        anchor_file.parent.mkdir(parents=True, exist_ok=True)
        with anchor_file.open("a", encoding="utf-8") as out:
            out.write(anchor.line() + "\n")
        self.stdout.write(f"Anchored {anchor.line()} in {anchor_file}")

    def _partitions(self, months_ahead: int) -> None:
        created = partitions_ensure(months_ahead=months_ahead)
        for name in created:
            self.stdout.write(f"created {name}")
        listing = partitions_list()
        if not listing:
            self.stdout.write("No partitions: the database is not PostgreSQL (SQLite keeps one table).")
        for name, rows in listing:
            self.stdout.write(f"{name:40} {rows:>12,} rows")
