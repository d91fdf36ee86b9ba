"""`helhed demo`: migrate, build the synthetic municipality if it is not there, print log-ins, serve.

    helhed demo                    build (once) and serve on http://127.0.0.1:8000
    helhed demo --citizens 500     a bigger municipality (a new build needs --rebuild)
    helhed demo --rebuild          delete everything in the database and build again
    helhed demo --no-serve         build and exit
    helhed demo --port 8080

The database is the default one: SQLite under var/ unless DATABASE_URL says otherwise. The demo is
written through the services (synth/demo.py), so every rule and the history apply.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from rich.console import Console

from helhed.analytics.demo import demo_indicators
from helhed.synth.console import database_has_data, logins_table, progress_bar, start_over
from helhed.synth.demo import build_demo
from helhed.synth.generator import DEFAULT_SEED, GENERATOR_VERSION, municipality
from helhed.synth.models import SynthBuild

DEFAULT_CITIZENS = 300


class Command(BaseCommand):
    help = "Build the synthetic demo municipality (if it is not built yet) and serve it on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--citizens", type=int, default=DEFAULT_CITIZENS,
                            help=f"how many citizens (default {DEFAULT_CITIZENS})")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument("--rebuild", action="store_true",
                            help="delete everything in the database and build again")
        parser.add_argument("--no-serve", action="store_true", help="build and exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        citizens, seed = options["citizens"], options["seed"]
        if citizens < 1:
            raise CommandError("--citizens must be at least 1.")
        console.print("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        build = SynthBuild.objects.filter(path=SynthBuild.Path.DEMO, finished_at__isnull=False).first()
        if options["rebuild"]:
            start_over(console)
            build = None
        elif build is not None and (build.seed, build.citizens, build.generator_version) != (
                seed, citizens, GENERATOR_VERSION):
            console.print(f"[yellow]The demo was built with seed {build.seed} and {build.citizens} citizens; "
                          "serving that one. Add --rebuild to build it again as asked.[/yellow]")
        elif build is None and database_has_data():
            raise CommandError(
                "The database already holds data that the demo did not build. Run `helhed demo --rebuild` "
                "to delete everything in it and build the demo, or point HELHED_VAR_DIR (or DATABASE_URL) "
                "elsewhere."
            )
        if build is None:
            m = municipality(seed=seed, citizens=citizens, today=timezone.localdate())
            console.print(f"Building the synthetic municipality: {citizens} citizens, seed {seed}, "
                          "through the services (every rule, history and audit applies) ...")
            with progress_bar(console, "demo", citizens) as advance:
                build = build_demo(m, progress=advance)
            console.print(f"Built in {build.seconds:.0f} s.")
            console.print("Computing the policy-goal indicators ...")
            console.print(f"Indicators for {', '.join(demo_indicators(m.today))}.")
        with translation.override("en"):
            console.print(logins_table(build))
        if options["no_serve"]:
            return
        console.print(f"Serving on [bold]http://127.0.0.1:{options['port']}[/bold] (Ctrl-C stops).")
        sys.stdout.flush()  # the log-ins before the server's own output, also when piped
        call_command("runserver", f"127.0.0.1:{options['port']}", insecure_serving=True, use_reloader=False)
