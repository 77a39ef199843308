"""Django's admin shows framework versions and considerations for inspection only. Nothing can be added,
changed or deleted here: versions change only through adaptation (a new version, audited), and the five
Principles are not records at all: they are fixed in code (faircase.framework.principles)."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse

from faircase.framework.models import Consideration, FrameworkVersion
from faircase.framework.principles import FIXED_PRINCIPLES_MESSAGE

READ_ONLY_MESSAGE = (
    f"{FIXED_PRINCIPLES_MESSAGE} Framework versions are read-only here: an organisation administrator adapts "
    "the considerations in faircase itself (Framework), which makes a new, audited version."
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never touch: add, change and delete are refused for everyone, superusers included."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _say_why(self, request: HttpRequest) -> None:
        if request.method == "GET":
            self.message_user(request, READ_ONLY_MESSAGE, level=messages.INFO)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        self._say_why(request)
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        self._say_why(request)
        return super().change_view(request, object_id, form_url, extra_context)


class ConsiderationInline(admin.TabularInline):
    model = Consideration
    fields = ["position", "code", "principle", "text", "guidance", "review_points", "retired"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "number", "created_by_label", "created_at", "published_at"]
    list_filter = ["organisation"]
    search_fields = ["title", "organisation__name", "change_note"]
    inlines = [ConsiderationInline]


@admin.register(Consideration)
class ConsiderationAdmin(ReadOnlyAdmin):
    list_display = ["code", "principle", "version", "retired", "text"]
    list_filter = ["principle", "retired", "version__organisation"]
    search_fields = ["code", "text", "guidance"]
    list_select_related = ["version", "version__organisation"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # The Principle is shown with the reason it cannot be changed.
        kwargs["help_texts"] = {**kwargs.get("help_texts", {}), "principle": FIXED_PRINCIPLES_MESSAGE}
        return super().get_form(request, obj, change, **kwargs)
