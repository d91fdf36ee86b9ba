"""Writes of the analytics app: targets from their data file, indicator runs and their results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from helhed.analytics.choices import TargetKind
from helhed.analytics.models import Target
from helhed.core.errors import ValidationError

DEFAULT_TARGETS = Path(__file__).parent / "data" / "targets.json"

_TARGET_FIELDS = ("baseline_value", "baseline_period", "target_kind", "target_value", "target_period",
                  "owner", "note")


def _read_targets(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(
            _("Cannot read the targets file %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(_("The targets file %(path)s is not valid JSON.") % {"path": path}) from None
    rows = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValidationError(_("The targets file %(path)s must hold a list \"targets\".") % {"path": path})
    return rows


def _clean_target(row: Any, i: int) -> dict[str, Any]:
    from helhed.analytics.indicators import get_indicator

    if not isinstance(row, dict) or not row.get("indicator_code"):
        raise ValidationError(_("targets[%(i)s] lacks indicator_code.") % {"i": i})
    code = row["indicator_code"]
    if get_indicator(code) is None:
        raise ValidationError(_("targets[%(i)s]: no indicator %(code)s.") % {"i": i, "code": code})
    if row.get("target_kind") not in TargetKind.values:
        raise ValidationError(
            _("targets[%(i)s]: target_kind must be one of %(kinds)s.")
            % {"i": i, "kinds": ", ".join(TargetKind.values)}
        )
    if not isinstance(row.get("target_value"), int | float):
        raise ValidationError(_("targets[%(i)s]: target_value must be a number.") % {"i": i})
    clean = {f: row.get(f) for f in _TARGET_FIELDS}
    for text in ("baseline_period", "target_period", "owner", "note"):
        clean[text] = clean[text] or ""
    return clean


@transaction.atomic
def targets_sync(*, path: Path = DEFAULT_TARGETS) -> int:
    """Create or update the target of every indicator in the file; all or nothing. Returns the count."""
    rows = _read_targets(path)
    cleaned = [(row["indicator_code"], _clean_target(row, i)) for i, row in enumerate(rows, start=1)]
    for code, values in cleaned:
        Target.objects.update_or_create(indicator_code=code, defaults=values)
    return len(cleaned)
