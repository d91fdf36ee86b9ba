"""The audit log is append-only in the database and hash-chained: `helhed audit verify` finds any update,
deletion or reordering, and a read whose audit record cannot be written fails."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from helhed.access import audit_chain
from helhed.access.audit import audit_record, audit_record_many
from helhed.access.audit_chain import GENESIS, audit_maintenance, chain_verify
from helhed.access.models import AuditEvent
from helhed.people.models import OrgUnit
from helhed.plans import selectors
from helhed.testing import factories as f
from helhed.testing.audit import clear_audit_log
from helhed.testing.cast import make_cast

TABLE = AuditEvent._meta.db_table
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def world(org: dict[str, OrgUnit]) -> SimpleNamespace:
    cast = make_cast(org)
    plan = f.plan(coordinator=cast.coordinator)
    clear_audit_log()
    for n in range(6):
        audit_record(actor=cast.coordinator, action="view", citizen_id=plan.citizen_id, object_type="plan",
                     object_id=plan.pk, purpose=f"test_{n}")
    return SimpleNamespace(cast=cast, plan=plan, ids=list(AuditEvent.objects.order_by("id")
                                                          .values_list("id", flat=True)))


def _verify_fails_at(record_id: int) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert f"BROKEN at record {record_id}" in str(failure.value)
    return str(failure.value)


# -- the chain ------------------------------------------------------------------------------------------
def test_records_are_chained_in_order(world: SimpleNamespace) -> None:
    events = list(AuditEvent.objects.order_by("id"))
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash and b.id == a.id + 1 for a, b in itertools.pairwise(events))
    report = chain_verify()
    assert (report.ok, report.records, report.head_id, report.head_hash) == (True, 6, events[-1].id,
                                                                              events[-1].hash)


def test_verify_command_reports_an_intact_chain(world: SimpleNamespace, capsys: pytest.CaptureFixture[str]
                                                ) -> None:
    audit_record_many(actor=world.cast.leader, action="list", citizen_ids=[1, 2, 3], purpose="caseload")
    call_command("audit", "verify")
    assert "Audit chain intact: 9 records" in capsys.readouterr().out


def test_an_updated_record_is_named(world: SimpleNamespace) -> None:
    target = world.ids[3]
    with audit_maintenance():
        AuditEvent.objects.filter(id=target).update(purpose="nothing to see")
    assert "content does not match" in _verify_fails_at(target)


def test_an_updated_timestamp_is_named(world: SimpleNamespace) -> None:
    target = world.ids[2]
    with audit_maintenance():
        AuditEvent.objects.filter(id=target).update(at=timezone.now() - dt.timedelta(days=1))
    _verify_fails_at(target)


def test_a_deleted_record_is_found_at_the_next(world: SimpleNamespace) -> None:
    with audit_maintenance():
        AuditEvent.objects.filter(id=world.ids[2]).delete()
    assert "link to the previous record" in _verify_fails_at(world.ids[3])


def test_a_deleted_first_record_is_found(world: SimpleNamespace) -> None:
    with audit_maintenance():
        AuditEvent.objects.filter(id=world.ids[0]).delete()
    _verify_fails_at(world.ids[1])


def test_reordered_records_are_found(world: SimpleNamespace) -> None:
    """Two records swap places (their ids), hashes and all: the chain no longer links up."""
    a, b = world.ids[1], world.ids[4]
    with audit_maintenance():
        AuditEvent.objects.filter(id=a).update(id=-1)
        AuditEvent.objects.filter(id=b).update(id=a)
        AuditEvent.objects.filter(id=-1).update(id=b)
    _verify_fails_at(a)


def test_a_rehashed_forgery_is_found_at_the_next_record(world: SimpleNamespace) -> None:
    """Changing a record and recomputing its own hash still breaks the next record's link."""
    target = AuditEvent.objects.get(id=world.ids[2])
    target.purpose = "forged"
    forged_hash = audit_chain.record_hash(target.prev_hash, audit_chain._fields(target))
    with audit_maintenance():
        AuditEvent.objects.filter(id=target.id).update(purpose="forged", hash=forged_hash)
    _verify_fails_at(world.ids[3])


