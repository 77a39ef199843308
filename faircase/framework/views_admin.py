"""Adapting the framework: pages for organisation administrators. Thin: reads through selectors (scoped to
the organisations the user administers), writes through services, display through presenters_admin."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.core.forms import apply_errors
from faircase.core.readers import UnreadableFile
from faircase.framework import presenters_admin as present
from faircase.framework import selectors, services
from faircase.framework.forms_admin import (
    AddConsiderationForm,
    ChangeConsiderationForm,
    PublishForm,
    UploadForm,
)
from faircase.framework.models import FrameworkVersion
from faircase.framework.principles import FixedPrincipleError, Principle, fixed_principles_message
from faircase.framework.principles import name as principle_name
from faircase.framework.yamlformat import FrameworkFileError


def _posted(request: HttpRequest, *, files: bool = False) -> tuple:
    """The form's data when the page was posted (even with nothing filled in), else nothing: an unbound form."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _draft_or_404(organisation: Any) -> FrameworkVersion:
    draft = selectors.draft_version(organisation)
    if draft is None:
        raise Http404("No draft")
    return draft


def _changes(version: FrameworkVersion, considerations: list) -> list[selectors.ConsiderationChange]:
    if version.based_on_id is None:
        return []
    return selectors.changes_between(selectors.considerations_in(version.based_on), considerations)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.administered_organisations(request.user))
    if not organisations:
        raise Http404("Not available")
    sections = []
    for organisation in organisations:
        current = selectors.current_version(organisation)
        draft = selectors.draft_version(organisation)
        versions = list(selectors.versions_for(organisation))
        sections.append(
            {
                "organisation": organisation,
                "current": current,
                "draft": draft,
                "summary": present.organisation_summary(organisation, current, draft),
                "history": present.history_rows(versions, current),
            }
        )
    return render(
        request,
        "framework/admin/index.jinja",
        {
            "page_title": _("Adapt the framework"),
            "sections": sections,
            "fixed_message": fixed_principles_message(),
        },
    )


@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_for(request.user, version_id)
    considerations = selectors.considerations_in(version)
    changes = _changes(version, considerations)
    current = selectors.current_version(version.organisation) if version.organisation else None
    return render(
        request,
        "framework/admin/version.jinja",
        {
            "page_title": present.version_name(version),
            "version": version,
            "name": present.version_name(version),
            "status": present.version_status(version, current or version),
            "based_on_name": present.version_name(version.based_on) if version.based_on else "",
            "groups": present.principle_groups(considerations, changes),
            "comparison": present.comparison_rows(changes),
            "counts": present.change_counts(changes),
            "can_adapt": version.organisation is not None
            and request.user.has_perm("framework.adapt", version.organisation),
        },
    )


