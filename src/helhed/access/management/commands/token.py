"""`helhed token create|list|revoke`: API tokens for `Authorization: Bearer <token>`.

    helhed token create USERNAME [--name NAME]   prints the new token once; it cannot be shown again
    helhed token list [USERNAME]                 id, prefix, name, user, created, last used, revoked
    helhed token revoke TOKEN_ID                 the token stops working at once
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from helhed.access.tokens import token_create, token_list, token_revoke
from helhed.core.errors import DomainError
from helhed.people.models import User


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token for a user and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for (e.g. the calling system)")
        listing = sub.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument("username", nargs="?", default=None)
        revoke = sub.add_parser("revoke", help="revoke a token by its id (see `token list`)")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            try:
                getattr(self, f"_{options['action']}")(options)
            except DomainError as error:
                raise CommandError(str(error)) from error

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        return user

    def _create(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        token, raw = token_create(user=user, name=options["name"])
        self.stderr.write(
            f"Token {token.pk} ({token.name}) for {user.username}. Shown once: store it now.\n"
            "Use it as the header  Authorization: Bearer <token>"
        )
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"]) if options["username"] else None
        rows = list(token_list(user=user))
        if not rows:
            self.stdout.write("No tokens.")
            return
        self.stdout.write(f"{'id':>5}  {'prefix':<10} {'user':<20} {'name':<24} {'created':<16} "
                          f"{'last used':<16} revoked")
        for t in rows:
            self.stdout.write(
                f"{t.pk:>5}  {t.prefix + '…':<10} {t.user.username[:20]:<20} {t.name[:24]:<24} "
                f"{_when(t.created_at):<16} {_when(t.last_used_at):<16} {_when(t.revoked_at)}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = token_revoke(token_id=options["token_id"])
        self.stdout.write(f"Token {token.pk} ({token.prefix}…, {token.user.username}) revoked "
                          f"at {_when(token.revoked_at)}.")
