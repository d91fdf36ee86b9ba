"""The REST API (django-ninja) under /api/v1/. Routers live in each app's api.py."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Helhed API", version="1", urls_namespace="api")
