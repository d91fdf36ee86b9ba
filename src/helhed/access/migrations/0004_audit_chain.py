"""The audit log becomes hash-chained and append-only; on PostgreSQL partitioned by month (ADR 0006).

1. New fields (actor name, route, basis, grant, the two hashes); the id is assigned by the writer; the
   actor is a plain id so that deleting a staff account never updates an audit row.
2. The rows written before the chain are chained in id order (plain UPDATEs, before the guards exist).
3. The guards: triggers refusing UPDATE and DELETE (and TRUNCATE on PostgreSQL); on PostgreSQL the table is
   rebuilt as a table partitioned by month on `at`, key (id, at), with a default partition and the months
   from the oldest row to three months ahead.
SQLite rebuilds a table when a later migration alters it, and its triggers go with it: such a migration
must end with `audit_chain.SQLITE_TRIGGERS` again.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from helhed.access.audit_chain import GENESIS, HASHED_FIELDS, record_hash

    event = apps.get_model("access", "AuditEvent")
    db = schema_editor.connection.alias
    prev = GENESIS
    for row in event.objects.using(db).order_by("id").values(*HASHED_FIELDS).iterator(chunk_size=2000):
        prev_hash, prev = prev, record_hash(prev, row)
        event.objects.using(db).filter(id=row["id"]).update(prev_hash=prev_hash, hash=prev)


def guard(apps, schema_editor):
    from helhed.access import audit_chain

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT min(at) FROM {audit_chain.TABLE}")  # noqa: S608 - a constant
            oldest = cursor.fetchone()[0]
            for sql in audit_chain.pg_partition_table_sql():
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            oldest = None
            for sql in audit_chain.SQLITE_TRIGGERS:
                cursor.execute(sql)
        else:
            raise RuntimeError(f"No append-only guard for {connection.vendor}")
    if connection.vendor == "postgresql":
        today = django.utils.timezone.localdate()
        start = oldest.date() if oldest else today
        months = (today.year - start.year) * 12 + today.month - start.month + 3
        audit_chain.partitions_ensure(start=start, months_ahead=months, using=connection.alias)


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("access", "0003_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField("auditevent", "id", models.BigIntegerField(primary_key=True, serialize=False)),
        migrations.AlterField("auditevent", "at", models.DateTimeField(default=django.utils.timezone.now)),
        migrations.AlterField("auditevent", "actor", models.ForeignKey(
            db_constraint=False, null=True, on_delete=models.DO_NOTHING, related_name="+",
            to=settings.AUTH_USER_MODEL)),
        migrations.AlterField("auditevent", "citizen_id", models.BigIntegerField(null=True)),
        migrations.AddField("auditevent", "actor_name", models.CharField(blank=True, max_length=300, default=""), preserve_default=False),
        migrations.AddField("auditevent", "route", models.CharField(blank=True, max_length=100, default=""), preserve_default=False),
        migrations.AddField("auditevent", "basis", models.CharField(
            blank=True, max_length=30, default="", choices=[
                ("", "work relation"), ("break_the_glass", "break the glass"), ("consent", "consent"),
                ("legal_basis", "legal basis without consent"), ("system", "the system")])),
        migrations.AddField("auditevent", "grant_id", models.BigIntegerField(null=True)),
        migrations.AddField("auditevent", "prev_hash", models.CharField(max_length=64, default=""), preserve_default=False),
        migrations.AddField("auditevent", "hash", models.CharField(max_length=64, default=""), preserve_default=False),
        migrations.AddIndex("auditevent", models.Index(fields=["citizen_id", "at"],
                                                       name="access_audit_citizen_at")),
        migrations.AddIndex("auditevent", models.Index(fields=["at"], name="access_audit_at")),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(guard),
    ]
