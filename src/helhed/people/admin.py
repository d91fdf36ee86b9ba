from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from helhed.people.models import OrgUnit, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Helhed", {"fields": ("role", "unit", "is_synthetic")}))  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "role", "unit")


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "parent")
