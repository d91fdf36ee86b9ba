"""The `helhed` console script: Django's management commands and Helhed's own, in one place."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["helhed", *sys.argv[1:]])


if __name__ == "__main__":
    main()
