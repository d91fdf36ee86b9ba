"""Base models shared by every app."""

from __future__ import annotations

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(TimeStamped):
    """Optimistic concurrency: every update must name the version it was based on (see core.concurrency)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
