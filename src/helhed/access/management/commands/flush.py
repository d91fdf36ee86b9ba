"""Django's `flush`, able to empty the append-only audit table (test and benchmark databases only).

pytest-django flushes every table after a transactional test, and bench/plan_pages.py flushes its database
before a rebuild; the audit log's triggers refuse that. This command lifts the guard for the flush alone
(`audit_maintenance`). On PostgreSQL the triggers still demand a superuser session, so against a production
database, where the application connects as an ordinary role, the flush fails on the audit table.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush

from helhed.access.audit_chain import audit_maintenance


class Command(DjangoFlush):
    help = DjangoFlush.help + " The audit log can only be emptied by a superuser session (ADR 0006)."

    def handle(self, **options: Any) -> None:
        with audit_maintenance(using=options["database"]):
            super().handle(**options)
