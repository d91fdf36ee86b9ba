"""`helhed synth --citizens N --seed S`: synthetic data at benchmark scale into DATABASE_URL (bulk path).

Writes with bulk_create in batches (synth/bulk.py): no services, no audit, no history; every database
constraint holds. Refuses a database that already holds data unless --rebuild (which empties it first);
a finished build with the same seed and size is reused.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from rich.console import Console

from helhed.synth.bulk import BATCH, Timings, build_bulk, today_of_build
from helhed.synth.console import database_has_data, progress_bar, start_over, timings_table
from helhed.synth.generator import DEFAULT_SEED, municipality
from helhed.synth.models import SynthBuild


class Command(BaseCommand):
    help = "Bulk synthetic data (bulk_create, no services) at benchmark scale into DATABASE_URL's database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--citizens", type=int, required=True)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--batch", type=int, default=BATCH,
                            help=f"citizens per transaction (default {BATCH})")
        parser.add_argument("--rebuild", action="store_true", help="empty the database first")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        citizens, seed = options["citizens"], options["seed"]
        if citizens < 1:
            raise CommandError("--citizens must be at least 1.")
        call_command("migrate", interactive=False, verbosity=0)
        if options["rebuild"]:
            start_over(console)
        else:
            built_on = today_of_build(SynthBuild.Path.BULK, seed, citizens)
            if built_on is not None:
                console.print(f"Already built: {citizens} citizens, seed {seed}, dates relative to "
                              f"{built_on}. Add --rebuild to build again.")
                return
            if database_has_data():
                raise CommandError("The database already holds data. Add --rebuild to empty it first "
                                   f"({connection.settings_dict['NAME']}).")
        m = municipality(seed=seed, citizens=citizens, today=timezone.localdate())
        console.print(f"Bulk-building {citizens} synthetic citizens (seed {seed}) into "
                      f"{connection.vendor} {connection.settings_dict['NAME']} ...")
        timings = Timings()
        with progress_bar(console, "bulk", citizens) as advance:
            build = build_bulk(m, batch=options["batch"], progress=advance, timings=timings)
        console.print(timings_table(timings.seconds, citizens))
        console.print(f"Built in {build.seconds:.0f} s.")
