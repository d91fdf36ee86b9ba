"""Fixtures of the log-in tests: a member of staff with a known password, and a fresh client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from helhed.people.models import User
from helhed.testing import factories as f
from helhed.testing.clients import english_client

PASSWORD = f.PASSWORD


@pytest.fixture
def anna(db: None) -> User:
    return f.staff("caseworker", unit_=f.unit("Team Udsatte Voksne"), username="anna")


@pytest.fixture
def client() -> Client:
    return english_client()


def log_in(client: Client, username: str, password: str = PASSWORD, *, ip: str = "10.0.0.1") -> int:
    """POST the log-in form as a browser does; the status (302 logged in, 200 refused, 429 locked)."""
    response = client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)
    return response.status_code


def settings_in_a_fresh_process(tmp_path: Path, env: dict[str, str], *names: str) -> list[str]:
    """The named settings as a process started with `env` sees them (settings read the environment once)."""
    probe = f"import helhed.settings as s; print(*[getattr(s, n, None) for n in {names!r}])"
    base = {"HELHED_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", probe], env={**base, **env}, capture_output=True, text=True,
                          check=True)
    return done.stdout.split()
