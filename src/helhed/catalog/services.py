"""Loading the catalogue from its data file. Idempotent: rows are matched on `code` and updated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.translation import gettext as _

from helhed.catalog.models import Category, InterventionType, LegalBasis
from helhed.core.errors import ValidationError

DEFAULT_CATALOG = Path(__file__).parent / "data" / "catalog.json"

_LEGAL_FIELDS = ("law", "paragraph", "title_da", "title_en")
_TYPE_FIELDS = ("name_da", "name_en", "legal_basis", "category")


def _require(row: dict[str, Any], fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in ("code", *fields) if not row.get(f)]
    if missing:
        raise ValidationError(
            _("%(where)s lacks %(fields)s.") % {"where": where, "fields": ", ".join(missing)}
        )


def _rows(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    rows = data.get(section, [])
    if not isinstance(rows, list):
        raise ValidationError(_("%(section)s must be a list of rows.") % {"section": section})
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValidationError(
                _("%(section)s[%(i)s] is not a row (an object with named fields).")
                % {"section": section, "i": i}
            )
    return rows


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(
            _("Cannot read the catalogue file %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = (_("line %(line)s, column %(col)s") % {"line": error.lineno, "col": error.colno}
                 if isinstance(error, json.JSONDecodeError) else _("an encoding error (use UTF-8)"))
        raise ValidationError(
            _("The catalogue file %(path)s is not valid JSON: %(where)s.") % {"path": path, "where": where}
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The catalogue file %(path)s must hold one JSON object.") % {"path": path})
    return data


def _deadline(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 365:
        raise ValidationError(
            _("%(where)s has start_deadline_days %(value)s: give a whole number of days (1-365) "
              "or leave it out.")
            % {"where": where, "value": json.dumps(value)}
        )
    return value


def _check_lengths(row: dict[str, Any], model: type[models.Model], where: str) -> None:
    """Refuse a value longer than its column (PostgreSQL would fail mid-sync, SQLite would store it)."""
    for key, value in row.items():
        try:
            column = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        max_length = column.max_length if isinstance(column, models.Field) else None
        if isinstance(value, str) and max_length is not None and len(value) > max_length:
            raise ValidationError(
                _("%(where)s: %(key)s is longer than %(n)s characters.") % {"where": where, "key": key,
                                                                             "n": max_length}
            )


def _check_unique(codes: list[str], section: str) -> None:
    seen: set[str] = set()
    for i, code in enumerate(codes, start=1):
        if code in seen:
            raise ValidationError(
                _("%(section)s[%(i)s] (%(code)s): the code appears twice in the file.")
                % {"section": section, "i": i, "code": code}
            )
        seen.add(code)


@transaction.atomic
def catalog_sync(*, path: Path = DEFAULT_CATALOG) -> tuple[int, int]:
    """Create or update every legal basis and intervention type in the file. All or nothing.

    The whole file is checked before anything is written; an error names the row (1-based) and its code.
    Types no longer in the file are marked not in use (never deleted: plans refer to them).
    """
    data = _read(path)
    legal_rows = _rows(data, "legal_bases")
    type_rows = _rows(data, "intervention_types")
    for i, row in enumerate(legal_rows, start=1):
        where = f"legal_bases[{i}] ({row.get('code') or '?'})"
        _require(row, _LEGAL_FIELDS, where)
        _check_lengths(row, LegalBasis, where)
    _check_unique([row["code"] for row in legal_rows], "legal_bases")
    legal_codes = {row["code"] for row in legal_rows}
    deadlines: list[int | None] = []
    for i, row in enumerate(type_rows, start=1):
        where = f"intervention_types[{i}] ({row.get('code') or '?'})"
        _require(row, _TYPE_FIELDS, where)
        _check_lengths({k: v for k, v in row.items() if k != "legal_basis"}, InterventionType, where)
        if row["legal_basis"] not in legal_codes:
            raise ValidationError(
                _("%(where)s refers to the unknown legal basis %(code)s.")
                % {"where": where, "code": row["legal_basis"]}
            )
        if row["category"] not in Category.values:
            raise ValidationError(
                _("%(where)s has the unknown category %(cat)s.") % {"where": where, "cat": row["category"]}
            )
        deadlines.append(_deadline(row.get("start_deadline_days"), where))
    _check_unique([row["code"] for row in type_rows], "intervention_types")

    bases: dict[str, LegalBasis] = {}
    for row in legal_rows:
        basis, _created = LegalBasis.objects.update_or_create(
            code=row["code"],
            defaults={k: row.get(k, "") for k in (*_LEGAL_FIELDS, "kle")},
        )
        bases[basis.code] = basis
    for row, deadline in zip(type_rows, deadlines, strict=True):
        InterventionType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_da": row["name_da"], "name_en": row["name_en"],
                "legal_basis": bases[row["legal_basis"]], "category": row["category"],
                "full_time_residential": bool(row.get("full_time_residential", False)),
                "start_deadline_days": deadline,
                "is_active": True,
            },
        )
    seen = [row["code"] for row in type_rows]
    InterventionType.objects.exclude(code__in=seen).update(is_active=False)
    return len(bases), len(seen)
