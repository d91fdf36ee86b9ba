"""The organisation and the citizens.

Citizens' CPR numbers are stored encrypted with a keyed lookup hash (core.cpr_vault); every citizen,
network person and staff member created by the synthetic generator is marked `is_synthetic`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.cpr import CPR
from helhed.core.cpr_vault import cpr_decrypt
from helhed.core.models import TimeStamped
from helhed.people.choices import NetworkRole, Role, Sector, UnitKind


class OrgUnit(TimeStamped):
    """A unit in the municipal tree, or an external partner (region, GP, prison service, NGO)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path of ancestor ids ("/1/4/9/"), so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class User(AbstractUser):
    """A member of staff (medarbejder). Citizens do not log in here."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.CASEWORKER)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    is_synthetic = models.BooleanField(_("synthetic person"), default=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Household(TimeStamped):
    """People who live at the same address and share a household (husstand)."""

    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.address}, {self.postal_code}"


class Citizen(TimeStamped):
    """A citizen (borger). The CPR number is only ever held encrypted."""

    cpr_hash = models.CharField(max_length=64, unique=True, editable=False)
    cpr_encrypted = models.TextField(editable=False)
    birth_date = models.DateField(_("birth date"))
    has_replacement_cpr = models.BooleanField(_("replacement CPR number"), default=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    is_synthetic = models.BooleanField(_("synthetic person"), default=False)
    search_name = models.CharField(max_length=201, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr(self) -> CPR:
        return cpr_decrypt(self.cpr_encrypted)

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class NetworkPerson(TimeStamped):
    """A relative or someone in the citizen's network (pårørende, netværk)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("relation"), max_length=20, choices=NetworkRole.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    may_take_part = models.BooleanField(
        _("the citizen lets them take part in the plan"), default=False
    )
    is_synthetic = models.BooleanField(_("synthetic person"), default=False)

    class Meta:
        verbose_name = _("network person")
        verbose_name_plural = _("network persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
