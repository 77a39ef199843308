"""Writes of the language check: an organisation's own terms and its switch-offs of national terms. Each
service is one transaction, takes an explicit actor (`by`), checks the actor may do it, and audits itself.

The consistency lens writes nothing; reading it is audited as a read of the case (faircase.access.guard).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.consistency.language import LexiconError, check_patterns, national_term, national_terms
from faircase.consistency.models import LexiconSwitchOff, LexiconTerm
from faircase.core import audit

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User

TERM_FIELDS = ["term", "variants", "why", "suggestion"]


def _require_editor(by: User, organisation: Organisation) -> None:
    if not by.has_perm("consistency.edit_lexicon", organisation):
        raise ValidationError(_("Only an administrator of the organisation can change its language list."))


def _variants(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    seen: list[str] = []
    for line in value or []:
        line = " ".join(str(line).split())
        if line and line.lower() not in [s.lower() for s in seen]:
            seen.append(line)
    return seen


def _clean(
    organisation: Organisation,
    *,
    term: str,
    variants: Any,
    why: str,
    suggestion: str,
    entry: LexiconTerm | None = None,
) -> dict[str, Any]:
    term = " ".join((term or "").split())
    values = {
        "term": term,
        "variants": _variants(variants),
        "why": (why or "").strip(),
        "suggestion": (suggestion or "").strip(),
    }
    errors: dict[str, str] = {}
    if not term:
        errors["term"] = _("Enter the word or phrase")
    elif len(term) > 100:
        errors["term"] = _("The word or phrase must be 100 characters or fewer")
    if not values["why"]:
        errors["why"] = _("Say why the word or phrase is a problem")
    if not values["suggestion"]:
        errors["suggestion"] = _("Suggest what to write instead")
    if term and "term" not in errors:
        try:
            check_patterns(term, [])
        except LexiconError:
            errors["term"] = _("Use plain words: letters, spaces, hyphens and apostrophes only")
        for variant in values["variants"]:
            try:
                check_patterns(variant, [])
            except LexiconError:
                errors["variants"] = _(
                    "Use plain words in each wording: %(wording)s has other characters"
                ) % {"wording": repr(variant)}
                break
    if "term" not in errors and term:
        switched_off = set(
            LexiconSwitchOff.objects.filter(organisation=organisation).values_list("key", flat=True)
        )
        national = next(
            (t for t in national_terms() if t.term.lower() == term.lower() and t.key not in switched_off),
            None,
        )
        if national is not None:
            errors["term"] = _("%(term)s is already in the national list") % {"term": national.term}
        duplicate = LexiconTerm.objects.filter(organisation=organisation, term__iexact=term)
        if entry is not None:
            duplicate = duplicate.exclude(pk=entry.pk)
        if duplicate.exists():
            errors["term"] = _("%(term)s is already in your organisation's list") % {"term": term}
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_term(
    *, organisation: Organisation, term: str, variants: Any, why: str, suggestion: str, by: User
) -> LexiconTerm:
    _require_editor(by, organisation)
    values = _clean(organisation, term=term, variants=variants, why=why, suggestion=suggestion)
    try:
        with transaction.atomic():
            entry = LexiconTerm.objects.create(organisation=organisation, created_by=by, **values)
    except IntegrityError as error:
        raise ValidationError(
            {"term": _("%(term)s is already in your organisation's list") % {"term": values["term"]}}
        ) from error
    audit.record(
        by=by,
        action="lexicon.term_added",
        obj=entry,
        organisation=organisation,
        after=audit.snapshot(entry, TERM_FIELDS),
    )
    return entry


@transaction.atomic
def change_term(
    *, entry: LexiconTerm, term: str, variants: Any, why: str, suggestion: str, by: User
) -> LexiconTerm:
    entry = LexiconTerm.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    _require_editor(by, entry.organisation)
    values = _clean(
        entry.organisation, term=term, variants=variants, why=why, suggestion=suggestion, entry=entry
    )
    before = audit.snapshot(entry, TERM_FIELDS)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.changed_at = timezone.now()
    entry.save()
    after = audit.snapshot(entry, TERM_FIELDS)
    changed = [k for k in TERM_FIELDS if before[k] != after[k]]
    audit.record(
        by=by,
        action="lexicon.term_changed",
        obj=entry,
        organisation=entry.organisation,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return entry


@transaction.atomic
def remove_term(*, entry: LexiconTerm, by: User) -> None:
    entry = LexiconTerm.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    _require_editor(by, entry.organisation)
    before = audit.snapshot(entry, TERM_FIELDS)
    organisation = entry.organisation
    audit.record(by=by, action="lexicon.term_removed", obj=entry, organisation=organisation, before=before)
    entry.delete()


@transaction.atomic
def switch_off(*, organisation: Organisation, key: str, reason: str, by: User) -> LexiconSwitchOff:
    _require_editor(by, organisation)
    term = national_term(key)
    if term is None:
        raise ValidationError(_("There is no such term in the national list."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why your organisation switches this term off")})
    if LexiconSwitchOff.objects.filter(organisation=organisation, key=key).exists():
        raise ValidationError(_("%(term)s is already switched off.") % {"term": term.term})
    switch = LexiconSwitchOff.objects.create(
        organisation=organisation, key=key, reason=reason, switched_off_by=by
    )
    audit.record(
        by=by,
        action="lexicon.national_term_switched_off",
        obj=switch,
        organisation=organisation,
        after={"key": key, "term": term.term, "reason": reason},
    )
    return switch


@transaction.atomic
def switch_on(*, organisation: Organisation, key: str, by: User) -> None:
    _require_editor(by, organisation)
    switch = LexiconSwitchOff.objects.select_for_update().filter(organisation=organisation, key=key).first()
    if switch is None:
        raise ValidationError(_("That term is not switched off."))
    term = national_term(key)
    clash = (
        LexiconTerm.objects.filter(organisation=organisation, term__iexact=term.term).first()
        if term
        else None
    )
    if clash is not None:
        raise ValidationError(
            _(
                "Your organisation has its own term %(term)s: remove it before switching the national one back on."
            )
            % {"term": clash.term}
        )
    audit.record(
        by=by,
        action="lexicon.national_term_switched_on",
        obj=switch,
        organisation=organisation,
        before={"key": key, "reason": switch.reason},
        after={"key": key, "term": term.term if term else key},
    )
    switch.delete()
