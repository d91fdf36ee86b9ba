"""What both write paths share: the organisation, the staff log-ins, and the map from spec keys to rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from helhed.catalog.models import InterventionType
from helhed.people.models import OrgUnit, User
from helhed.people.services import org_unit_create, staff_create
from helhed.sharing.selectors import DPO_PERMISSION
from helhed.synth.organisation import DPO_GROUP, DPO_KEY
from helhed.synth.scenario import TZ
from helhed.synth.specs import OrganisationSpec

# Every synthetic member of staff logs in with this password (printed by `helhed demo`).
DEMO_PASSWORD = "helhed-demo-2026"  # noqa: S105


@dataclass
class Registry:
    """Spec keys -> database rows, filled as the organisation is written."""

    units: dict[str, OrgUnit] = field(default_factory=dict)
    staff: dict[str, User] = field(default_factory=dict)
    types: dict[str, InterventionType] = field(default_factory=dict)
    households: dict[str, int] = field(default_factory=dict)

    def user_id(self, key: str | None) -> int | None:
        return self.staff[key].pk if key else None


def midday(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=TZ)


def organisation_write(org: OrganisationSpec, *, bulk: bool) -> Registry:
    """Create the units (through `org_unit_create`) and the staff, all with the demo password.

    The password is hashed once (Argon2 takes a quarter of a second) and the hash given to every synthetic
    member of staff: fine for published demo log-ins, never for real people.
    """
    reg = Registry(types={t.code: t for t in InterventionType.objects.select_related("legal_basis")})
    for u in org.units:
        reg.units[u.key] = org_unit_create(name=u.name, kind=u.kind, sector=u.sector,
                                           parent=reg.units[u.parent] if u.parent else None)
    password = make_password(DEMO_PASSWORD)
    if bulk:
        users = [
            User(username=s.username, first_name=s.first_name, last_name=s.last_name, role=s.role,
                 unit=reg.units[s.unit], is_synthetic=True, password=password,
                 is_staff=s.role == "administrator", is_superuser=s.role == "administrator",
                 date_joined=timezone.now())
            for s in org.staff
        ]
        User.objects.bulk_create(users, batch_size=2000)  # sets the ids (PostgreSQL, SQLite >= 3.35)
        reg.staff = {s.key: u for s, u in zip(org.staff, users, strict=True)}
    else:
        for s in org.staff:
            reg.staff[s.key] = staff_create(username=s.username, first_name=s.first_name,
                                            last_name=s.last_name, role=s.role, unit=reg.units[s.unit],
                                            is_synthetic=True)
        User.objects.filter(pk__in=[u.pk for u in reg.staff.values()]).update(password=password)
    dpo_group_write(reg)
    return reg


def dpo_group_write(reg: Registry) -> None:
    """The group of the data-protection officer: every break-the-glass access is theirs to review."""
    dpo = reg.staff.get(DPO_KEY)
    if dpo is None:
        return
    app_label, codename = DPO_PERMISSION.split(".")
    group, _created = Group.objects.get_or_create(name=DPO_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    dpo.groups.add(group)
