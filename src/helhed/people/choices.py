"""Fixed vocabularies of the organisation. Kept as code because logic depends on them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Levels of the municipal tree (Aarhus: magistratsafdeling > forvaltning > område > center > team)."""

    DEPARTMENT = "department", _("Department (magistratsafdeling)")
    ADMINISTRATION = "administration", _("Administration (forvaltning)")
    AREA = "area", _("Operating area (område)")
    CENTRE = "centre", _("Centre")
    TEAM = "team", _("Team")
    EXTERNAL = "external", _("External partner")


class Sector(models.TextChoices):
    CHILDREN_FAMILIES = "children_families", _("Children and families")
    ADULT_SOCIAL = "adult_social", _("Adult social services")
    DISABILITY = "disability", _("Disability")
    EMPLOYMENT = "employment", _("Employment")
    HEALTH_CARE = "health_care", _("Health and care")
    REGION_PSYCHIATRY = "region_psychiatry", _("Regional psychiatry")
    GENERAL_PRACTICE = "general_practice", _("General practice")
    PRISON_PROBATION = "prison_probation", _("Prison and probation")
    HOUSING_ASSOCIATION = "housing_association", _("Housing association")
    NGO_VOLUNTEER = "ngo_volunteer", _("NGO and volunteers")


class Role(models.TextChoices):
    COORDINATING_CASEWORKER = "coordinating_caseworker", _("Coordinating caseworker")
    CASEWORKER = "caseworker", _("Caseworker")
    PROVIDER = "provider", _("Provider staff")
    TEAM_LEADER = "team_leader", _("Team leader")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that may register citizens and hold a plan as coordinating caseworker.
CASE_HOLDING_ROLES = frozenset({Role.COORDINATING_CASEWORKER, Role.CASEWORKER, Role.TEAM_LEADER})


class NetworkRole(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    PARTNER = "partner", _("Partner")
    SIBLING = "sibling", _("Sibling")
    RELATIVE = "relative", _("Other relative")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    VOLUNTEER = "volunteer", _("Volunteer or mentor")
    GUARDIAN = "guardian", _("Guardian (værge)")
    OTHER = "other", _("Other")
