"""Pages of a case's notes. Thin: the case comes through the access kernel (`@case_view`, 404 otherwise), reads go
through the selectors, writes through the services. Staff pages only: the practitioner's portal has no notes."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.casefile import presenters, selectors, services
from faircase.casefile import search as case_search
from faircase.casefile.forms import NoteForm, SearchForm
from faircase.core.forms import apply_errors
from faircase.practitioners.selectors import is_portal_only


@require_GET
@case_view("note.read")
def case_notes(request: HttpRequest, case: Any) -> HttpResponse:
    return render(request, "casefile/list.jinja", {
        "page_title": _("Notes on case %(reference)s") % {"reference": case.reference}, "case": case,
        "notes": presenters.note_lines(case, request.user), **presenters.list_links(case, request.user),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("note.add")
def add(request: HttpRequest, case: Any) -> HttpResponse:
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.add_note(case=case, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The note was added to the case."))
            return redirect("casefile:detail", case_id=case.pk, note_id=note.pk)
    return render(request, "casefile/form.jinja", {
        "page_title": _("Add a note"), "case": case, "form": form, "button_text": _("Save the note"),
    })  # fmt: skip


@require_GET
@case_view("note.read")
def detail(request: HttpRequest, case: Any, note_id: Any) -> HttpResponse:
    note = selectors.note_in(case, note_id)
    return render(request, "casefile/detail.jinja", {
        "page_title": _("Note"), "case": case, **presenters.note_page(note, request.user),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("note.edit")
def edit(request: HttpRequest, case: Any, note_id: Any) -> HttpResponse:
    note = selectors.note_in(case, note_id)
    form = NoteForm(request.POST if request.method == "POST" else None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.edit_note(note=note, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of the note was saved. Earlier versions are kept.")
                % {"number": version.number},
            )
            return redirect("casefile:detail", case_id=case.pk, note_id=note.pk)
    return render(request, "casefile/form.jinja", {
        "page_title": _("Edit the note"), "case": case, "form": form, "button_text": _("Save the new version"),
        "intro": _("The note is saved as a new version: the earlier versions are kept and stay readable."),
        "back_url": presenters.note_page(note, request.user)["note"].url,
    })  # fmt: skip


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search across the cases the user may open (faircase.casefile.search scopes every read)."""
    if not getattr(request.user, "is_authenticated", False) or is_portal_only(request.user):
        raise Http404("Not available")
    form = SearchForm(request.GET if "q" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        try:
            found = presenters.search_rows(case_search.search_cases(request.user, form.cleaned_data["q"]))
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "casefile/search.jinja", {
        "page_title": _("Search your cases"), "form": form, "found": found,
        "query": form.cleaned_data.get("q", "") if form.is_bound and not form.errors else "",
    })  # fmt: skip
