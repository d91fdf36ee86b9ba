"""CPR key rotation over every encrypted CPR column (helhed cpr rotate-keys; ADR 0006).

Every model with a `cpr_encrypted` field (and its `cpr_hash` beside it) is rotated: the number is
re-encrypted under the newest key of HELHED_CPR_KEYS and its lookup hash recomputed under
HELHED_CPR_HASH_KEY. All of it in ONE transaction: between a half-rotated hash column and the application,
a lookup would miss the rows still on the old hash key and the same person could be registered twice.
At 100,000 citizens that is a few seconds of Fernet work; the rows are locked meanwhile, so run it in the
maintenance window in which the new keys are deployed. The rotation is recorded in the audit log.
Never logs or prints a CPR number: reports count rows and name tables and ids only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import models, transaction

from helhed.access.audit import audit_record
from helhed.core.cpr_vault import cpr_is_current, cpr_reencrypt

BATCH = 1000


@dataclass
class RotationReport:
    rows: int = 0
    stale: int = 0                 # rows not on the newest key or hash key (before rotating, or in --check)
    undecryptable: list[str] = field(default_factory=list)  # "table#id": no configured key opens them


def _cpr_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if {"cpr_encrypted", "cpr_hash"} <= {f.name for f in m._meta.fields}]


def cpr_rotation_check() -> RotationReport:
    """How many rows are not yet on the newest key and hash key (no writes)."""
    report = RotationReport()
    for model in _cpr_models():
        rows = model._default_manager.values_list("cpr_encrypted", "cpr_hash")
        for token, lookup in rows.iterator(chunk_size=BATCH):
            report.rows += 1
            if not cpr_is_current(token, lookup):
                report.stale += 1
    return report


def cpr_rotate_keys() -> RotationReport:
    """Re-encrypt and re-hash every CPR number, all or nothing. Rows no configured key opens are named and
    the whole rotation is rolled back (an unreadable number must be looked at, not skipped silently)."""
    report = RotationReport()
    with transaction.atomic():
        for model in _cpr_models():
            manager = model._default_manager
            changed: list[models.Model] = []
            rows = manager.only("pk", "cpr_encrypted", "cpr_hash").order_by("pk")
            for row in rows.iterator(chunk_size=BATCH):
                report.rows += 1
                try:
                    token, lookup = cpr_reencrypt(row.cpr_encrypted)  # type: ignore[attr-defined]
                except InvalidToken:
                    report.undecryptable.append(f"{model._meta.db_table}#{row.pk}")
                    continue
                if not cpr_is_current(row.cpr_encrypted, row.cpr_hash):  # type: ignore[attr-defined]
                    report.stale += 1
                row.cpr_encrypted, row.cpr_hash = token, lookup  # type: ignore[attr-defined]
                changed.append(row)
                if len(changed) == BATCH:
                    manager.bulk_update(changed, ["cpr_encrypted", "cpr_hash"])
                    changed = []
            manager.bulk_update(changed, ["cpr_encrypted", "cpr_hash"])
        if report.undecryptable:
            transaction.set_rollback(True)
            return report
        audit_record(actor=None, action="cpr_rotate", citizen_id=None, object_type="citizen",
                     purpose="cpr_key_rotation")
    return report
