"""`helhed cpr rotate-keys [--check]`: re-encrypt every CPR number under the newest key (ADR 0006).

    helhed cpr rotate-keys          all rows in one transaction; rolls back if a row opens with no key
    helhed cpr rotate-keys --check  count the rows still on an old key or hash key (no writes)

Procedure: put the new Fernet key first in HELHED_CPR_KEYS (old keys after it) and the new
HELHED_CPR_HASH_KEY if the lookup key changes too; stop the application; run this; start it; run --check;
then remove the old keys from HELHED_CPR_KEYS.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.access.audit import audit_route
from helhed.access.cpr_rotation import cpr_rotate_keys, cpr_rotation_check


class Command(BaseCommand):
    help = "Rotate the keys of the CPR numbers at rest: re-encrypt and re-hash every number."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate-keys", help="re-encrypt every CPR number under the newest key")
        rotate.add_argument("--check", action="store_true", help="only count rows not on the newest keys")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            report = cpr_rotation_check()
            self.stdout.write(f"{report.rows} CPR numbers; {report.stale} not on the newest keys.")
            if report.stale:
                raise CommandError("Some CPR numbers are still on an old key: run `helhed cpr rotate-keys`.")
            return
        with audit_route("cpr rotate-keys"):
            report = cpr_rotate_keys()
        if report.undecryptable:
            shown = ", ".join(report.undecryptable[:20])
            raise CommandError(f"Nothing rotated: {len(report.undecryptable)} rows open with none of the "
                               f"keys in HELHED_CPR_KEYS ({shown}). Add the key they were written with.")
        self.stdout.write(f"Rotated {report.rows} CPR numbers ({report.stale} were on an old key).")
