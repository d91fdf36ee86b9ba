"""After the demo is built (through the services, as `helhed demo` builds it), no table holds a CPR number in
clear text: every text and JSON value of every table is scanned for anything shaped like one, with and
without the dash, in the ordinary and the replacement (+60) form."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.utils import timezone

from helhed.core.cpr import CPR
from helhed.core.errors import ValidationError
from helhed.people.models import Citizen
from helhed.synth.demo import build_demo
from helhed.synth.generator import municipality

# Not inside a longer run of letters or digits: hashes and tokens are runs of those.
SHAPE = re.compile(r"(?<![0-9A-Za-z])([0-9]{6}-?[0-9]{4})(?![0-9A-Za-z])")


def cpr_numbers_in(text: str) -> list[str]:
    """Every substring of `text` that is a valid CPR number (ordinary or replacement)."""
    found = []
    for candidate in SHAPE.findall(text):
        try:
            found.append(CPR.parse(candidate).digits)
        except ValidationError:
            continue
    return found


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return None


def scan_every_table() -> dict[str, int]:
    """table.column -> how many values hold something shaped like a CPR number (never the numbers)."""
    hits: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _text(value)
                    if text and cpr_numbers_in(text):
                        key = f"{table}.{column}"
                        hits[key] = hits.get(key, 0) + 1
    return hits


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[list[str]]:
    """A small demo municipality, built once for the module and rolled back afterwards; the citizens'
    CPR numbers (decrypted, to prove they exist and to look for them by value too)."""
    m = municipality(seed=11, citizens=12, today=timezone.localdate())
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build_demo(m)
            yield [c.cpr.digits for c in Citizen.objects.all()]
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_no_table_holds_a_cpr_number_in_clear_text(demo: list[str]) -> None:
    assert len(demo) >= 12
    assert scan_every_table() == {}


@pytest.mark.django_db
def test_no_table_holds_a_citizens_number_in_any_form(demo: list[str]) -> None:
    """By value too: the demo's own numbers, also inside longer runs where the shape scan does not look."""
    forms = {d for n in demo for d in (n, f"{n[:6]}-{n[6:]}")}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    text = _text(value)
                    assert not (text and any(n in text for n in forms)), f"a citizen's CPR number in {table}"


@pytest.mark.django_db
def test_the_scan_finds_a_number_in_clear_text(demo: list[str]) -> None:
    """The scan is not blind: one note holding a number, in each form, is found."""
    from helhed.plans.models import JournalNote

    note = JournalNote.objects.first()
    assert note is not None
    ordinary, replacement = "170585-1234", "770585-1234"
    for text in (f"Ring {ordinary} i dag", f"cpr:{replacement.replace('-', '')}.", f"({replacement})"):
        JournalNote.objects.filter(pk=note.pk).update(text=text)
        assert scan_every_table() == {"plans_journalnote.text": 1}, text
    assert cpr_numbers_in("hash 3f1709851234ab, token gAAAAB1709851234_x, 1709851234567") == []
