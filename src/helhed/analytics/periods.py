"""Periods: a quarter ("2026Q3") or a year ("2026"), as half-open date ranges [start, end)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from helhed.core.errors import ValidationError

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # exclusive
    label: str

    @property
    def is_year(self) -> bool:
        return _YEAR.match(self.label) is not None

    def previous(self) -> Period:
        """The period of the same length just before this one (2026Q1 -> 2025Q4, 2026 -> 2025)."""
        if self.is_year:
            return parse_period(str(self.start.year - 1))
        year, quarter = self.start.year, (self.start.month - 1) // 3 + 1
        return parse_period(f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}")

    def year_before_end(self) -> date:
        """The first day of the twelve months that end with this period (rolling-year indicators)."""
        return date(self.end.year - 1, self.end.month, 1)


def parse_period(text: str) -> Period:
    text = text.strip().upper()
    if m := _QUARTER.match(text):
        year, quarter = int(m.group(1)), int(m.group(2))
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return Period(start, end, text)
    if m := _YEAR.match(text):
        year = int(m.group(1))
        return Period(date(year, 1, 1), date(year + 1, 1, 1), text)
    raise ValidationError(
        _("%(text)s is not a period: write a quarter like 2026Q3 or a year like 2026.") % {"text": text},
        field="period",
    )


def period_of(day: date) -> str:
    """The quarter a day falls in, as a label."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
