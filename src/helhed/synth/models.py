"""A record of each synthetic build, so `helhed demo` and the benchmark can tell whether data is there."""

from __future__ import annotations

from django.db import models


class SynthBuild(models.Model):
    """One run of the generator into this database (demo path or bulk path)."""

    class Path(models.TextChoices):
        DEMO = "demo", "demo (through the services)"
        BULK = "bulk", "bulk (bulk_create)"

    path = models.CharField(max_length=10, choices=Path.choices)
    seed = models.BigIntegerField()
    citizens = models.PositiveIntegerField()
    today = models.DateField(help_text="The day the dates were drawn relative to.")
    generator_version = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.path} seed={self.seed} citizens={self.citizens}"
