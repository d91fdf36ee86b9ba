"""Messages from the pure model code, translated when they are shown.

The model modules (`projection`, `estimation`, `positions`) must run without Django set up (the benchmark,
a notebook, a test without a database). `_()` marks an English message for translation (makemessages
finds it like any `_()` call); the message is looked up in Django's catalogue only when it is turned into
text, and only if Django is configured. Never format a message before raising it: use `_("...") % {...}`,
so the translation happens first and the numbers go in afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise


class Message(Promise):
    """An English message with its parameters; `str()` translates it into the active language."""

    def __init__(self, msgid: str, params: Mapping[str, Any] | None = None) -> None:
        self.msgid = msgid
        self.params = dict(params) if params is not None else None

    def __mod__(self, params: Mapping[str, Any]) -> Message:
        return Message(self.msgid, params)

    def __str__(self) -> str:
        text = self.msgid
        try:
            from django.conf import settings

            if settings.configured:
                from django.utils.translation import gettext

                text = gettext(self.msgid)
        except ImportError:  # pragma: no cover - Django is always installed with Helhed
            pass
        return text % self.params if self.params is not None else text

    def __repr__(self) -> str:
        return f"Message({self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.msgid)


def _(msgid: str) -> Message:
    return Message(msgid)


def kr(amount: float) -> str:
    """An amount in whole kroner with thousands separators (1,400,000 kr.)."""
    return f"{amount:,.0f} kr."
