"""The permission backend: Django's rules, the unit with the user, every permission in one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import Group, Permission
from django.test import Client

from helhed.accounts.backends import UnitModelBackend
from helhed.people.models import User

pytestmark = pytest.mark.django_db

DPO = "sharing.review_all_break_glass"


def _permission(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


def test_a_user_has_exactly_the_permissions_of_their_own_and_their_groups(
        anna: User, django_assert_num_queries: Any) -> None:
    group = Group.objects.create(name="Databeskyttelse")
    group.permissions.add(_permission("review_all_break_glass"))
    anna.user_permissions.add(_permission("view_user"))
    other = Group.objects.create(name="Andre")
    other.permissions.add(_permission("delete_user"))
    fresh = User.objects.get(pk=anna.pk)
    assert not fresh.has_perm(DPO)
    anna.groups.add(group)
    fresh = User.objects.get(pk=anna.pk)
    with django_assert_num_queries(1):
        assert fresh.get_all_permissions() == {DPO, "people.view_user"}
        assert fresh.has_perm(DPO) and fresh.has_perm("people.view_user")
        assert not fresh.has_perm("people.delete_user")
    assert fresh.get_all_permissions() == (
        UnitModelBackend().get_user_permissions(fresh) | UnitModelBackend().get_group_permissions(fresh))


def test_inactive_users_and_superusers_as_django_has_them(anna: User) -> None:
    anna.user_permissions.add(_permission("view_user"))
    anna.is_active = False
    anna.save()
    assert User.objects.get(pk=anna.pk).get_all_permissions() == set()
    anna.is_active, anna.is_superuser = True, True
    anna.save()
    assert User.objects.get(pk=anna.pk).has_perm(DPO)


def test_the_logged_in_user_comes_with_the_unit(anna: User, django_assert_num_queries: Any) -> None:
    client = Client()
    client.force_login(anna)
    request = client.get("/").wsgi_request
    request.session = client.session  # the session of the log-in, as the middleware gives it
    assert request.session.get("_auth_user_id")  # read now, so that only the user is counted below
    with django_assert_num_queries(1):
        user = get_user(request)
        assert isinstance(user, User) and user.unit is not None and user.unit.pk == anna.unit_id
