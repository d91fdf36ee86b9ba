"""CPR numbers at rest: authenticated encryption (Fernet: AES-128-CBC + HMAC-SHA256) and a keyed hash.

The database never holds a CPR number in clear text. Lookups use `cpr_lookup_hash` (HMAC with a key
the database does not have), so equal numbers can be found without decrypting every row.
Keys come from settings (the environment in production); the development defaults are for synthetic
data only.

Key rotation: put a new Fernet key first in HELHED_CPR_KEYS (keep the old ones after it) and, if the lookup
key is rotated too, the new HELHED_CPR_HASH_KEY; then `helhed cpr rotate-keys` re-encrypts every number
and recomputes every hash in ONE transaction (a half-rotated hash column would make lookups miss and let
the same person be registered twice), and `helhed cpr rotate-keys --check` proves nothing is left on an
old key, after which the old Fernet keys can be removed. Never log, print or raise a CPR number here.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
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


# -- key rotation (helhed cpr rotate-keys; ADR 0004 and 0006) ---------------------------------------------
def cpr_reencrypt(token: str) -> tuple[str, str]:
    """The token re-encrypted under the newest key, and the lookup hash under the current hash key.

    Decrypts with any key of HELHED_CPR_KEYS; raises InvalidToken if none fits (the row is then left alone
    by the caller and reported)."""
    fernet = _fernet()
    cpr = CPR.parse(fernet.decrypt(token.encode()).decode())
    return fernet.rotate(token.encode()).decode(), cpr_lookup_hash(cpr)


def cpr_is_current(token: str, lookup_hash: str) -> bool:
    """Encrypted under the newest key and hashed under the current hash key (what rotation leaves)."""
    try:
        digits = Fernet(settings.HELHED_CPR_KEYS[0].encode()).decrypt(token.encode()).decode()
    except InvalidToken:
        return False
    return hmac.compare_digest(cpr_lookup_hash(CPR.parse(digits)), lookup_hash)
