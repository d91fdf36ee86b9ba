"""Test clients. The interface is Danish unless the user picks English, which sets the language cookie."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def english_client() -> Client:
    """A client that has chosen English with the language switch, so assertions read like the source text."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
