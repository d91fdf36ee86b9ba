"""The audit log's hash chain and its guards in the database (ADR 0006).

- `chain_append` gives each new AuditEvent the next id and the SHA-256 of (the previous record's hash,
  the record's fields in a canonical serialisation), under a lock so two writers never fork the chain:
  PostgreSQL takes a transaction-level advisory lock around reading the last record and inserting;
  SQLite serialises writers itself (the connection begins its transactions IMMEDIATE, see settings).
- `chain_verify` walks the chain in id order and names the first record whose link or hash is wrong.
- The database refuses UPDATE, DELETE and TRUNCATE of audit rows (triggers, `TRIGGERS_SQL`). Only the
  documented maintenance switch (`audit_maintenance`) lifts that, and on PostgreSQL only in a superuser
  session: the test machinery's `flush` uses it; production connects as an ordinary role, so it cannot.
- On PostgreSQL the table is partitioned by month on `at` (`partitions_ensure` creates them ahead; a
  default partition takes anything else so an insert never fails).

Never use the maintenance switch in application code: it exists for flushing test and benchmark databases.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from helhed.access.models import AuditEvent

TABLE = AuditEvent._meta.db_table
GENESIS = "0" * 64
# Any fixed number: the advisory lock that serialises writers of the chain (pg_advisory_xact_lock).
_PG_LOCK_KEY = 0x48454C48_41554454  # "HELH" "AUDT"
_PG_MAINTENANCE = "helhed.audit_maintenance"

# The record's columns besides the two hashes; all but `id` are covered by the hash, in this order. The id
# is the record's place in the chain (verify walks by id, and the prev_hash links prove the order), so
# PostgreSQL can assign it under the lock. Adding a field means a new chain version (ADR 0006).
HASHED_FIELDS = (
    "id", "at", "actor_id", "actor_role", "actor_unit", "actor_name", "citizen_id", "action",
    "object_type", "object_id", "purpose", "route", "basis", "grant_id",
)
CONTENT_FIELDS = HASHED_FIELDS[1:]


def _canonical_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def content_digest(fields: dict[str, Any]) -> str:
    """SHA-256 of the record's content: its fields as a compact JSON array, in CONTENT_FIELDS order."""
    payload = json.dumps([_canonical_value(fields[name]) for name in CONTENT_FIELDS],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def link_hash(prev_hash: str, digest: str) -> str:
    """The chain link: SHA-256 of the previous hash followed by the content digest (64 + 64 hex digits).
    PostgreSQL computes the same in helhed_audit_append (sha256 over the concatenated text)."""
    return hashlib.sha256((prev_hash + digest).encode()).hexdigest()


def record_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The record's hash, given the previous record's hash."""
    return link_hash(prev_hash, content_digest(fields))


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def chain_append(events: Sequence[AuditEvent], *, using: str = "default") -> None:
    """Insert `events` at the end of the chain, in order, filling in id, prev_hash and hash.

    Runs in a transaction (joins the caller's): the lock is held until that transaction ends, so the next
    writer reads this record as its predecessor. A failure raises: the caller's read or write fails too.
    """
    if not events:
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        _pg_append(events, connection)
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
            cursor.execute(f"SELECT id, hash FROM {TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608
            last = cursor.fetchone()
        last_id, prev = (int(last[0]), str(last[1])) if last else (0, GENESIS)
        for event in events:
            last_id += 1
            event.id = last_id
            event.prev_hash = prev
            event.hash = prev = record_hash(prev, _fields(event))
        if len(events) == 1:
            events[0].save(using=using, force_insert=True)
        else:
            AuditEvent.objects.using(using).bulk_create(events, batch_size=500)


def _pg_append(events: Sequence[AuditEvent], connection: BaseDatabaseWrapper) -> None:
    """One round trip: helhed_audit_append takes the lock, reads the last record and inserts, in one
    statement (its own transaction in autocommit, or the caller's). The content digests are computed here,
    so the canonical serialisation exists once, in Python; the database only links them."""
    records = []
    for event in events:
        fields = _fields(event)
        records.append({**{name: _canonical_value(fields[name]) for name in CONTENT_FIELDS},
                        "digest": content_digest(fields)})
    with connection.cursor() as cursor:
        cursor.execute("SELECT helhed_audit_append(%s::jsonb)", [json.dumps(records, ensure_ascii=False)])


PG_APPEND_FUNCTION = f"""
CREATE OR REPLACE FUNCTION helhed_audit_append(records jsonb) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    last_id bigint;
    prev text;
    r jsonb;
    link text;
BEGIN
    -- Held to the end of the transaction: the next writer reads this record as its predecessor. VOLATILE,
    -- so the SELECT below takes a fresh snapshot after the lock is granted.
    PERFORM pg_advisory_xact_lock({_PG_LOCK_KEY});
    SELECT id, hash INTO last_id, prev FROM {TABLE} ORDER BY id DESC LIMIT 1;
    IF last_id IS NULL THEN
        last_id := 0;
        prev := '{GENESIS}';
    END IF;
    FOR r IN SELECT value FROM jsonb_array_elements(records) LOOP
        last_id := last_id + 1;
        link := encode(sha256(convert_to(prev || (r ->> 'digest'), 'UTF8')), 'hex');
        INSERT INTO {TABLE} (id, at, actor_id, actor_role, actor_unit, actor_name, citizen_id, action,
                             object_type, object_id, purpose, route, basis, grant_id, prev_hash, hash)
        VALUES (last_id, (r ->> 'at')::timestamptz, (r ->> 'actor_id')::bigint, r ->> 'actor_role',
                r ->> 'actor_unit', r ->> 'actor_name', (r ->> 'citizen_id')::bigint, r ->> 'action',
                r ->> 'object_type', (r ->> 'object_id')::bigint, r ->> 'purpose', r ->> 'route',
                r ->> 'basis', (r ->> 'grant_id')::bigint, prev, link);
        prev := link;
    END LOOP;
END $$;
"""  # noqa: S608 - constants only


@dataclass(frozen=True)
class ChainReport:
    records: int
    head_id: int | None
    head_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _rows(using: str, batch: int) -> Iterator[tuple[Any, ...]]:
    # Keyset pagination by id: no server-side cursor needed and the memory stays flat at any size.
    names = ("prev_hash", "hash", *HASHED_FIELDS)
    after = -(2**63)
    while True:
        rows = list(AuditEvent.objects.using(using).filter(id__gt=after).order_by("id")
                    .values_list(*names)[:batch])
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1][2]


def chain_verify(*, using: str = "default", batch: int = 5000) -> ChainReport:
    """Recompute the chain from the first record; the first record that does not fit is named.

    Detects an altered record (its hash no longer matches its fields), a deleted or inserted record and a
    reordering (the next record's prev_hash no longer matches). A deletion of the newest records leaves a
    shorter valid chain: compare `head_id`/`head_hash` with a head recorded earlier (`--expect-head`).
    """
    prev, count, head_id = GENESIS, 0, None
    for row in _rows(using, batch):
        stored_prev, stored_hash, *values = row
        fields = dict(zip(HASHED_FIELDS, values, strict=True))
        if stored_prev != prev:
            return ChainReport(count, head_id, prev, fields["id"],
                               "its link to the previous record is broken (a record before it was "
                               "deleted, inserted or moved)")
        if record_hash(prev, fields) != stored_hash:
            return ChainReport(count, head_id, prev, fields["id"],
                               "its content does not match its hash (the record was changed)")
        prev, head_id, count = stored_hash, fields["id"], count + 1
    return ChainReport(count, head_id, prev)


# -- anchors: heads written down outside the database -------------------------------------------------------
@dataclass(frozen=True)
class Anchor:
    """A head of the chain as it was once (`helhed audit anchor`), kept outside the database (a file on
    another system, a ticket): a later verify proves the chain still holds it, so that deleting the newest
    records, which leaves a shorter valid chain, is found too."""

    record_id: int
    hash: str
    at: str = ""

    def line(self) -> str:
        return f"{self.record_id}:{self.hash} {self.at}".strip()


def anchor_now(report: ChainReport) -> Anchor:
    if report.head_id is None:
        raise ValueError("an empty audit log has no head to anchor")
    return Anchor(report.head_id, report.head_hash, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


def parse_anchors(text: str) -> list[Anchor]:
    """The anchors of a file, one `ID:HASH [time]` a line; blank lines and `#` comments skipped.
    A malformed line raises ValueError naming its line number."""
    anchors = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, _sp, at = line.partition(" ")
        record_id, _colon, digest = head.partition(":")
        if not record_id.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"line {number} is not ID:HASH (64 hexadecimal digits): {line[:80]!r}")
        anchors.append(Anchor(int(record_id), digest, at.strip()))
    return anchors


def anchors_problem(anchors: list[Anchor], report: ChainReport, *, using: str = "default") -> str:
    """Why the chain no longer holds one of the anchors (the first that fails), or "" when it holds all."""
    if not anchors:
        return ""
    stored = dict(AuditEvent.objects.using(using).filter(id__in=[a.record_id for a in anchors])
                  .values_list("id", "hash"))
    for a in anchors:
        if a.record_id not in stored:
            newest = report.head_id if report.head_id is not None else "none"
            return (f"record {a.record_id}, anchored {a.at or 'earlier'}, is gone (the newest record is "
                    f"{newest}): records were deleted")
        if stored[a.record_id] != a.hash:
            return f"record {a.record_id}'s hash is not the one anchored {a.at or 'earlier'}"
    return ""


# -- append-only guards ------------------------------------------------------------------------------------
_sqlite_maintenance: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_maintenance", default=False)


@receiver(connection_created)
def _sqlite_guard_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """SQLite's triggers ask this function whether the maintenance switch is on for this process."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "helhed_audit_maintenance", 0, lambda: int(_sqlite_maintenance.get()))


@contextmanager
def audit_maintenance(*, using: str = "default") -> Iterator[None]:
    """Lift the append-only guard, for flushing a test or benchmark database only.

    PostgreSQL: sets the session variable the triggers read; the triggers also demand a superuser session,
    so an application connecting as an ordinary role cannot delete audit rows even through this switch.
    SQLite (development and demo only) has no roles: the switch is this process's flag.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET {_PG_MAINTENANCE} = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"RESET {_PG_MAINTENANCE}")
    else:
        token = _sqlite_maintenance.set(True)
        try:
            yield
        finally:
            _sqlite_maintenance.reset(token)


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE}
        WHEN NOT helhed_audit_maintenance()
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op} refused'); END"""
    for op in ("UPDATE", "DELETE")
]
SQLITE_TRIGGERS_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]

PG_GUARD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION helhed_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{_PG_MAINTENANCE}', true) = 'on'
       AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'docs/decisions/0006-audit-chain-and-retention.md';
END $$;
"""  # noqa: S608 - constants only


def _pg_table_guards(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS audit_append_only_row ON {table}",
        f"CREATE TRIGGER audit_append_only_row BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION helhed_audit_append_only()",
        f"DROP TRIGGER IF EXISTS audit_append_only_truncate ON {table}",
        f"CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION helhed_audit_append_only()",
    ]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_{month:%Y_%m}"


def partitions_ensure(*, months_ahead: int = 3, start: dt.date | None = None, using: str = "default"
                      ) -> list[str]:
    """Create the monthly partitions from `start` (default: this month) to `months_ahead` after it, each
    with its TRUNCATE guard (row triggers are inherited from the parent, statement triggers are not).
    Rows already in the default partition for a month are moved into the new partition. PostgreSQL only;
    returns the names of the partitions created."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    month = _month_start(start or dt.date.today())
    created: list[str] = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for _ in range(months_ahead + 1):
            name, upper = partition_name(month), _next_month(month)
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0] is None:
                created.append(name)
                # A month already holding rows in the default partition must move them first; the guard
                # is lifted for that move only (a superuser's migration or command).
                cursor.execute(f"SELECT count(*) FROM {TABLE}_default WHERE at >= %s AND at < %s",  # noqa: S608
                               [month, upper])
                if cursor.fetchone()[0]:
                    cursor.execute(f"SET LOCAL {_PG_MAINTENANCE} = 'on'")
                    move = f"SELECT * FROM {TABLE}_default WHERE at >= %s AND at < %s"  # noqa: S608
                    cursor.execute(f"CREATE TEMP TABLE _audit_move ON COMMIT DROP AS {move}", [month, upper])
                    cursor.execute(f"DELETE FROM {TABLE}_default WHERE at >= %s AND at < %s",  # noqa: S608
                                   [month, upper])
                    cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)",
                                   [month.isoformat(), upper.isoformat()])
                    cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM _audit_move")  # noqa: S608
                    cursor.execute("DROP TABLE _audit_move")
                    cursor.execute(f"SET LOCAL {_PG_MAINTENANCE} = 'off'")
                else:
                    cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)",
                                   [month.isoformat(), upper.isoformat()])
                for sql in _pg_table_guards(name)[2:]:
                    cursor.execute(sql)
            month = upper
    return created


