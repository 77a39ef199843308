"""Django admin for platform staff: organisations, people and their roles.

Case data is deliberately not registered here: every read of a case goes through scoped selectors and is
audited, which the admin would bypass.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from faircase.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


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