def test_deleted_newest_records_are_found_against_the_recorded_head(world: SimpleNamespace) -> None:
    head = chain_verify()
    with audit_maintenance():
        AuditEvent.objects.filter(id=world.ids[-1]).delete()
    call_command("audit", "verify")  # a shorter chain is still a chain ...
    with pytest.raises(CommandError, match=f"record {head.head_id}, anchored earlier, is gone"):
        call_command("audit", "verify", "--expect-head", f"{head.head_id}:{head.head_hash}")


def test_anchors_written_down_find_deleted_newest_records_and_a_changed_head(
        world: SimpleNamespace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    anchors = tmp_path / "elsewhere" / "audit-anchors.txt"
    call_command("audit", "anchor", "--to", str(anchors))
    first = chain_verify()
    audit_record(actor=world.cast.coordinator, action="view", citizen_id=world.plan.citizen_id,
                 object_type="plan", object_id=world.plan.pk, purpose="later")
    call_command("audit", "anchor", "--to", str(anchors))
    lines = anchors.read_text().splitlines()
    assert [line.split()[0] for line in lines] == [f"{first.head_id}:{first.head_hash}",
                                                   f"{chain_verify().head_id}:{chain_verify().head_hash}"]
    call_command("audit", "verify", "--anchors", str(anchors))
    assert "2 anchors held" in capsys.readouterr().out
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest is not None
    with audit_maintenance():
        AuditEvent.objects.filter(id=newest.id).delete()
    call_command("audit", "verify")  # without the anchors the shorter chain looks whole ...
    with pytest.raises(CommandError, match=f"record {newest.id}, anchored .*, is gone"):
        call_command("audit", "verify", "--anchors", str(anchors))  # ... with them it does not
    with pytest.raises(CommandError, match="records were deleted"):
        call_command("audit", "anchor", "--to", str(anchors))  # nor is a broken state anchored
    anchors.write_text(lines[0] + "\n" + "12:not-a-hash\n")
    with pytest.raises(CommandError, match="line 2 is not ID:HASH"):
        call_command("audit", "verify", "--anchors", str(anchors))
    anchors.write_text(f"{first.head_id}:{'0' * 64}\n")
    with pytest.raises(CommandError, match=f"record {first.head_id}'s hash is not the one anchored"):
        call_command("audit", "verify", "--anchors", str(anchors))


# -- append-only in the database ---------------------------------------------------------------------------
@pytest.mark.parametrize("statement", [
    f"UPDATE {TABLE} SET purpose = 'x'",  # noqa: S608
    f"DELETE FROM {TABLE}",  # noqa: S608
    f"UPDATE {TABLE} SET hash = prev_hash",  # noqa: S608
])
def test_the_database_refuses_to_change_audit_rows(world: SimpleNamespace, statement: str) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement)
    assert chain_verify().records == 6


def test_the_orm_cannot_delete_either(world: SimpleNamespace) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(id=world.ids[0]).delete()


@on_postgresql
def test_postgresql_refuses_truncate(world: SimpleNamespace) -> None:
    this_month = audit_chain.partition_name(timezone.now().date().replace(day=1))
    for table in (TABLE, f"{TABLE}_default", this_month):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cur:
            cur.execute(f"TRUNCATE {table}")


@on_postgresql
def test_the_maintenance_switch_needs_a_superuser(world: SimpleNamespace) -> None:
    """The application's ordinary role cannot lift the guard by setting the switch itself."""
    with connection.cursor() as cur:
        cur.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'helhed_app_test') "
                    "THEN CREATE ROLE helhed_app_test NOSUPERUSER; END IF; END $$")
        cur.execute(f"GRANT SELECT, UPDATE, DELETE ON {TABLE} TO helhed_app_test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL helhed.audit_maintenance = 'on'")
        cur.execute("SET LOCAL ROLE helhed_app_test")
        cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608


