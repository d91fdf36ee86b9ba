"""CPR numbers at rest (core.cpr_vault): encryption roundtrip, key rotation, a stable keyed lookup hash."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from helhed.core.cpr import CPR
from helhed.core.cpr_vault import cpr_decrypt, cpr_encrypt, cpr_lookup_hash

cprs = st.builds(
    lambda born, seventh, rest: CPR.parse(f"{born:%d%m%y}-{seventh}{rest:03d}"),
    st.dates(min_value=dt.date(1937, 1, 1), max_value=dt.date(1999, 12, 31)),
    st.sampled_from([0, 1, 2, 3, 4, 9]),
    st.integers(0, 999),
)


@settings(max_examples=50, deadline=None)
@given(cprs)
def test_encryption_roundtrips_and_hides_the_number(cpr: CPR) -> None:
    token = cpr_encrypt(cpr)
    assert cpr.digits not in token
    assert cpr_decrypt(token) == cpr


@settings(max_examples=50, deadline=None)
@given(cprs)
def test_lookup_hash_is_stable_while_the_ciphertext_is_not(cpr: CPR) -> None:
    again = CPR.parse(cpr.formatted)
    assert cpr_lookup_hash(cpr) == cpr_lookup_hash(again)
    assert cpr_encrypt(cpr) != cpr_encrypt(again)  # random IV: equal numbers are not equal at rest
    assert cpr.digits not in cpr_lookup_hash(cpr)


def test_lookup_hash_separates_numbers() -> None:
    assert cpr_lookup_hash(CPR.parse("010185-1234")) != cpr_lookup_hash(CPR.parse("010185-1235"))


@override_settings(HELHED_CPR_HASH_KEY="a-fixed-key-for-this-test")
def test_lookup_hash_does_not_change_between_releases() -> None:
    """Every stored lookup depends on this value: a change of algorithm would orphan all citizens."""
    assert cpr_lookup_hash(CPR.parse("010185-1234")) == (
        "c82f15fcb2fcb5b54a21ad67cb8819b1985e12756ab17798a3b341f74ab70c09"
    )


def test_lookup_hash_depends_on_the_key() -> None:
    cpr = CPR.parse("010185-1234")
    with override_settings(HELHED_CPR_HASH_KEY="key-one"):
        one = cpr_lookup_hash(cpr)
    with override_settings(HELHED_CPR_HASH_KEY="key-two"):
        two = cpr_lookup_hash(cpr)
    assert one != two


def test_keys_rotate_without_losing_old_tokens() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    cpr = CPR.parse("010185-1234")
    with override_settings(HELHED_CPR_KEYS=[old]):
        token = cpr_encrypt(cpr)
    with override_settings(HELHED_CPR_KEYS=[new, old]):
        assert cpr_decrypt(token) == cpr
        fresh = cpr_encrypt(cpr)
    with override_settings(HELHED_CPR_KEYS=[new]):
        assert cpr_decrypt(fresh) == cpr  # new tokens use the first key
        with pytest.raises(InvalidToken):
            cpr_decrypt(token)
