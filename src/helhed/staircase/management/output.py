"""Rich tables for the command line, rendered to text so Django's stdout (and tests) receive them."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

WIDTH = 160


def table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = (),
    wrap: Sequence[int] = (),
) -> Table:
    """A table; columns in `right` (numbers) are right-aligned; only columns in `wrap` may wrap their text."""
    t = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        t.add_column(name, justify="right" if i in right else "left", no_wrap=i not in wrap)
    for row in rows:
        t.add_row(*row)
    return t


def render(*items: object) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDTH, color_system=None, soft_wrap=False)
    for item in items:
        console.print(item)
    return buffer.getvalue()


def kr(amount: float) -> str:
    return f"{amount:,.0f}"


def thousands(amount: float) -> str:
    """In 1,000 kr. (the unit of Danish budget tables)."""
    return f"{amount / 1e3:,.0f}"


def mio(amount: float) -> str:
    return f"{amount / 1e6:,.2f}"
