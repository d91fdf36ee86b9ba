"""The CPR value type (core.cpr): century rules, replacement numbers, messages, masking.

The century rules are those of CPR-kontoret as written in the domain notes:
7th digit 0-3 -> 1900s; 4 or 9 -> 2000-2036 for YY 00-36, else 1900s;
5-8 -> 2000-2036 for YY 00-36, 1858-1899 for YY 58-99, YY 37-57 not issued.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from helhed.core.cpr import CPR
from helhed.core.errors import ValidationError


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _refusal(raw: str) -> str:
    with pytest.raises(ValidationError) as exc:
        CPR.parse(raw)
    assert exc.value.field == "cpr"
    return str(exc.value)


# --- the century rules -------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "born"), [
    # 7th digit 0-3: always the 1900s
    ("010100-0001", dt.date(1900, 1, 1)),
    ("311299-1234", dt.date(1999, 12, 31)),
    ("150536-2345", dt.date(1936, 5, 15)),
    ("150537-3456", dt.date(1937, 5, 15)),
    # 7th digit 4 or 9: 2000-2036 for YY 00-36, else the 1900s
    ("010100-4001", dt.date(2000, 1, 1)),
    ("311236-4001", dt.date(2036, 12, 31)),
    ("010137-4001", dt.date(1937, 1, 1)),
    ("010199-4001", dt.date(1999, 1, 1)),
    ("010100-9001", dt.date(2000, 1, 1)),
    ("010136-9001", dt.date(2036, 1, 1)),
    ("010137-9001", dt.date(1937, 1, 1)),
    ("311299-9001", dt.date(1999, 12, 31)),
    # 7th digit 5-8: 2000-2036 for YY 00-36, 1858-1899 for YY 58-99
    ("010100-5001", dt.date(2000, 1, 1)),
    ("311236-8001", dt.date(2036, 12, 31)),
    ("010158-5001", dt.date(1858, 1, 1)),
    ("311299-8001", dt.date(1899, 12, 31)),
    ("150575-6001", dt.date(1875, 5, 15)),
    ("150520-7001", dt.date(2020, 5, 15)),
])
def test_century_rules(raw: str, born: dt.date) -> None:
    cpr = CPR.parse(raw)
    assert cpr.birth_date == born
    assert not cpr.is_replacement


@pytest.mark.parametrize("seventh", "5678")
@pytest.mark.parametrize("yy", ["37", "45", "57"])
def test_years_37_to_57_with_seventh_digit_5_to_8_are_not_issued(seventh: str, yy: str) -> None:
    message = _refusal(f"0101{yy}-{seventh}001")
    assert "7th digit" in message
    assert "37-57" in message


@pytest.mark.parametrize("seventh", "5678")
@pytest.mark.parametrize("yy", ["36", "58"])
def test_the_edges_of_the_gap_are_issued(seventh: str, yy: str) -> None:
    assert CPR.parse(f"0101{yy}-{seventh}001").birth_date.year in (2036, 1858)


def test_the_century_decides_whether_29_february_exists() -> None:
    assert CPR.parse("290200-4001").birth_date == dt.date(2000, 2, 29)  # 2000 is a leap year
    message = _refusal("290200-1001")  # 1900 is not
    assert "day" in message and "digits 1-2" in message


def test_dash_is_optional_and_surrounding_space_ignored() -> None:
    assert CPR.parse(" 0101851234 ").digits == CPR.parse("010185-1234").digits == "0101851234"


# --- replacement numbers and modulus 11 --------------------------------------------------------

def test_replacement_number_adds_sixty_to_the_day_and_is_marked() -> None:
    cpr = CPR.parse("770585-1234")
    assert cpr.is_replacement
    assert cpr.birth_date == dt.date(1985, 5, 17)
    assert CPR.parse("610100-4001").birth_date == dt.date(2000, 1, 1)
    assert CPR.parse("910185-1001").birth_date == dt.date(1985, 1, 31)


def test_replacement_number_must_still_be_a_real_day() -> None:
    message = _refusal("890285-1234")  # 29 February 1985 does not exist
    assert "day" in message
    assert "replacement" in message
    _refusal("920185-1234")  # day 32


def test_number_failing_modulus_11_is_accepted_and_reported() -> None:
    # Weights 4,3,2,7,6,5,4,3,2,1: 070761-4285 passes (a textbook example), changing the last digit breaks it.
    good = CPR.parse("070761-4285")
    assert good.passes_modulus11
    bad = CPR.parse("070761-4286")
    assert not bad.passes_modulus11
    assert bad.birth_date == dt.date(1961, 7, 7)


def test_sex_from_the_last_digit() -> None:
    assert CPR.parse("010185-1231").is_male
    assert not CPR.parse("010185-1232").is_male


def test_age_on_counts_whole_years() -> None:
    cpr = CPR.parse("150685-1234")
    assert cpr.age_on(dt.date(2025, 6, 14)) == 39
    assert cpr.age_on(dt.date(2025, 6, 15)) == 40


# --- refusals say which part is wrong ---------------------------------------------------------

@pytest.mark.parametrize("raw", ["", "   ", "12345", "010185-123", "010185-12345", "010185 1234",
                                 "01-01-85-1234", "ABCDEF-1234", "010185/1234", "0101851234x"])
def test_wrong_format(raw: str) -> None:
    message = _refusal(raw)
    assert "DDMMYY-SSSS" in message


def test_none_is_a_format_error_not_a_crash() -> None:
    assert "DDMMYY-SSSS" in _refusal(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["١٢٠٣٨٥-١٢٣٤", "０１０１８５-１２３４"])
def test_only_ascii_digits(raw: str) -> None:
    """Arabic-Indic and full-width digits match a plain `\\d`; a CPR number has ASCII digits only."""
    assert "DDMMYY-SSSS" in _refusal(raw)


@pytest.mark.parametrize("raw", ["010085-1234", "011385-1234", "019985-1234"])
def test_bad_month(raw: str) -> None:
    message = _refusal(raw)
    assert "month" in message and "digits 3-4" in message


@pytest.mark.parametrize("raw", ["000185-1234", "320185-1234", "310485-1234", "300285-1234", "290285-1234",
                                 "600185-1234"])
def test_bad_day(raw: str) -> None:
    message = _refusal(raw)
    assert "day" in message and "digits 1-2" in message
    assert "month (digits 3-4)" not in message


# --- never shown ----------------------------------------------------------------------------

def test_str_and_repr_mask_the_serial() -> None:
    cpr = CPR.parse("010185-9876")
    for shown in (str(cpr), repr(cpr), f"{cpr}", f"{cpr!r}", str([cpr]), str({"cpr": cpr})):
        assert "9876" not in shown
        assert "XXXX" in shown
    assert cpr.formatted == "010185-9876"  # only on explicit request


# --- properties ------------------------------------------------------------------------------

def _seventh_digits(born: dt.date) -> list[int]:
    """The 7th digits that place a birth date in its century (the inverse of the rules above)."""
    yy = born.year % 100
    if born.year < 1900:
        return [5, 6, 7, 8] if yy >= 58 else []
    if born.year < 2000:
        return [0, 1, 2, 3] + ([4, 9] if yy >= 37 else [])
    return [4, 5, 6, 7, 8, 9] if yy <= 36 else []


issued_dates = st.dates(min_value=dt.date(1858, 1, 1), max_value=dt.date(2036, 12, 31))


@given(born=issued_dates, data=st.data(), rest=st.integers(min_value=0, max_value=999),
       replacement=st.booleans())
def test_any_real_date_and_serial_roundtrips(born: dt.date, data: st.DataObject, rest: int,
                                             replacement: bool) -> None:
    seventh = data.draw(st.sampled_from(_seventh_digits(born)))
    day = born.day + (60 if replacement else 0)
    raw = f"{day:02d}{born.month:02d}{born.year % 100:02d}-{seventh}{rest:03d}"
    cpr = CPR.parse(raw)
    assert cpr.birth_date == born
    assert cpr.is_replacement is replacement
    assert CPR.parse(cpr.formatted) == cpr
    assert repr(cpr) == f"CPR({raw[:6]}-XXXX)"
    assert str(cpr) == f"{raw[:6]}-XXXX"


@given(st.text(max_size=14))
def test_any_text_is_parsed_or_refused_with_a_validation_error(raw: str) -> None:
    try:
        cpr = CPR.parse(raw)
    except ValidationError:
        return
    assert len(cpr.digits) == 10
    assert cpr.digits.isascii() and cpr.digits.isdigit()


@given(dd=st.integers(0, 99), mm=st.integers(1, 12), yy=st.integers(0, 99), seventh=st.integers(0, 9))
def test_every_year_and_seventh_digit_is_a_date_in_that_year_or_the_gap(dd: int, mm: int, yy: int,
                                                                        seventh: int) -> None:
    raw = f"{dd:02d}{mm:02d}{yy:02d}-{seventh}000"
    try:
        cpr = CPR.parse(raw)
    except ValidationError as exc:
        if seventh >= 5 and seventh <= 8 and 37 <= yy <= 57:
            assert "37-57" in str(exc)
        else:
            assert "day" in str(exc)
        return
    assert cpr.birth_date.year % 100 == yy
    assert 1858 <= cpr.birth_date.year <= 2036
