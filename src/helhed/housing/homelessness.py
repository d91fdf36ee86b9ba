"""How long a citizen has been homeless, from their statuses over time. Pure: no database.

A spell of homelessness is an unbroken run of statuses (each begins at the latest the day after the
previous one ended), whatever the category: street, then shelter, then sofa surfing is one spell.
The time homeless on a day is counted from the first day of the spell that covers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

_ONE_DAY = dt.timedelta(days=1)


def homeless_since(statuses: Iterable[tuple[dt.date, dt.date | None]], as_of: dt.date) -> dt.date | None:
    """The first day of the spell covering `as_of` (statuses as (from, to), to inclusive), or None."""
    ordered = sorted(statuses)
    current = next(
        (k for k, (start, end) in enumerate(ordered) if start <= as_of and (end is None or end >= as_of)),
        None,
    )
    if current is None:
        return None
    start = ordered[current][0]
    for earlier_start, earlier_end in reversed(ordered[:current]):
        if earlier_end is None or earlier_end >= start - _ONE_DAY:
            start = min(start, earlier_start)
        else:
            break
    return start


def homeless_days(statuses: Iterable[tuple[dt.date, dt.date | None]], as_of: dt.date) -> int:
    """Days homeless up to `as_of` in the current spell (0 if not homeless on that day)."""
    since = homeless_since(statuses, as_of)
    return 0 if since is None else (as_of - since).days
