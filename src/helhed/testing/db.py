"""Database helpers for tests: prove that a refused write left nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps

# Every app whose rows a service may write (history and many-to-many tables included).
_APPS = ("people", "catalog", "plans", "access")


def row_counts() -> dict[str, int]:
    """Rows per table of the domain apps."""
    counts: dict[str, int] = {}
    for label in _APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            counts[model._meta.db_table] = model._default_manager.count()
    return counts


@contextmanager
def nothing_written() -> Iterator[None]:
    """Assert that the block (which is expected to raise) changed no row count in any domain table.

    Use it *outside* `pytest.raises`, so the check runs after the exception was handled.
    """
    before = row_counts()
    yield
    after = row_counts()
    changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    assert not changed, f"rows written by a refused call: {changed}"
