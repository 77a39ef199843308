"""Django admin for platform staff: organisations and user accounts, with their roles shown read-only.

Roles are granted and revoked only through the audited services in faircase.accounts.services (an organisation
administrator's People pages, or `faircase people` on the command line): the admin writes no audit event, so it
cannot change memberships, and users are not deleted here (deleting one would delete their memberships
unaudited; deactivate them instead).

Case data is deliberately not registered here: every read of a case goes through scoped selectors and is
audited, which the admin would bypass.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from faircase.accounts.models import Membership, Organisation, User


class ReadOnlyMixin:
    """Shown, never added, changed or deleted through the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(ReadOnlyMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("organisation", "role")
    readonly_fields = ("organisation", "role")
    verbose_name_plural = (
        "Roles (change them on the organisation's People page, where each change is audited)"
    )


@admin.register(Membership)
class MembershipAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "user__full_name", "organisation__name")
    list_select_related = ("user", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "ods_code", "nation", "kind")
    list_filter = ("nation", "kind")
    search_fields = ("name", "slug", "ods_code")


@admin.register(User)
class FaircaseUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "full_name", "email", "is_active", "is_demo")
    fieldsets = (*UserAdmin.fieldsets, ("faircase", {"fields": ("full_name", "is_demo")}))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
