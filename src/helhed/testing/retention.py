"""Test helper: make the retention run's first deletion fail, to show one citizen's failure leaves that
citizen whole (one transaction each) while the run goes on with the others."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from helhed.access import retention


@contextmanager
def first_deletion_fails() -> Iterator[None]:
    real = retention._delete_history
    calls = {"n": 0}

    def fail_first(rows: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise retention.ProtectedError("simulated", set())
        real(rows)  # type: ignore[arg-type]

    with mock.patch.object(retention, "_delete_history", side_effect=fail_first):
        yield
