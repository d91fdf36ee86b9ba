"""What `helhed demo` and `helhed synth` print: progress bars, the demo log-ins, build timings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db.models import Count, Q
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from helhed.people.models import Citizen, User
from helhed.plans.choices import PlanStatus
from helhed.synth.models import SynthBuild
from helhed.synth.organisation import PERSONAS
from helhed.synth.writer import DEMO_PASSWORD

ROLE_WORDS: dict[str, tuple[str, str]] = {
    "coordinating_caseworker": ("Coordinating caseworker", "koordinerende sagsbehandler"),
    "caseworker": ("Caseworker (authority)", "myndighedsrådgiver"),
    "provider": ("Provider staff", "udfører"),
    "team_leader": ("Team leader", "teamleder"),
    "analyst": ("Analyst", "udviklingskonsulent"),
    "administrator": ("Administrator", "administrator"),
}

# A persona whose job is not their role (the data-protection officer is an analyst with a permission).
PERSONA_WORDS: dict[str, tuple[str, str]] = {
    "dpo": ("Data-protection officer", "databeskyttelsesrådgiver"),
}

WHAT_TO_SEE: dict[str, str] = {
    "koordinator": "a caseload with each kind of coherence problem and overdue follow-ups",
    "koordinator-unge": "a 17-year-old turning 18 with nothing arranged",
    "sagsbehandler": "Jobcenter caseload; responsible for cash benefits and courses",
    "udforer": "Center for Misbrugsbehandling: the citizens in § 101 treatment",
    "teamleder": "/team/: caseloads and overdue follow-ups of the team; /sharing/break-glass/review/: the "
                 "team's break-the-glass accesses",
    "analytiker": "no access to named citizens: works with pseudonymised figures",
    "admin": "/admin/ and the organisation",
    "dpo": "/sharing/break-glass/review/: every break-the-glass access in the municipality, to review",
}


@contextmanager
def progress_bar(console: Console, label: str, total: int) -> Iterator[Callable[[int], None]]:
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("citizens"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def database_has_data() -> bool:
    return Citizen.objects.exists() or User.objects.exists()


def start_over(console: Console) -> None:
    """Empty the database (every table), then the catalogue is loaded again by post_migrate."""
    console.print("Deleting everything in the database to start over ...")
    call_command("flush", interactive=False, verbosity=0)


def logins_table(build: SynthBuild | None) -> Table:
    active = Q(coordinated_plans__status=PlanStatus.ACTIVE)
    personas = User.objects.filter(username__in=PERSONAS).select_related("unit")
    users = {u.username: u for u in personas.annotate(plans=Count("coordinated_plans", filter=active))}
    title = f"Demo log-ins. Password for every one: [bold]{DEMO_PASSWORD}[/bold]"
    if build is not None:
        title += f"\n(seed {build.seed}, {build.citizens} citizens, dates relative to {build.today:%d.%m.%Y})"
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("role", ratio=2)
    table.add_column("username", no_wrap=True, min_width=16)
    table.add_column("password", no_wrap=True, min_width=len(DEMO_PASSWORD))
    table.add_column("who, where, what to look at", ratio=5)
    for username in PERSONAS:
        user = users.get(username)
        if user is None:
            continue
        english, danish = PERSONA_WORDS.get(username) or ROLE_WORDS[user.role]
        plans = user.plans
        who = f"{user.get_full_name()}, {user.unit.name if user.unit else ''}"
        if plans:
            who += f", {plans} citizens"
        table.add_row(f"{english} [dim]({danish})[/dim]", f"[bold]{username}[/bold]", DEMO_PASSWORD,
                      f"{who}\n[dim]{WHAT_TO_SEE.get(username, '')}[/dim]")
    return table


def timings_table(seconds: dict[str, float], citizens: int) -> Table:
    table = Table(title="Where the time went", title_justify="left")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_column("per 1,000 citizens", justify="right")
    for step, value in seconds.items():
        table.add_row(step, f"{value:.1f}", f"{value / max(citizens, 1) * 1000:.2f}")
    table.add_row("[bold]total[/bold]", f"[bold]{sum(seconds.values()):.1f}[/bold]", "")
    return table
