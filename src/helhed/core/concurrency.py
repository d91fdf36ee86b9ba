"""Optimistic concurrency: the second writer of the same object gets a Conflict, never a silent overwrite."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from helhed.core.errors import Conflict
from helhed.core.models import Versioned

V = TypeVar("V", bound=Versioned)


def save_versioned(obj: V, *, expected_version: int, fields: dict[str, Any], actor: Any = None) -> V:
    """Write `fields` to `obj` only if nobody saved it since `expected_version`.

    The version is claimed first with one conditional UPDATE (compare-and-set), so of two writers only
    one can pass; then the object is re-read (the claim holds the row lock on PostgreSQL; SQLite writers are
    serialised) and saved normally, so its history records who changed what. Re-reading matters: `obj` may
    have been loaded before a change that did not go through here, and a plain `save()` of the stale copy
    would silently write that change back.
    """
    model = type(obj)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if claimed != 1:
            current = model._default_manager.get(pk=obj.pk)
            raise Conflict(
                _("Someone else saved this while you were editing. Your text is kept below; "
                  "compare it with the saved version and save again."),
                current=current,
            )
        obj.refresh_from_db()
        for name, value in fields.items():
            setattr(obj, name, value)
        if actor is not None:
            obj._history_user = actor  # type: ignore[attr-defined]
        obj.save()
    return obj