def partitions_list(*, using: str = "default") -> list[tuple[str, int]]:
    """The partitions of the audit table with their row counts (PostgreSQL; empty on SQLite)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = %s::regclass ORDER BY c.relname", [TABLE])
        names = [row[0] for row in cursor.fetchall()]
        counts = []
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608
            counts.append((name, int(cursor.fetchone()[0])))
    return counts


def pg_partition_table_sql() -> list[str]:
    """Rebuild the (unpartitioned) audit table as one partitioned by month on `at`, keeping every row."""
    columns = ", ".join(["id", *[n for n in HASHED_FIELDS if n != "id"], "prev_hash", "hash"])
    return [
        f"ALTER TABLE {TABLE} RENAME TO {TABLE}_unpartitioned",
        "ALTER INDEX IF EXISTS access_audit_citizen_at RENAME TO access_audit_citizen_at_old",
        "ALTER INDEX IF EXISTS access_audit_at RENAME TO access_audit_at_old",
        f"""CREATE TABLE {TABLE} (
            id bigint NOT NULL,
            at timestamp with time zone NOT NULL,
            actor_id bigint NULL,
            actor_role varchar(30) NOT NULL,
            actor_unit varchar(200) NOT NULL,
            actor_name varchar(300) NOT NULL,
            citizen_id bigint NULL,
            action varchar(30) NOT NULL,
            object_type varchar(50) NOT NULL,
            object_id bigint NULL,
            purpose varchar(200) NOT NULL,
            route varchar(100) NOT NULL,
            basis varchar(30) NOT NULL,
            grant_id bigint NULL,
            prev_hash varchar(64) NOT NULL,
            hash varchar(64) NOT NULL,
            PRIMARY KEY (id, at)
        ) PARTITION BY RANGE (at)""",
        f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT",
        f"CREATE INDEX access_audit_citizen_at ON {TABLE} (citizen_id, at)",
        f"CREATE INDEX access_audit_at ON {TABLE} (at)",
        f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {TABLE}_unpartitioned",  # noqa: S608
        f"DROP TABLE {TABLE}_unpartitioned",
        PG_GUARD_FUNCTION,
        *_pg_table_guards(TABLE),
        *_pg_table_guards(f"{TABLE}_default")[2:],
    ]

