"""The Danish personal identification number (CPR-nummer) as a value type.

Rules (CPR-kontoret): DDMMYY-SSSS. The 7th digit with YY gives the century. The modulus-11 check is
*not* a validity rule: since 2007 numbers are issued that fail it, so we only report it.
Replacement numbers (erstatningspersonnumre) add 60 to the day of month; they are accepted and marked.

Never log or print a CPR number: `str()` and `repr()` of this type are masked on purpose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from helhed.core.errors import ValidationError

# ASCII digits only: `\d` would also match e.g. Arabic-Indic or full-width digits, and the same number
# written with them would hash differently and be registered twice.
_FORMAT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})-?([0-9]{4})")
_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
REPLACEMENT_DAY_OFFSET = 60


def _century(yy: int, seventh: int) -> int | None:
    """The century of a CPR number from its 7th digit and the two-digit year, or None if not issued."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    # 5-8
    if yy <= 36:
        return 2000
    if yy >= 58:
        return 1800
    return None


@dataclass(frozen=True, slots=True)
class CPR:
    """A valid CPR number. Build it with `CPR.parse`."""

    digits: str  # ten digits, no dash
    birth_date: dt.date
    is_replacement: bool

    @classmethod
    def parse(cls, raw: str) -> CPR:
        text = (raw or "").strip()
        match = _FORMAT.fullmatch(text)
        if not match:
            raise ValidationError(
                _("A CPR number has the form DDMMYY-SSSS: six digits for the birth date, "
                  "a dash (optional) and four digits."),
                field="cpr",
            )
        dd, mm, yy, serial = (int(match.group(1)), int(match.group(2)), int(match.group(3)), match.group(4))
        is_replacement = dd > REPLACEMENT_DAY_OFFSET
        day = dd - REPLACEMENT_DAY_OFFSET if is_replacement else dd
        if not 1 <= mm <= 12:
            raise ValidationError(
                _("The month in a CPR number (digits 3-4) must be 01-12."), field="cpr"
            )
        century = _century(yy, int(serial[0]))
        if century is None:
            raise ValidationError(
                _("The year (digits 5-6) and the 7th digit do not fit together: "
                  "no CPR numbers are issued with a 7th digit of 5-8 for years 37-57."),
                field="cpr",
            )
        try:
            birth = dt.date(century + yy, mm, day)
        except ValueError:
            raise ValidationError(
                _("The day in a CPR number (digits 1-2) does not exist in that month "
                  "(replacement numbers add 60 to the day)."),
                field="cpr",
            ) from None
        return cls(digits=f"{match.group(1)}{match.group(2)}{match.group(3)}{serial}",
                   birth_date=birth, is_replacement=is_replacement)

    @property
    def formatted(self) -> str:
        """DDMMYY-SSSS: only for showing to someone allowed to see it."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def passes_modulus11(self) -> bool:
        """Informational only: valid numbers may fail it."""
        total = sum(int(d) * w for d, w in zip(self.digits, _MOD11_WEIGHTS, strict=True))
        return total % 11 == 0

    @property
    def is_male(self) -> bool:
        return int(self.digits[-1]) % 2 == 1

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def __str__(self) -> str:
        return f"{self.digits[:6]}-XXXX"

    def __repr__(self) -> str:
        return f"CPR({self.digits[:6]}-XXXX)"
