"""CPR numbers at rest: authenticated encryption (Fernet: AES-128-CBC + HMAC-SHA256) and a keyed hash.

The database never holds a CPR number in clear text. Lookups use `cpr_lookup_hash` (HMAC with a key
the database does not have), so equal numbers can be found without decrypting every row.
Keys come from settings (the environment in production); the development defaults are for synthetic
data only.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from helhed.core.cpr import CPR


def _fernet() -> MultiFernet:
    # The first key encrypts; all keys decrypt, so keys can be rotated without downtime.
    return MultiFernet([Fernet(k.encode()) for k in settings.HELHED_CPR_KEYS])


def cpr_encrypt(cpr: CPR) -> str:
    return _fernet().encrypt(cpr.digits.encode()).decode()


def cpr_decrypt(token: str) -> CPR:
    return CPR.parse(_fernet().decrypt(token.encode()).decode())


def cpr_lookup_hash(cpr: CPR) -> str:
    key = settings.HELHED_CPR_HASH_KEY.encode()
    return hmac.new(key, cpr.digits.encode(), hashlib.sha256).hexdigest()
