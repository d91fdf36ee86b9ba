"""Loaded by pytest before Django's settings (`-p helhed.testing.pytest_plugin` in pyproject.toml).

The test run logs staff in without a TOTP code, as the demo does (HELHED_REQUIRE_2FA=0), so every test
of a page need not enrol an authenticator; the tests of the log-in turn the requirement on for themselves.
"""

from __future__ import annotations

import os

os.environ.setdefault("HELHED_REQUIRE_2FA", "0")
