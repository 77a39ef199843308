"""Pages for letters and the communication log. Thin: the case comes through faircase.access (the staff's and the
practitioner's own); writes go through services_comms; display through presenters_comms."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.access.guard import case_view, own_case_view
from faircase.consistency.selectors import lexicon_for
from faircase.core.forms import apply_errors
from faircase.framework.selectors import administered_organisation
from faircase.practitioners import letters as L
from faircase.practitioners import presenters_comms as present
from faircase.practitioners import services_comms as services
from faircase.practitioners.forms_comms import (
    LOG_PREFIX,
    CommunicationForm,
    DraftLetterForm,
    LetterLanguageForm,
    LetterTemplateForm,
    RepresentativeForm,
    StartLetterForm,
)
from faircase.practitioners.models import LetterTemplate


def _case_url(case: Any) -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk}) + "#communications"


def _pdf_response(letter: Any, case: Any) -> HttpResponse:
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    filename = f"{case.reference}-letter-{letter.pk}.pdf".replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _draft_url(case: Any, draft: Any) -> str:
    return reverse("practitioners:comms_letter_draft", kwargs={"case_id": case.pk, "draft_id": draft.pk})


@login_required
@require_http_methods(["GET", "POST"])
@case_view("letter.draft")
def letter_new(request: HttpRequest, case: Any) -> HttpResponse:
    """Choose the letter, the shared concerns it names and its few details: faircase writes a first draft."""
    choices = present.concern_choices(case)
    if request.method == "POST":
        form = StartLetterForm(request.POST, concern_choices=choices)
        if form.is_valid():
            try:
                draft = services.draft_letter(
                    case=case,
                    kind=form.cleaned_data["kind"],
                    fields=form.letter_fields(),
                    concern_ids=form.cleaned_data["concerns"],
                    by=request.user,
                    today=timezone.localdate(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Draft written. Check it and change anything you need to."))
                return redirect(_draft_url(case, draft))
    else:
        kind = request.GET.get("kind", "")
        initial = {"kind": kind} if kind in LetterTemplate.Kind.values else None
        form = StartLetterForm(initial=initial, concern_choices=choices)
    return render(
        request,
        "practitioners/comms/letter_new.jinja",
        {"page_title": _("Write a letter"), "case": case, "form": form, "case_url": _case_url(case)},
    )


def _open_draft(case: Any, draft_id: int) -> Any:
    """A draft of this case still being written (neither sent nor discarded), or 404."""
    draft = case.letter_drafts.filter(pk=draft_id, letter__isnull=True, discarded_at__isnull=True).first()
    if draft is None:
        raise Http404("Not available")
    return draft


@login_required
@require_http_methods(["GET", "POST"])
@case_view("letter.draft")
def letter_draft(request: HttpRequest, case: Any, draft_id: int) -> HttpResponse:
    """Edit the draft, see the language check, and send it (acknowledging any flag)."""
    draft = _open_draft(case, draft_id)
    if request.method == "POST":
        form = DraftLetterForm(request.POST)
        if form.is_valid():
            subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
            welsh = {"subject_cy": form.cleaned_data["subject_cy"], "body_cy": form.cleaned_data["body_cy"]}
            try:
                if request.POST.get("action") == "send":
                    sent = services.send_draft(
                        draft=draft,
                        subject=subject,
                        body=body,
                        **welsh,
                        acknowledged_flags=form.acknowledged_flags(),
                        by=request.user,
                        today=timezone.localdate(),
                    )
                    level, text = present.sent_message(sent)
                    messages.add_message(request, level, text)
                    return redirect(_case_url(case))
                services.save_draft(draft=draft, subject=subject, body=body, **welsh, by=request.user)
                messages.success(request, _("Draft saved."))
                return redirect(_draft_url(case, draft))
            except ValidationError as error:
                apply_errors(form, error)
        subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
        subject_cy, body_cy = request.POST.get("subject_cy", ""), request.POST.get("body_cy", "")
    else:
        form = DraftLetterForm(
            initial={
                "subject": draft.subject,
                "body": draft.body,
                "subject_cy": draft.subject_cy,
                "body_cy": draft.body_cy,
            }
        )
        subject, body, subject_cy, body_cy = draft.subject, draft.body, draft.subject_cy, draft.body_cy
    flags = services.language_flags(case, subject, body)
    return render(
        request,
        "practitioners/comms/letter_draft.jinja",
        {
            "page_title": _("Check and send the letter"),
            "case": case,
            "form": form,
            "draft": present.draft_summary(
                case, draft, subject=subject, body=body, subject_cy=subject_cy, body_cy=body_cy
            ),
            "flags": flags,
            "flags_seen": ",".join(flag.key for flag in flags),
            "language_lexicon": lexicon_for(case.organisation),
            "case_url": _case_url(case),
            "discard_url": reverse(
                "practitioners:comms_letter_draft_discard", kwargs={"case_id": case.pk, "draft_id": draft.pk}
            ),
        },
    )


@login_required
@require_POST
@case_view("letter.send")
def letter_email_again(request: HttpRequest, case: Any, letter_id: int) -> HttpResponse:
    letter = case.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404("Not available")
    try:
        sent = services.email_again(letter=letter, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        level, text = present.sent_message(sent)
        messages.add_message(request, level, text)
    return redirect(_case_url(case))


@login_required
@require_http_methods(["GET", "POST"])
@case_view("representative.change")
def representative(request: HttpRequest, case: Any) -> HttpResponse:
    """The representative letters are copied to (a union or defence organisation adviser), or none."""
    if request.method == "POST":
        form = RepresentativeForm(request.POST)
        if form.is_valid():
            try:
                services.set_representative(
                    case=case,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Representative saved."))
                return redirect(_case_url(case))
    else:
        form = RepresentativeForm(
            initial={"name": case.representative_name, "email": case.representative_email}
        )
    return render(
        request,
        "practitioners/comms/representative.jinja",
        {
            "page_title": _("The practitioner's representative"),
            "case": case,
            "form": form,
            "case_url": _case_url(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@case_view("representative.change")
def letter_language(request: HttpRequest, case: Any) -> HttpResponse:
    """The language the practitioner chose for their letters and record (Welsh Language Standards)."""
    if request.method == "POST":
        form = LetterLanguageForm(request.POST)
        if form.is_valid():
            try:
                services.set_practitioner_language(
                    case=case, language=form.cleaned_data["language"], by=request.user
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Language for letters saved."))
                return redirect(_case_url(case))
    else:
        form = LetterLanguageForm(initial={"language": case.practitioner.language})
    return render(
        request,
        "practitioners/comms/language.jinja",
        {
            "page_title": _("The practitioner's language for letters"),
            "case": case,
            "form": form,
            "letters_in": present.letter_languages_text(case),
            "case_url": _case_url(case),
        },
    )


@login_required
@require_GET
@case_view("letter.read")
def letter_pdf(request: HttpRequest, case: Any, letter_id: int) -> HttpResponse:
    letter = case.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404("Not available")
    return _pdf_response(letter, case)


@login_required
@require_GET
@own_case_view("own.letter")
def my_letter_pdf(request: HttpRequest, case: Any, letter_id: int) -> HttpResponse:
    letter = case.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404("Not available")
    return _pdf_response(letter, case)


@login_required
@require_http_methods(["GET", "POST"])
@case_view("communication.log")
def log(request: HttpRequest, case: Any) -> HttpResponse:
    """Log a communication that was not a letter sent from faircase: a call, an email, a meeting."""
    if request.method == "POST":
        form = CommunicationForm(request.POST, prefix=LOG_PREFIX)
        if form.is_valid():
            data = form.cleaned_data
            when = dt.datetime.combine(data["occurred_on"], data["occurred_time"] or dt.time(12, 0))
            when = timezone.make_aware(when)
            if data["occurred_time"] is None and data["occurred_on"] == timezone.localdate():
                when = min(when, timezone.now())
            try:
                services.log_communication(
                    case=case,
                    channel=data["channel"],
                    to_practitioner=data["direction"] == "to",
                    summary=data["summary"],
                    occurred_at=when,
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Communication logged."))
                return redirect(_case_url(case))
    else:
        form = CommunicationForm(prefix=LOG_PREFIX, initial={"occurred_on": timezone.localdate()})
    return render(
        request,
        "practitioners/comms/log.jinja",
        {"page_title": _("Log a communication"), "case": case, "form": form, "case_url": _case_url(case)},
    )


@login_required
@require_GET
def templates(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = administered_organisation(request.user, org_slug)
    rows = []
    for kind in LetterTemplate.Kind:
        template = L.template_for(organisation, kind)
        own = template is not None and template.organisation_id == organisation.pk
        rows.append(
            {
                "label": str(kind.label),
                "title": template.title if template else "",
                "own": own,
                "updated": f"Changed by {template.updated_by_label}" if own else "National template",
                "url": reverse(
                    "practitioners:comms_template", kwargs={"org_slug": organisation.slug, "kind": kind.value}
                ),
            }
        )
    return render(
        request,
        "practitioners/comms/templates.jinja",
        {"page_title": _("Letter templates"), "organisation": organisation, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template(request: HttpRequest, org_slug: str, kind: str) -> HttpResponse:
    organisation = administered_organisation(request.user, org_slug)
    if kind not in LetterTemplate.Kind.values:
        raise Http404("No such letter")
    current = L.template_for(organisation, kind)
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.save_letter_template(
                    organisation=organisation,
                    kind=kind,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("%(kind)s: template saved.") % {"kind": LetterTemplate.Kind(kind).label}
                )
                return redirect("practitioners:comms_templates", org_slug=organisation.slug)
    else:
        form = LetterTemplateForm(initial={"title": current.title, "body": current.body} if current else None)
    return render(
        request,
        "practitioners/comms/template.jinja",
        {
            "page_title": str(LetterTemplate.Kind(kind).label),
            "organisation": organisation,
            "form": form,
            "own": current is not None and current.organisation_id == organisation.pk,
            "placeholders": present.placeholder_rows(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@case_view("letter.draft")
def letter_draft_discard(request: HttpRequest, case: Any, draft_id: int) -> HttpResponse:
    """Ask before throwing a draft away; then discard it (kept and audited, no longer offered)."""
    draft = _open_draft(case, draft_id)
    if request.method == "POST":
        try:
            services.discard_draft(draft=draft, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_case_url(case))
        messages.success(request, _("Draft discarded: %(subject)s") % {"subject": draft.subject})
        return redirect(_case_url(case))
    return render(
        request,
        "practitioners/comms/letter_draft_discard.jinja",
        {
            "page_title": _("Discard this draft?"),
            "case": case,
            "draft": present.draft_summary(case, draft, subject=draft.subject, body=draft.body),
            "draft_url": _draft_url(case, draft),
        },
    )
