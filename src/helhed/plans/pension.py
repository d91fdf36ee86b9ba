"""State pension age (folkepensionsalder) by birth date, as in Lov om social pension § 1 a (2025).

The law raises the age by birth cohort; the table is kept here with its source because the plan's
transition check needs it and it changes only by act of parliament.
"""

from __future__ import annotations

import datetime as dt

# (born on or after, pension age in months)
_COHORTS: tuple[tuple[dt.date, int], ...] = (
    (dt.date(1, 1, 1), 65 * 12),
    (dt.date(1954, 1, 1), 65 * 12 + 6),
    (dt.date(1954, 7, 1), 66 * 12),
    (dt.date(1955, 1, 1), 66 * 12 + 6),
    (dt.date(1955, 7, 1), 67 * 12),
    (dt.date(1963, 1, 1), 68 * 12),
    (dt.date(1967, 1, 1), 69 * 12),
    (dt.date(1971, 1, 1), 70 * 12),
)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    # The 29th-31st may not exist in the target month: use its last day.
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(target_year, target_month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def pension_date(birth_date: dt.date) -> dt.date:
    months = next(m for start, m in reversed(_COHORTS) if birth_date >= start)
    return _add_months(birth_date, months)


def eighteenth_birthday(birth_date: dt.date) -> dt.date:
    return _add_months(birth_date, 18 * 12)