@require_GET
def export(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_for(request.user, version_id)
    response = HttpResponse(present.export_text(version), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{present.export_filename(version)}"'
    return response


@require_POST
def start(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    try:
        draft = services.start_adaptation(organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("framework:index")
    messages.success(
        request,
        _("Draft version %(number)s started. Nothing changes for cases until you publish it.")
        % {"number": draft.number},
    )
    return redirect("framework:draft", org_slug=organisation.slug)


@require_GET
def draft(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    draft = selectors.draft_version(organisation)
    if draft is None:
        messages.info(
            request,
            _("%(organisation)s has no draft. Start an adaptation to change the framework.")
            % {"organisation": organisation.name},
        )
        return redirect("framework:index")
    considerations = selectors.considerations_in(draft)
    changes = _changes(draft, considerations)
    return render(
        request,
        "framework/admin/draft.jinja",
        {
            "page_title": _("Draft version %(number)s") % {"number": draft.number},
            "organisation": organisation,
            "draft": draft,
            "based_on_name": present.version_name(draft.based_on),
            "groups": present.principle_groups(considerations, changes),
            "comparison": present.comparison_rows(changes),
            "counts": present.change_counts(changes),
            "fixed_message": fixed_principles_message(),
        },
    )


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    draft = _draft_or_404(organisation)
    initial = (
        {"principle": request.GET.get("principle", "")}
        if request.GET.get("principle") in Principle.values
        else {}
    )
    form = AddConsiderationForm(*_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.add_consideration(
                version=draft,
                principle=data["principle"],
                text=data["text"],
                code=data["code"],
                guidance=data["guidance"],
                text_cy=data["text_cy"],
                guidance_cy=data["guidance_cy"],
                review_points=data["review_points"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(code)s added under %(principle)s.")
                % {"code": added.code, "principle": principle_name(added.principle)},
            )
            return redirect("framework:draft", org_slug=organisation.slug)
    return render(
        request,
        "framework/admin/consideration_form.jinja",
        {
            "page_title": _("Add a consideration"),
            "organisation": organisation,
            "draft": draft,
            "form": form,
            "submit_text": _("Add consideration"),
        },
    )


@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    draft = _draft_or_404(organisation)
    consideration = selectors.consideration_in_draft(draft, code)
    form = ChangeConsiderationForm(
        *_posted(request),
        initial={
            "text": consideration.text,
            "guidance": consideration.guidance,
            "text_cy": consideration.text_cy,
            "guidance_cy": consideration.guidance_cy,
            "review_points": consideration.review_points,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_consideration(
                consideration=consideration,
                text=data["text"],
                guidance=data["guidance"],
                text_cy=data["text_cy"],
                guidance_cy=data["guidance_cy"],
                review_points=data["review_points"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(code)s changed.") % {"code": consideration.code})
            return redirect("framework:draft", org_slug=organisation.slug)
    return render(
        request,
        "framework/admin/consideration_form.jinja",
        {
            "page_title": _("Change %(code)s") % {"code": consideration.code},
            "organisation": organisation,
            "draft": draft,
            "form": form,
            "consideration": consideration,
            "principle": principle_name(consideration.principle),
            "submit_text": _("Save changes"),
        },
    )


def _retire_or_restore(request: HttpRequest, org_slug: str, code: str, *, retire: bool) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    draft = _draft_or_404(organisation)
    consideration = selectors.consideration_in_draft(draft, code)
    error_message = ""
    if request.method == "POST":
        service = services.retire_consideration if retire else services.restore_consideration
        try:
            service(consideration=consideration, by=request.user)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            done = _("%(code)s retired.") if retire else _("%(code)s restored.")
            messages.success(request, done % {"code": consideration.code})
            return redirect("framework:draft", org_slug=organisation.slug)
    return render(
        request,
        "framework/admin/retire.jinja",
        {
            "page_title": (_("Retire %(code)s") if retire else _("Restore %(code)s"))
            % {"code": consideration.code},
            "organisation": organisation,
            "draft": draft,
            "consideration": consideration,
            "principle": principle_name(consideration.principle),
            "review_points": present.review_points_text(consideration.review_points),
            "retire": retire,
            "error_message": error_message,
        },
    )


@require_http_methods(["GET", "POST"])
def retire(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    return _retire_or_restore(request, org_slug, code, retire=True)


@require_http_methods(["GET", "POST"])
def restore(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    return _retire_or_restore(request, org_slug, code, retire=False)


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    draft = _draft_or_404(organisation)
    form = PublishForm(*_posted(request), initial={"title": draft.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_draft(
                version=draft,
                change_note=form.cleaned_data["change_note"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s published. Reviews started from now on use it.")
                % {"number": draft.number},
            )
            return redirect("framework:version", version_id=draft.pk)
    changes = _changes(draft, selectors.considerations_in(draft))
    return render(
        request,
        "framework/admin/publish.jinja",
        {
            "page_title": _("Publish draft version %(number)s") % {"number": draft.number},
            "organisation": organisation,
            "draft": draft,
            "form": form,
            "based_on_name": present.version_name(draft.based_on),
            "comparison": present.comparison_rows(changes),
            "counts": present.change_counts(changes),
        },
    )


@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    draft = _draft_or_404(organisation)
    if request.method == "POST":
        services.discard_draft(version=draft, by=request.user)
        messages.success(
            request,
            _("Draft version %(number)s discarded. The version in use has not changed.")
            % {"number": draft.number},
        )
        return redirect("framework:index")
    changes = _changes(draft, selectors.considerations_in(draft))
    return render(
        request,
        "framework/admin/discard.jinja",
        {
            "page_title": _("Discard draft version %(number)s") % {"number": draft.number},
            "organisation": organisation,
            "draft": draft,
            "counts": present.change_counts(changes),
        },
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    form = UploadForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.import_version_file(
                organisation=organisation,
                text=form.cleaned_data["text"],
                by=request.user,
                source="upload",
                filename=form.cleaned_data["file"].name,
                change_note=form.cleaned_data["change_note"],
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        except (FrameworkFileError, FixedPrincipleError) as error:
            form.add_error("file", _("The file was not imported: %(error)s") % {"error": error})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("File imported as version %(number)s, now in use.") % {"number": version.number}
            )
            return redirect("framework:version", version_id=version.pk)
    return render(
        request,
        "framework/admin/upload.jinja",
        {
            "page_title": _("Upload a framework file"),
            "organisation": organisation,
            "form": form,
            "draft": selectors.draft_version(organisation),
        },
    )
