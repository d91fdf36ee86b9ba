"""Housing associations' notices as files: reading a CSV, checking every cell, writing a safe CSV.

Pure: no database. `parse_notice_rows` checks every row and column and returns the good records and a
problem for every bad value (row number as in the file, column name, what to do). Matching the CPR
number to a citizen and writing rows is the service's job (services.notices_import).
A problem never carries the value of a CPR number, only its column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from helhed.core.cpr import CPR
from helhed.core.errors import ValidationError

REQUIRED_COLUMNS = ("cpr", "housing_association", "kind", "received_on", "deadline")
OPTIONAL_COLUMNS = ("reference", "address", "amount_owed", "note")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
KIND_ALIASES: dict[str, str] = {
    "rent_arrears": "rent_arrears",
    "restance": "rent_arrears",
    "huslejerestance": "rent_arrears",
    "påkrav": "rent_arrears",
    "complaint": "complaint",
    "klage": "complaint",
    "advarsel": "complaint",
    "termination": "termination",
    "ophævelse": "termination",
    "opsigelse": "termination",
    "eviction": "eviction",
    "udsættelse": "eviction",
    "fogedsag": "eviction",
}
MAX_ROWS = 50_000
MAX_BYTES = 20_000_000
MAX_TEXT = {"housing_association": 200, "reference": 100, "address": 200, "note": 2000}
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad value: the row as numbered in the file (the header is row 1), the column, what is wrong."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    row: int
    cpr: CPR
    housing_association: str
    kind: str
    received_on: dt.date
    deadline: dt.date
    reference: str = ""
    address: str = ""
    amount_owed: Decimal | None = None
    note: str = ""


@dataclass
class Parsed:
    records: list[NoticeRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_total: int = 0

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}


def read_csv(data: bytes | str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file; `;` or `,` separated (Danish spreadsheets write `;`), UTF-8."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB. Split it and import the parts.")
                              % {"mb": MAX_BYTES // 1_000_000}, field="file")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and import it again."),
                field="file",
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise ValidationError(
            _("The file is not valid CSV (%(error)s).") % {"error": exc}, field="file"
        ) from None
    if not lines:
        raise ValidationError(_("The file is empty. The first line must name the columns."), field="file")
    header = [h.strip().lower() for h in lines[0]]
    if len(lines) - 1 > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(n)s rows. Split it and import the parts.") % {"n": MAX_ROWS},
            field="file",
        )
    rows: list[dict[str, str]] = []
    for values in lines[1:]:
        if not any(v.strip() for v in values):
            rows.append({})  # an empty line keeps its row number but is skipped
            continue
        row = {name: (values[k] if k < len(values) else "") for k, name in enumerate(header)}
        if len(values) > len(header):
            row["\0extra"] = "1"
        rows.append(row)
    return header, rows


def _date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_amount(value: str) -> Decimal:
    """A non-negative amount in kroner: 1234.50, 1234,50, 1.234,50 or 1 234,50."""
    text = value.replace(" ", "").replace("\u00a0", "").removesuffix("kr.").removesuffix("kr")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000"):
        raise ValueError(value)
    return amount.quantize(Decimal("0.01"))


def check_header(header: Sequence[str]) -> list[Problem]:
    problems = [
        Problem(
            1,
            name,
            _("The column '%(name)s' is missing. Required columns: %(columns)s.")
            % {"name": name, "columns": ", ".join(REQUIRED_COLUMNS)},
        )
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    problems += [
        Problem(
            1,
            name,
            _("Unknown column '%(name)s'. Known columns: %(columns)s.")
            % {"name": name, "columns": ", ".join(COLUMNS)},
        )
        for name in header
        if name not in COLUMNS
    ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(1, name, _("The column '%(name)s' appears twice.") % {"name": name}))
        seen.add(name)
    return problems


def parse_notice_rows(header: Sequence[str], rows: Iterable[Mapping[str, str]], *, today: dt.date) -> Parsed:
    """Check every cell of every row; a row with any problem gives no record."""
    result = Parsed(problems=check_header(header))
    if result.problems:
        result.rows_total = sum(1 for r in rows if r)
        return result
    references: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(rows):
        row_no = index + 2
        if not raw:
            continue
        result.rows_total += 1
        problems: list[Problem] = []

        def bad(column: str, message: str, _row: int = row_no, _problems: list[Problem] = problems) -> None:
            _problems.append(Problem(_row, column, message))

        if raw.get("\0extra"):
            bad("", _("The row has more values than the header has columns. Check the separators."))
        value = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        cpr: CPR | None = None
        if not value["cpr"]:
            bad("cpr", _("The CPR number is missing."))
        else:
            try:
                cpr = CPR.parse(value["cpr"])
            except ValidationError:
                bad("cpr", _("Not a CPR number: write DDMMYY-SSSS."))
        if not value["housing_association"]:
            bad("housing_association", _("Name the housing association."))
        for name, limit in MAX_TEXT.items():
            if len(value[name]) > limit:
                bad(name, _("Too long: at most %(n)s characters.") % {"n": limit})
        kind = KIND_ALIASES.get(value["kind"].lower())
        if kind is None:
            bad(
                "kind",
                _(
                    "Unknown kind: write rent_arrears, complaint, termination or eviction "
                    "(or restance, klage, ophævelse, udsættelse)."
                ),
            )
        received = _date(value["received_on"])
        if received is None:
            bad("received_on", _("Not a date: write YYYY-MM-DD or DD-MM-YYYY."))
        elif received > today:
            bad("received_on", _("The date it was received cannot be in the future."))
        deadline = _date(value["deadline"])
        if deadline is None:
            bad("deadline", _("Not a date: write YYYY-MM-DD or DD-MM-YYYY."))
        elif received is not None and deadline < received:
            bad("deadline", _("The deadline cannot be before the date the notice was received."))
        amount: Decimal | None = None
        if value["amount_owed"]:
            try:
                amount = parse_amount(value["amount_owed"])
            except ValueError:
                bad("amount_owed", _("Not an amount: write kroner like 4250,50 (not negative)."))
        if value["reference"]:
            key = (value["housing_association"].lower(), value["reference"])
            if key in references:
                bad(
                    "reference",
                    _("The same reference as row %(row)s: a notice is imported once.")
                    % {"row": references[key]},
                )
            else:
                references[key] = row_no
        if problems:
            result.problems.extend(problems)
            continue
        assert cpr is not None and kind is not None and received is not None and deadline is not None
        result.records.append(
            NoticeRecord(
                row=row_no,
                cpr=cpr,
                housing_association=value["housing_association"],
                kind=kind,
                received_on=received,
                deadline=deadline,
                reference=value["reference"],
                address=value["address"],
                amount_owed=amount,
                note=value["note"],
            )
        )
    return result


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @, tab or CR is neutralised with a quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A `;`-separated CSV (as Danish spreadsheets expect), every cell made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return out.getvalue()
