"""Property-based: schemathesis drives every housing API operation with generated input; nothing answers
5xx (helhed.testing.fuzz says how).

Called with the token of the allocating caseworker (who sees homes and candidates) and, for the
citizen-side operations, of the coordinating caseworker.
"""

from __future__ import annotations

import pytest
import schemathesis

from helhed.access.tokens import token_create
from helhed.housing.tests.conftest import World
from helhed.testing.fuzz import MODES, api_operations, keep_the_test_connection, run_operation

__all__ = ["keep_the_test_connection"]  # the fixture, imported for pytest


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_housing_operation_fails_on_generated_input(
    world: World, mode: schemathesis.GenerationMode
) -> None:
    world.apply("anna")
    world.home()
    operations = api_operations("/api/v1/housing/")
    assert operations
    failures: list[str] = []
    for user in (world.allocator, world.coordinator):
        _token, raw = token_create(user=user, name="fuzz")
        for operation in operations:
            run_operation(operation, mode, {"Authorization": f"Bearer {raw}"}, failures)
    assert not failures, "\n\n".join(failures)