# -- logging cannot be skipped ---------------------------------------------------------------------------
def test_a_read_whose_audit_record_fails_fails(world: SimpleNamespace) -> None:
    with mock.patch("helhed.access.audit.chain_append", side_effect=DatabaseError("disk full")), \
            pytest.raises(DatabaseError):
        selectors.plan_page(actor=world.cast.coordinator, citizen_id=world.plan.citizen_id)


def test_a_page_whose_audit_record_fails_is_not_shown(world: SimpleNamespace) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(world.cast.coordinator)
    with mock.patch("helhed.access.audit.chain_append", side_effect=DatabaseError("disk full")):
        response = client.get(f"/citizens/{world.plan.citizen_id}/")
    assert response.status_code == 500
    assert world.plan.citizen.first_name.encode() not in response.content


# -- why: the route --------------------------------------------------------------------------------------
def test_the_route_of_the_request_is_recorded(world: SimpleNamespace) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.cast.coordinator)
    assert client.get(f"/citizens/{world.plan.citizen_id}/").status_code == 200
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.route, event.purpose, event.actor_name) == ("plan", "plan_page",
                                                             world.cast.coordinator.get_full_name())


def test_a_system_record_and_a_break_the_glass_basis(world: SimpleNamespace) -> None:
    audit_record(actor=None, action="delete", citizen_id=world.plan.citizen_id, purpose="retention")
    audit_record(actor=world.cast.stranger, action="view", citizen_id=world.plan.citizen_id,
                 purpose="plan_page", basis=AuditEvent.Basis.BREAK_THE_GLASS, grant_id=41)
    system, glass = AuditEvent.objects.order_by("-id")[1], AuditEvent.objects.order_by("-id")[0]
    assert (system.actor_id, system.actor_role, system.basis) == (None, "system", "system")
    assert (glass.basis, glass.grant_id) == ("break_the_glass", 41)
    assert chain_verify().ok


# -- concurrent writers ----------------------------------------------------------------------------------
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain(org: dict[str, OrgUnit]) -> None:
    cast = make_cast(org)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(15):
                if i % 3:
                    audit_record(actor=cast.coordinator, action="view", citizen_id=n, purpose="plan_page")
                else:
                    audit_record_many(actor=cast.leader, action="list", citizen_ids=[n, n + 100],
                                      purpose="caseload")
        except BaseException as error:  # handed to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = chain_verify()
    assert (report.ok, report.records) == (True, 6 * (10 + 5 * 2))


# -- partitions (PostgreSQL) -----------------------------------------------------------------------------
@on_postgresql
def test_partitions_by_month_and_a_default_that_never_refuses(world: SimpleNamespace) -> None:
    names = dict(audit_chain.partitions_list())
    this_month = audit_chain.partition_name(timezone.now().date().replace(day=1))
    assert names[this_month] == 6
    far = dt.datetime(2031, 5, 17, 12, tzinfo=dt.UTC)
    with mock.patch("helhed.access.audit.timezone.now", return_value=far):
        audit_record(actor=world.cast.coordinator, action="view", citizen_id=1, purpose="plan_page")
    assert dict(audit_chain.partitions_list())[f"{TABLE}_default"] == 1
    created = audit_chain.partitions_ensure(start=far.date(), months_ahead=0)
    assert created == [f"{TABLE}_2031_05"]
    counts = dict(audit_chain.partitions_list())
    assert (counts[f"{TABLE}_default"], counts[f"{TABLE}_2031_05"]) == (0, 1)
    assert chain_verify().ok


def test_the_partitions_command(world: SimpleNamespace, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "partitions", "--months-ahead", "1")
    out = capsys.readouterr().out
    if connection.vendor == "postgresql":
        this_month = audit_chain.partition_name(timezone.now().date().replace(day=1))
        assert f"{this_month}" in out and "6 rows" in out and f"{TABLE}_default" in out
    else:
        assert "not PostgreSQL" in out
