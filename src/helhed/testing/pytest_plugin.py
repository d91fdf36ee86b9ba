"""Loaded by pytest before Django's settings (`-p helhed.testing.pytest_plugin` in pyproject.toml).

The test run logs staff in without a TOTP code, as the demo does (HELHED_REQUIRE_2FA=0), so every test
of a page need not enrol an authenticator; the tests of the log-in turn the requirement on for themselves.
The audit log's anchor file is one of the run's own that does not exist: anchors written for a developer's
demo database must not be checked against the test database (tests of anchors name a file of their own).
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HELHED_REQUIRE_2FA", "0")
os.environ.setdefault("HELHED_AUDIT_ANCHOR_FILE",
                      os.path.join(tempfile.mkdtemp(prefix="helhed-test-"), "audit-anchors.txt"))
