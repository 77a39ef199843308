"""The consistency page of a case and the organisation's language list. Thin: the case comes through faircase.access
(404 for anyone who may not see it; the read is audited there), writes go through services, display through presenters."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.access.guard import case_view
from faircase.consistency import selectors, services
from faircase.consistency.forms import SwitchOffForm, TermForm
from faircase.consistency.language import national_term, national_terms
from faircase.consistency.presenters import case_page_context
from faircase.core.choosing import to_the_one_or_a_choice
from faircase.core.forms import apply_errors
from faircase.nhsuk_forms.forms import NhsForm


@require_GET
@case_view("consistency.read")
def case_consistency(request: HttpRequest, case: Any) -> HttpResponse:
    return render(
        request,
        "consistency/case.jinja",
        {
            "page_title": _("Comparable cases: case %(reference)s") % {"reference": case.reference},
            "case": case,
            **case_page_context(case, request.user),
        },
    )


# ---- the organisation's language list -----------------------------------------------------------------------


def _organisation(request: HttpRequest, org_slug: str) -> Any:
    organisation = selectors.lexicon_organisations_for(request.user).filter(slug=org_slug).first()
    if organisation is None:
        raise Http404("Not available")
    return organisation


class TryForm(NhsForm):
    text = forms.CharField(
        label=gettext_lazy("Try the language check"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Write or paste some text to see the advice people will get. Nothing is saved."
        ),
    )


@require_GET
def lexicon_index(request: HttpRequest) -> HttpResponse:
    return to_the_one_or_a_choice(
        request,
        list(selectors.lexicon_organisations_for(request.user)),
        to="consistency:lexicon",
        template="consistency/lexicon_index.jinja",
        page_title=_("The language check"),
    )


@require_GET
def lexicon(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    switched_off = selectors.switch_offs_for(organisation)
    try_form = TryForm(request.GET or None)
    return render(
        request,
        "consistency/lexicon.jinja",
        {
            "page_title": _("The language check"),
            "organisation": organisation,
            "national": [{"term": t, "off": switched_off.get(t.key)} for t in national_terms()],
            "own": list(selectors.own_terms_for(organisation)),
            "form": try_form,
            "language_lexicon": selectors.lexicon_for(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, org_slug: str, term_id: int | None = None) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    entry = None
    if term_id is not None:
        entry = selectors.own_term_in(organisation, term_id)
        if entry is None:
            raise Http404("No such term")
    initial = {}
    if entry is not None:
        initial = {
            "term": entry.term,
            "variants": "\n".join(entry.variants),
            "why": entry.why,
            "suggestion": entry.suggestion,
        }
    form = TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                saved = services.add_term(organisation=organisation, by=request.user, **form.cleaned_data)
            else:
                saved = services.change_term(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("\u201c%(term)s\u201d saved. The language check uses it from now on.")
                % {"term": saved.term},
            )
            return redirect("consistency:lexicon", org_slug=organisation.slug)
    return render(
        request,
        "consistency/term_form.jinja",
        {
            "page_title": _("Change a term") if entry else _("Add a term to the language check"),
            "organisation": organisation,
            "form": form,
            "entry": entry,
        },
    )


@require_http_methods(["GET", "POST"])
def term_remove(request: HttpRequest, org_slug: str, term_id: int) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    entry = selectors.own_term_in(organisation, term_id)
    if entry is None:
        raise Http404("No such term")
    if request.method == "POST":
        services.remove_term(entry=entry, by=request.user)
        messages.success(
            request, _("\u201c%(term)s\u201d removed from the language check.") % {"term": entry.term}
        )
        return redirect("consistency:lexicon", org_slug=organisation.slug)
    return render(
        request,
        "consistency/term_remove.jinja",
        {
            "page_title": _("Remove a term"),
            "organisation": organisation,
            "entry": entry,
        },
    )


@require_http_methods(["GET", "POST"])
def national_switch_off(request: HttpRequest, org_slug: str, key: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    term = national_term(key)
    if term is None or key in selectors.switch_offs_for(organisation):
        raise Http404("No such term")
    form = SwitchOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.switch_off(
                organisation=organisation, key=key, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("\u201c%(term)s\u201d is switched off for %(organisation)s.")
                % {"term": term.term, "organisation": organisation.name},
            )
            return redirect("consistency:lexicon", org_slug=organisation.slug)
    return render(
        request,
        "consistency/switch_off.jinja",
        {
            "page_title": _("Switch off \u201c%(term)s\u201d") % {"term": term.term},
            "organisation": organisation,
            "term": term,
            "form": form,
        },
    )


@require_POST
def national_switch_on(request: HttpRequest, org_slug: str, key: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    term = national_term(key)
    if term is None:
        raise Http404("No such term")
    try:
        services.switch_on(organisation=organisation, key=key, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("\u201c%(term)s\u201d is switched back on.") % {"term": term.term})
    return redirect("consistency:lexicon", org_slug=organisation.slug)
