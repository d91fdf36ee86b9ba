"""The `helhed` console script: Django's management commands and Helhed's own, in one place."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo's printed log-ins work with a password alone; production asks for a TOTP code too.
        os.environ.setdefault("HELHED_REQUIRE_2FA", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["helhed", *sys.argv[1:]])


if __name__ == "__main__":
    main()
