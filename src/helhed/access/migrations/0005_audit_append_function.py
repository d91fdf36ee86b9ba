"""PostgreSQL appends audit records in one round trip (helhed_audit_append, ADR 0006), and the chain's link
becomes SHA-256(previous hash + content digest) without the id, so the database can assign the id under the
lock. Records written by 0004's first formula are linked again (a superuser's migration: the guard is
lifted for it alone; there is no production data yet)."""

from django.db import migrations


def relink(apps, schema_editor):
    from helhed.access import audit_chain

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(audit_chain.PG_APPEND_FUNCTION)
    event = apps.get_model("access", "AuditEvent")
    db = connection.alias
    if not event.objects.using(db).exists():
        return
    prev = audit_chain.GENESIS
    with audit_chain.audit_maintenance(using=db):
        rows = event.objects.using(db).order_by("id").values(*audit_chain.HASHED_FIELDS, "prev_hash", "hash")
        for row in rows.iterator(chunk_size=2000):
            link = audit_chain.record_hash(prev, row)
            if (row["prev_hash"], row["hash"]) != (prev, link):
                event.objects.using(db).filter(id=row["id"]).update(prev_hash=prev, hash=link)
            prev = link


class Migration(migrations.Migration):
    dependencies = [("access", "0004_audit_chain")]

    operations = [migrations.RunPython(relink, migrations.RunPython.noop)]
