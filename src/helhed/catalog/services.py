"""Loading the catalogue from its data file. Idempotent: rows are matched on `code` and updated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from helhed.catalog.models import Category, InterventionType, LegalBasis
from helhed.core.errors import ValidationError

DEFAULT_CATALOG = Path(__file__).parent / "data" / "catalog.json"

_LEGAL_FIELDS = ("law", "paragraph", "title_da", "title_en")
_TYPE_FIELDS = ("name_da", "name_en", "legal_basis", "category")


def _require(row: dict[str, Any], fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in ("code", *fields) if not row.get(f)]
    if missing:
        raise ValidationError(_("%(where)s lacks %(fields)s.") % {"where": where, "fields": ", ".join(missing)})


@transaction.atomic
def catalog_sync(*, path: Path = DEFAULT_CATALOG) -> tuple[int, int]:
    """Create or update every legal basis and intervention type in the file. All or nothing.

    Types no longer in the file are marked not in use (never deleted: plans refer to them).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    bases: dict[str, LegalBasis] = {}
    for i, row in enumerate(data.get("legal_bases", []), start=1):
        _require(row, _LEGAL_FIELDS, f"legal_bases[{i}]")
        basis, _created = LegalBasis.objects.update_or_create(
            code=row["code"],
            defaults={k: row.get(k, "") for k in (*_LEGAL_FIELDS, "kle")},
        )
        bases[basis.code] = basis
    seen: list[str] = []
    for i, row in enumerate(data.get("intervention_types", []), start=1):
        where = f"intervention_types[{i}] ({row.get('code', '?')})"
        _require(row, _TYPE_FIELDS, where)
        if row["legal_basis"] not in bases:
            raise ValidationError(
                _("%(where)s refers to the unknown legal basis %(code)s.")
                % {"where": where, "code": row["legal_basis"]}
            )
        if row["category"] not in Category.values:
            raise ValidationError(
                _("%(where)s has the unknown category %(cat)s.") % {"where": where, "cat": row["category"]}
            )
        InterventionType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_da": row["name_da"], "name_en": row["name_en"],
                "legal_basis": bases[row["legal_basis"]], "category": row["category"],
                "full_time_residential": bool(row.get("full_time_residential", False)),
                "start_deadline_days": row.get("start_deadline_days"),
                "is_active": True,
            },
        )
        seen.append(row["code"])
    InterventionType.objects.exclude(code__in=seen).update(is_active=False)
    return len(bases), len(seen)
