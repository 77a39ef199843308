"""An organisation's own terms and switch-offs, and the advice where people write: never a block."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases.models import Concern
from faircase.consistency import selectors, services
from faircase.consistency.models import LexiconSwitchOff, LexiconTerm
from faircase.core.models import AuditEvent
from faircase.framework.tests.test_reviews import complete_review


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="admin", full_name="Ada Admin")


def _keys(organisation, text):
    return [a.key for a in selectors.lexicon_for(organisation).advice_for(text)]


def test_an_organisations_own_term_is_checked_for_that_organisation_only(
    organisation, other_organisation, admin
):
    entry = services.add_term(
        organisation=organisation,
        term="not a people person",
        variants="not a people-person\nnot people focused",
        why="Vague",
        suggestion="Describe the interaction",
        by=admin,
    )
    assert _keys(organisation, "She is not a people person") == [f"org-{entry.pk}"]
    assert _keys(organisation, "Not people focused, he said") == [f"org-{entry.pk}"]
    assert _keys(other_organisation, "She is not a people person") == []
    event = AuditEvent.objects.get(action="lexicon.term_added")
    assert event.organisation_id == organisation.pk
    assert event.summary["after"]["variants"] == ["not a people-person", "not people focused"]


def test_a_switched_off_national_term_is_no_longer_pointed_out(organisation, other_organisation, admin):
    assert _keys(organisation, "rather abrasive") == ["abrasive"]
    services.switch_off(
        organisation=organisation, key="abrasive", reason="Our policy wording uses it", by=admin
    )
    assert _keys(organisation, "rather abrasive") == []
    assert _keys(other_organisation, "rather abrasive") == ["abrasive"]
    services.switch_on(organisation=organisation, key="abrasive", by=admin)
    assert _keys(organisation, "rather abrasive") == ["abrasive"]
    actions = list(AuditEvent.objects.filter(action__startswith="lexicon.").values_list("action", flat=True))
    assert actions == ["lexicon.national_term_switched_off", "lexicon.national_term_switched_on"]


def test_changing_and_removing_an_own_term_is_audited(organisation, admin):
    entry = services.add_term(
        organisation=organisation, term="chippy", variants="", why="Vague", suggestion="Describe it", by=admin
    )
    services.change_term(
        entry=entry,
        term="chippy",
        variants="chip on the shoulder",
        why="Vague and loaded",
        suggestion="Describe it",
        by=admin,
    )
    assert _keys(organisation, "a chip on the shoulder") == [f"org-{entry.pk}"]
    changed = AuditEvent.objects.get(action="lexicon.term_changed")
    assert set(changed.summary["after"]) == {"variants", "why"}
    services.remove_term(entry=entry, by=admin)
    assert not LexiconTerm.objects.exists()
    assert _keys(organisation, "chippy") == []
    assert AuditEvent.objects.filter(action="lexicon.term_removed").count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"term": ""}, "term", "Enter the word or phrase"),
        ({"term": "bad.*word"}, "term", "plain words"),
        ({"variants": "fine\n[regex]"}, "variants", "plain words"),
        ({"why": " "}, "why", "Say why"),
        ({"suggestion": ""}, "suggestion", "Suggest"),
        ({"term": "Aggressive"}, "term", "already in the national list"),
    ],
)
def test_a_bad_term_is_refused_and_changes_nothing(organisation, admin, fields, field, message):
    values = {"term": "sulky", "variants": "", "why": "Vague", "suggestion": "Describe it", **fields}
    with pytest.raises(ValidationError) as error:
        services.add_term(organisation=organisation, by=admin, **values)
    assert message in " ".join(error.value.message_dict[field])
    assert not LexiconTerm.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="lexicon.").exists()


def test_a_term_twice_is_refused(organisation, admin):
    services.add_term(organisation=organisation, term="sulky", variants="", why="w", suggestion="s", by=admin)
    with pytest.raises(ValidationError, match="already in your organisation"):
        services.add_term(
            organisation=organisation, term="SULKY", variants="", why="w", suggestion="s", by=admin
        )


def test_a_switched_off_national_term_can_be_reworded_as_the_organisations_own(organisation, admin):
    services.switch_off(organisation=organisation, key="rude", reason="We word it our way", by=admin)
    own = services.add_term(
        organisation=organisation,
        term="rude",
        variants="",
        why="Our why",
        suggestion="Our suggestion",
        by=admin,
    )
    assert [a.why for a in selectors.lexicon_for(organisation).advice_for("rude")] == ["Our why"]
    with pytest.raises(ValidationError, match="remove it before"):
        services.switch_on(organisation=organisation, key="rude", by=admin)
    assert own.pk


def test_only_an_administrator_of_the_organisation_may_change_its_list(
    organisation, other_organisation, case_manager
):
    other_admin = member(other_organisation, "org_admin", username="other-admin")
    for user in (case_manager, other_admin):
        with pytest.raises(ValidationError, match="Only an administrator"):
            services.add_term(
                organisation=organisation, term="sulky", variants="", why="w", suggestion="s", by=user
            )
        with pytest.raises(ValidationError, match="Only an administrator"):
            services.switch_off(organisation=organisation, key="rude", reason="r", by=user)
    assert not LexiconTerm.objects.exists() and not LexiconSwitchOff.objects.exists()


def test_switching_off_needs_a_reason_and_a_real_term(organisation, admin):
    with pytest.raises(ValidationError, match="Say why"):
        services.switch_off(organisation=organisation, key="rude", reason=" ", by=admin)
    with pytest.raises(ValidationError, match="no such term"):
        services.switch_off(organisation=organisation, key="nonsense", reason="r", by=admin)
    assert not LexiconSwitchOff.objects.exists()


# ---- the administrator's pages ----------------------------------------------------------------------------------


def test_the_administrator_adds_a_term_and_switches_one_off_on_the_page(organisation, admin, signed_in):
    client = signed_in(admin)
    page = client.get(reverse("consistency:lexicon", kwargs={"org_slug": organisation.slug}))
    assert page.status_code == 200
    assert "not a team player" in page.content.decode()
    added = client.post(
        reverse("consistency:term_add", kwargs={"org_slug": organisation.slug}),
        {"term": "sulky", "variants": "sulking", "why": "Judges mood", "suggestion": "Say what was done"},
    )
    assert added.status_code == 302
    refused = client.post(
        reverse("consistency:switch_off", kwargs={"org_slug": organisation.slug, "key": "rude"}),
        {"reason": ""},
    )
    assert (
        refused.status_code == 200
        and "Say why your organisation switches this term off" in refused.content.decode()
    )
    switched = client.post(
        reverse("consistency:switch_off", kwargs={"org_slug": organisation.slug, "key": "rude"}),
        {"reason": "Local wording"},
    )
    assert switched.status_code == 302
    text = client.get(reverse("consistency:lexicon", kwargs={"org_slug": organisation.slug})).content.decode()
    assert "sulky" in text and "Local wording" in text
    tried = client.get(
        reverse("consistency:lexicon", kwargs={"org_slug": organisation.slug}),
        {"text": "He was sulking and rude"},
    ).content.decode()
    assert "“sulking”" in tried and "“rude”" not in tried


def test_the_language_list_is_not_there_for_anyone_else(
    organisation, other_organisation, case_manager, signed_in
):
    other_admin = member(other_organisation, "org_admin", username="other-admin")
    for user in (case_manager, other_admin):
        client = signed_in(user)
        assert (
            client.get(reverse("consistency:lexicon", kwargs={"org_slug": organisation.slug})).status_code
            == 404
        )
    assert signed_in(case_manager).get(reverse("consistency:lexicon_index")).status_code == 404


def test_the_index_takes_a_single_organisations_administrator_straight_to_its_list(
    organisation, admin, signed_in
):
    response = signed_in(admin).get(reverse("consistency:lexicon_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("consistency:lexicon", kwargs={"org_slug": organisation.slug})


# ---- advice where people write, never a block ---------------------------------------------------------------


def _concern_post(**overrides):
    data = {
        "category": "conduct",
        "source": "colleague",
        "severity": "moderate",
        "occurred_on_0": "1",
        "occurred_on_1": "3",
        "occurred_on_2": "2025",
        "raised_on_0": "3",
        "raised_on_1": "3",
        "raised_on_2": "2025",
        "description": "On 1 March 2025 Dr X was aggressive towards a nurse and has a poor attitude.",
    }
    data.update(overrides)
    return data


def test_a_concern_with_loaded_words_is_saved_and_the_advice_shown_next_to_it(case, case_manager, signed_in):
    client = signed_in(case_manager)
    saved = client.post(reverse("cases:add_concern", kwargs={"case_id": case.pk}), _concern_post())
    assert saved.status_code == 302, "the language check never blocks a save"
    assert Concern.objects.filter(case=case, description__contains="aggressive").exists()
    text = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Language check: 2 words or phrases to reconsider" in text
    assert "“aggressive”" in text and "“poor attitude”" in text, "the longer phrase is the one pointed out"


def test_the_concern_form_shown_again_with_errors_gives_the_advice_beside_the_text(
    case, case_manager, signed_in
):
    response = signed_in(case_manager).post(
        reverse("cases:add_concern", kwargs={"case_id": case.pk}), _concern_post(category="")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Select the category of concern" in text
    assert "Language check: 2 words or phrases to reconsider" in text
    assert 'aria-live="polite"' in text
    assert "consistency/language-check.js" in text
    assert 'id="id_description-lexicon" type="application/json"' in text


def test_a_clean_concern_form_has_the_live_check_but_no_advice(case, case_manager, signed_in):
    text = (
        signed_in(case_manager)
        .get(reverse("cases:add_concern", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert 'data-language-check="id_description"' in text
    # No advice box (its words for the live check ride in data-words, in the reader's language, ADR 41).
    assert "faircase-language-advice" not in text


def test_an_organisations_switch_off_applies_on_its_forms(case, organisation, case_manager, signed_in):
    admin = member(organisation, "org_admin", username="admin2")
    services.switch_off(organisation=organisation, key="aggressive", reason="Local", by=admin)
    response = signed_in(case_manager).post(
        reverse("cases:add_concern", kwargs={"case_id": case.pk}), _concern_post(category="")
    )
    assert "Language check: 1 word or phrase to reconsider" in response.content.decode()


def test_the_open_case_form_checks_the_concern_description(organisation, case_manager, signed_in):
    response = signed_in(case_manager).post(reverse("cases:open"), _concern_post(reference=""))
    assert response.status_code == 200
    assert "Language check: 2 words or phrases to reconsider" in response.content.decode()


def test_the_stage_move_reasons_are_checked(case, case_manager, signed_in):
    complete_review(case, case_manager, point="commencement")
    response = signed_in(case_manager).post(
        reverse("cases:move", kwargs={"case_id": case.pk}),
        {"to_stage": "initial_assessment", "decision": "", "reasons": "She doesn't fit in with the team"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Language check: 1 word or phrase to reconsider" in text
    assert "“doesn&#39;t fit in”" in text
    moved = signed_in(case_manager).post(
        reverse("cases:move", kwargs={"case_id": case.pk}),
        {
            "to_stage": "initial_assessment",
            "decision": "Assess",
            "reasons": "She doesn't fit in with the team",
        },
    )
    assert moved.status_code == 302, "never a block"


def test_the_words_shared_with_the_practitioner_are_checked(case, case_manager, signed_in):
    concern = case.concerns.get()
    Concern.objects.filter(pk=concern.pk).update(
        description="The practitioner lacks insight into cultural issues."
    )
    url = reverse("practitioners:portal_share_concern", kwargs={"case_id": case.pk, "concern_id": concern.pk})
    text = signed_in(case_manager).get(url).content.decode()
    assert "Language check: 2 words or phrases to reconsider" in text
    assert 'data-language-check="id_text"' in text


def test_the_language_list_reads_in_welsh_with_the_english_it_matches_marked_english(
    organisation, admin, signed_in
):
    """ADR 41: the page's words are Welsh; the national terms and their other wordings are the English the check
    matches, so they stay English, marked lang="en" (and the advice beside them is Welsh)."""
    admin.language = "cy"
    admin.save(update_fields=["language"])
    client = signed_in(admin)
    services.add_term(
        organisation=organisation,
        term="sulky",
        variants="sulking",
        why="Judges mood",
        suggestion="Say what",
        by=admin,
    )
    html = client.get(reverse("consistency:lexicon", kwargs={"org_slug": organisation.slug})).content.decode()
    assert "Y rhestr genedlaethol" in html and "Termau eich sefydliad ei hun" in html
    assert '<strong lang="en">not a team player</strong>' in html
    assert 'Hefyd: <span lang="en">poor team player, not team minded</span>' in html
    assert "Hefyd: sulking" in html and "Yn lle hynny: Say what" in html
    assert "Why, and what to write instead" not in html and "Also:" not in html and "Switch off" not in html
    page = client.get(
        reverse("consistency:switch_off", kwargs={"org_slug": organisation.slug, "key": "rude"})
    )
    assert "Pam mae eich sefydliad yn diffodd y term hwn?" in page.content.decode()
