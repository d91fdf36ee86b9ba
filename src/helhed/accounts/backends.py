"""The password and permission backend: Django's ModelBackend, with fewer queries on every request.

Every page asks who the user is and most ask for their unit (access decisions, the header), and the
navigation asks one permission (the DPO's review list). Django's backend reads the user, then the unit
lazily, then user and group permissions in two queries; this one reads the user with the unit, and all
permissions in one query. The rules are Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from helhed.people.models import User


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            perms = Permission.objects.all()
            if not user_obj.is_superuser:
                perms = perms.filter(Q(pk__in=user_obj.user_permissions.values("pk"))
                                     | Q(pk__in=Permission.objects.filter(group__user=user_obj).values("pk")))
            user_obj._perm_cache = {
                f"{app}.{codename}"
                for app, codename in perms.values_list("content_type__app_label", "codename").order_by()
            }
        return user_obj._perm_cache
