"""Domain errors: raised by services, shown to the user in their language.

Messages are written for a caseworker and say what to do next. The web layer shows them in the
active language (Danish by default); the API returns them in English in `detail`.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain was broken; nothing was written."""

    status_code = 400

    def __init__(self, message: str | Promise, *, field: str | None = None, **context: Any) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.context = context

    def __str__(self) -> str:
        return str(self.message)


class ValidationError(DomainError):
    """Input that cannot be accepted as it is."""


class PermissionDenied(DomainError):
    """The actor may see the object but not do this to it."""

    status_code = 403


class NotFound(DomainError):
    """Does not exist, or the actor may not know that it exists (we answer 404, never 403)."""

    status_code = 404


class Conflict(DomainError):
    """Someone else saved the same object first. Carries the current version for the user to compare."""

    status_code = 409

    def __init__(self, message: str | Promise, *, current: Any = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.current = current
