"""Adapting the framework: one draft at a time, changed one consideration at a time, published with a change
note (or discarded), every change audited; and the pages an organisation administrator uses to do it."""

import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.framework import presenters_admin, selectors, services
from faircase.framework.models import Consideration, FrameworkVersion
from faircase.framework.principles import ReviewPoint
from faircase.framework.yamlformat import parse


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="admin", full_name="Ada Administrator")


@pytest.fixture
def national(db):
    return FrameworkVersion.objects.get(organisation__isnull=True)


@pytest.fixture
def draft(organisation, admin):
    return services.start_adaptation(organisation=organisation, by=admin)


def codes(version):
    return [c.code for c in selectors.considerations_in(version)]


def in_draft(draft, code):
    return Consideration.objects.get(version=draft, code=code)


def last_event(action):
    return AuditEvent.objects.filter(action=action).order_by("-sequence").first()


# ---- starting an adaptation ----------------------------------------------------------------------------


def test_starting_an_adaptation_makes_one_draft_copied_from_the_national_set(organisation, admin, national):
    draft = services.start_adaptation(organisation=organisation, by=admin)
    assert draft.organisation == organisation
    assert draft.number == 1
    assert draft.published_at is None
    assert draft.based_on == national
    assert draft.created_by_label == "Ada Administrator (admin)"
    copied = selectors.considerations_in(draft)
    original = selectors.considerations_in(national)
    assert [(c.code, c.principle, c.text, c.review_points, c.retired) for c in copied] == [
        (c.code, c.principle, c.text, c.review_points, c.retired) for c in original
    ]
    event = last_event("framework.draft_started")
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.summary["after"]["considerations"] == 33


def test_a_draft_does_not_change_the_version_in_use(organisation, draft, national):
    assert selectors.current_version(organisation) == national


def test_only_one_draft_at_a_time(organisation, admin, draft):
    with pytest.raises(ValidationError, match="already has a draft adaptation"):
        services.start_adaptation(organisation=organisation, by=admin)
    assert FrameworkVersion.objects.filter(organisation=organisation).count() == 1


def test_a_second_adaptation_starts_from_the_organisations_own_version(organisation, admin, draft):
    services.add_consideration(version=draft, principle="equity", text="Local check.", by=admin)
    first = services.publish_draft(version=draft, change_note="First", by=admin)
    second = services.start_adaptation(organisation=organisation, by=admin)
    assert second.number == 2
    assert second.based_on == first
    assert second.title == first.title
    assert codes(second) == codes(first)


# ---- changing the draft --------------------------------------------------------------------------------


def test_a_new_consideration_gets_a_local_code_when_none_is_typed(draft, admin):
    first = services.add_consideration(
        version=draft, principle="heard", text="Interpreter offered.", by=admin
    )
    second = services.add_consideration(
        version=draft, principle="welfare", text="Chaplaincy offered.", by=admin
    )
    assert (first.code, second.code) == ("LOCAL-1", "LOCAL-2")
    assert first.principle == "heard"
    # Each is placed at the end of its own Principle, so the version reads in the order of the Principles.
    order = codes(draft)
    assert order[order.index("WS7") + 1] == "LOCAL-2"
    assert order[order.index("PH6") + 1] == "LOCAL-1"
    assert order[order.index("LOCAL-1") + 1] == "AP1"
    event = last_event("framework.consideration_added")
    assert event.summary["after"]["code"] == "LOCAL-2"
    assert event.summary["after"]["principle"] == "welfare"


def test_local_codes_are_not_reused_in_a_later_version(organisation, draft, admin):
    services.add_consideration(version=draft, principle="heard", text="Interpreter offered.", by=admin)
    services.publish_draft(version=draft, change_note="Interpreter", by=admin)
    later = services.start_adaptation(organisation=organisation, by=admin)
    services.retire_consideration(consideration=in_draft(later, "LOCAL-1"), by=admin)
    added = services.add_consideration(version=later, principle="heard", text="Another.", by=admin)
    assert added.code == "LOCAL-2"


def test_a_typed_code_is_upper_cased_and_kept(draft, admin):
    added = services.add_consideration(
        version=draft, principle="process", text="HR policy x.", code=" ap-local ", by=admin
    )
    assert added.code == "AP-LOCAL"


@pytest.mark.parametrize("code", ["1AP", "AP 7", "AP_7", "A" * 21])
def test_a_typed_code_must_be_like_ws1(draft, admin, code):
    with pytest.raises(ValidationError) as error:
        services.add_consideration(version=draft, principle="process", text="x", code=code, by=admin)
    assert "code" in error.value.message_dict


def test_a_typed_code_must_be_unique_in_the_version(draft, admin):
    with pytest.raises(ValidationError) as error:
        services.add_consideration(version=draft, principle="process", text="x", code="WS1", by=admin)
    assert error.value.message_dict["code"] == ["WS1 is already used in this version: choose another code"]
    assert Consideration.objects.filter(version=draft).count() == 33


def test_a_consideration_needs_words(draft, admin):
    with pytest.raises(ValidationError) as error:
        services.add_consideration(version=draft, principle="process", text="   ", by=admin)
    assert "text" in error.value.message_dict


def test_rewording_guidance_and_review_points_are_audited_with_before_and_after(draft, admin):
    ws1 = in_draft(draft, "WS1")
    old_text = ws1.text
    services.change_consideration(
        consideration=ws1,
        text="Support details were given in writing.",
        guidance="Use leaflet RFT-12.",
        review_points=["closure", "commencement"],
        by=admin,
    )
    ws1.refresh_from_db()
    assert ws1.text == "Support details were given in writing."
    assert ws1.guidance == "Use leaflet RFT-12."
    assert ws1.review_points == ["commencement", "closure"]  # kept in the order of the review points
    event = last_event("framework.consideration_changed")
    assert event.summary["before"] == {"text": old_text, "guidance": "", "review_points": []}
    assert event.summary["after"]["review_points"] == ["commencement", "closure"]


def test_a_change_that_changes_nothing_writes_no_event(draft, admin):
    ws1 = in_draft(draft, "WS1")
    before = AuditEvent.objects.count()
    services.change_consideration(consideration=ws1, text=ws1.text, guidance="", review_points=[], by=admin)
    assert AuditEvent.objects.count() == before


def test_ticking_every_review_point_means_every_review_point(draft, admin):
    ws7 = in_draft(draft, "WS7")
    services.change_consideration(consideration=ws7, review_points=list(ReviewPoint.values), by=admin)
    ws7.refresh_from_db()
    assert ws7.review_points == []


def test_an_unknown_review_point_is_refused(draft, admin):
    with pytest.raises(ValidationError) as error:
        services.change_consideration(consideration=in_draft(draft, "WS1"), review_points=["lunch"], by=admin)
    assert "review_points" in error.value.message_dict


def test_retire_and_restore_are_audited(draft, admin):
    ws2 = in_draft(draft, "WS2")
    services.retire_consideration(consideration=ws2, by=admin)
    ws2.refresh_from_db()
    assert ws2.retired
    assert last_event("framework.consideration_retired").summary == {
        "before": {"retired": False},
        "after": {"retired": True},
        "detail": {"version": 1, "code": "WS2"},
    }
    with pytest.raises(ValidationError, match="already retired"):
        services.retire_consideration(consideration=ws2, by=admin)
    services.restore_consideration(consideration=ws2, by=admin)
    ws2.refresh_from_db()
    assert not ws2.retired
    assert last_event("framework.consideration_restored").summary["after"] == {"retired": False}


def test_a_published_version_cannot_be_changed(organisation, draft, admin, national):
    services.add_consideration(version=draft, principle="equity", text="Local check.", by=admin)
    services.publish_draft(version=draft, change_note="First", by=admin)
    with pytest.raises(ValidationError, match="published and can no longer be changed"):
        services.change_consideration(consideration=in_draft(draft, "WS1"), text="Sneaky", by=admin)
    with pytest.raises(ValidationError, match="published"):
        services.add_consideration(version=national, principle="equity", text="Sneaky", by=admin)
    assert in_draft(draft, "WS1").text != "Sneaky"


# ---- publishing and discarding -------------------------------------------------------------------------


def test_publishing_makes_the_draft_the_version_in_use(organisation, draft, admin):
    services.add_consideration(version=draft, principle="welfare", text="Chaplaincy offered.", by=admin)
    published = services.publish_draft(
        version=draft, change_note="Chaplaincy added", title="Riverside v1", by=admin
    )
    assert published.is_published
    assert published.change_note == "Chaplaincy added"
    assert published.title == "Riverside v1"
    assert selectors.current_version(organisation) == published
    event = last_event("framework.version_published")
    assert event.summary["after"]["changes"] == {"added": 1}
    assert event.summary["after"]["change_note"] == "Chaplaincy added"


def test_publishing_needs_a_change_note(draft, admin):
    services.add_consideration(version=draft, principle="welfare", text="x", by=admin)
    with pytest.raises(ValidationError) as error:
        services.publish_draft(version=draft, change_note="  ", by=admin)
    assert "change_note" in error.value.message_dict
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_draft_without_changes_is_not_published(draft, admin):
    with pytest.raises(ValidationError, match="the same as version 1"):
        services.publish_draft(version=draft, change_note="Nothing", by=admin)


def test_a_draft_overtaken_by_another_version_is_not_published(organisation, draft, admin):
    services.add_consideration(version=draft, principle="welfare", text="x", by=admin)
    spec = parse(presenters_admin.export_text(selectors.current_version(organisation)))
    services.create_version(organisation=organisation, spec=spec, by=admin)  # a newer version, published
    with pytest.raises(ValidationError, match="became the current version after this draft was started"):
        services.publish_draft(version=draft, change_note="Mine", by=admin)


def test_reviews_already_started_stay_pinned_and_new_ones_use_the_new_version(
    organisation, case, case_manager, draft, admin, national
):
    before = services.start_review(case=case, review_point="commencement", by=case_manager)
    services.add_consideration(version=draft, principle="welfare", text="Chaplaincy offered.", by=admin)
    services.publish_draft(version=draft, change_note="Chaplaincy", by=admin)
    after = services.start_review(case=case, review_point="ad_hoc", by=case_manager)
    before.refresh_from_db()
    assert before.version == national
    assert after.version == draft
    assert "LOCAL-1" in [c.code for c in selectors.considerations_for(after)]
    assert "LOCAL-1" not in [c.code for c in selectors.considerations_for(before)]


def test_a_review_started_while_a_draft_is_open_uses_the_version_in_use(case, case_manager, draft, national):
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    assert review.version == national


def test_discarding_removes_the_draft_and_keeps_the_version_in_use(organisation, draft, admin, national):
    services.add_consideration(version=draft, principle="welfare", text="x", by=admin)
    services.discard_draft(version=draft, by=admin)
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()
    assert not Consideration.objects.filter(version_id=draft.pk).exists()
    assert selectors.current_version(organisation) == national
    event = last_event("framework.draft_discarded")
    assert event.summary["before"]["considerations"] == 34
    assert services.start_adaptation(organisation=organisation, by=admin).number == 1


def test_every_adaptation_event_keeps_the_audit_chain_whole(organisation, draft, admin):
    services.add_consideration(version=draft, principle="welfare", text="x", by=admin)
    services.change_consideration(consideration=in_draft(draft, "WS1"), guidance="g", by=admin)
    services.retire_consideration(consideration=in_draft(draft, "WS2"), by=admin)
    services.publish_draft(version=draft, change_note="All sorts", by=admin)
    checked, fault = audit.verify_chain()
    assert fault is None
    assert checked >= 5


def test_a_failed_audit_write_leaves_no_draft(organisation, monkeypatch, admin):
    def broken(**kwargs):
        raise audit.AuditError("disk full")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(audit.AuditError):
        services.start_adaptation(organisation=organisation, by=admin)
    assert not FrameworkVersion.objects.filter(organisation=organisation).exists()
    assert not Consideration.objects.filter(version__organisation=organisation).exists()


# ---- comparing versions -------------------------------------------------------------------------------


def _c(code, principle="welfare", text="t", guidance="", review_points=(), retired=False):
    return Consideration(
        code=code,
        principle=principle,
        text=text,
        guidance=guidance,
        review_points=list(review_points),
        retired=retired,
    )


def test_changes_between_names_every_kind_of_change_in_principle_order():
    base = [
        _c("WS1"),
        _c("WS2"),
        _c("WS3"),
        _c("EP1", "equity"),
        _c("UI1", "understanding", retired=True),
        _c("AP1", "process"),
    ]
    current = [
        _c("EP1", "equity", text="new words"),
        _c("WS1", guidance="see leaflet"),
        _c("WS2", review_points=["closure"]),
        _c("WS3", retired=True),
        _c("UI1", "understanding"),
        _c("LOCAL-1", "heard"),
    ]
    changes = {c.code: c.kinds for c in selectors.changes_between(base, current)}
    assert changes == {
        "WS1": ("guidance",),
        "WS2": ("review_points",),
        "WS3": ("retired",),
        "UI1": ("restored",),
        "LOCAL-1": ("added",),
        "AP1": ("removed",),
        "EP1": ("reworded",),
    }
    order = [c.code for c in selectors.changes_between(base, current)]
    assert order == ["WS1", "WS2", "WS3", "UI1", "LOCAL-1", "AP1", "EP1"]


def test_identical_versions_have_no_changes():
    assert selectors.changes_between([_c("WS1")], [_c("WS1")]) == []


# ---- the pages -------------------------------------------------------------------------------------------


def url(name, **kwargs):
    return reverse(f"framework:{name}", kwargs=kwargs)


def test_the_framework_page_lists_only_the_organisations_the_user_administers(
    organisation, other_organisation, admin, signed_in
):
    response = signed_in(admin).get(url("index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert organisation.name in page
    assert other_organisation.name not in page
    assert "National starter set, version 1" in page
    assert "has not adapted it yet" in page


@pytest.mark.parametrize("role", ["case_manager", "auditor", "equality_analyst", "responsible_officer"])
def test_people_who_do_not_administer_see_no_adaptation_pages(organisation, signed_in, role, draft):
    client = signed_in(member(organisation, role))
    slug = organisation.slug
    for address in [
        url("index"),
        url("draft", org_slug=slug),
        url("add", org_slug=slug),
        url("publish", org_slug=slug),
        url("discard", org_slug=slug),
        url("upload", org_slug=slug),
        url("change", org_slug=slug, code="WS1"),
        url("retire", org_slug=slug, code="WS1"),
    ]:
        assert client.get(address).status_code == 404, address
    assert client.post(url("start", org_slug=slug)).status_code == 404
    assert client.post(url("publish", org_slug=slug), {"title": "t", "change_note": "n"}).status_code == 404


def test_an_administrator_cannot_reach_another_organisations_framework(other_organisation, admin, signed_in):
    other_admin = member(other_organisation, "org_admin")
    other_draft = services.start_adaptation(organisation=other_organisation, by=other_admin)
    client = signed_in(admin)
    assert client.get(url("draft", org_slug=other_organisation.slug)).status_code == 404
    assert client.post(url("start", org_slug=other_organisation.slug)).status_code == 404
    assert client.post(url("discard", org_slug=other_organisation.slug)).status_code == 404
    assert client.get(url("version", version_id=other_draft.pk)).status_code == 404
    assert FrameworkVersion.objects.filter(pk=other_draft.pk).exists()


def test_signing_in_is_required(client, organisation):
    response = client.get(url("index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_whole_adaptation_through_the_pages(organisation, admin, signed_in, national):
    client = signed_in(admin)
    slug = organisation.slug

    response = client.post(url("start", org_slug=slug))
    assert response.status_code == 302
    assert response.url == url("draft", org_slug=slug)
    draft = selectors.draft_version(organisation)

    page = client.get(url("draft", org_slug=slug)).content.decode()
    positions = [
        page.index(f"{i}. {name}")
        for i, name in enumerate(
            [
                "Ensuring welfare and support",
                "Understanding the issues",
                "Ensuring the practitioner is heard",
                "Adherence to process",
                "Equity and proportionality",
            ],
            start=1,
        )
    ]
    assert positions == sorted(positions)
    assert "No changes yet." in page

    form = client.get(url("add", org_slug=slug) + "?principle=heard").content.decode()
    assert 'value="heard" checked' in form
    assert 'type="checkbox"' in form  # review points are ticked, several at once
    assert "Add consideration\n</button>" in form
    response = client.post(
        url("add", org_slug=slug),
        {
            "principle": "heard",
            "text": "An interpreter was offered for every meeting.",
            "guidance": "Book through the language line.",
            "review_points": ["commencement", "route"],
        },
    )
    assert response.status_code == 302
    added = in_draft(draft, "LOCAL-1")
    assert added.review_points == ["commencement", "route"]

    change_page = client.get(url("change", org_slug=slug, code="WS1")).content.decode()
    assert "Ensuring welfare and support" in change_page
    response = client.post(
        url("change", org_slug=slug, code="WS1"), {"text": "Reworded WS1.", "guidance": ""}
    )
    assert response.status_code == 302

    assert "Retire WS2?" in client.get(url("retire", org_slug=slug, code="WS2")).content.decode()
    assert client.post(url("retire", org_slug=slug, code="WS2")).status_code == 302
    assert in_draft(draft, "WS2").retired

    publish_page = client.get(url("publish", org_slug=slug)).content.decode()
    assert "1 added, 1 reworded, 1 retired" in publish_page
    response = client.post(url("publish", org_slug=slug), {"title": "Riverside framework", "change_note": ""})
    assert "Say what changed and why" in response.content.decode()
    response = client.post(
        url("publish", org_slug=slug),
        {"title": "Riverside framework", "change_note": "Interpreters; WS1 clearer"},
    )
    assert response.status_code == 302
    assert response.url == url("version", version_id=draft.pk)
    assert selectors.current_version(organisation) == draft

    version_page = client.get(response.url).content.decode()
    for words in [
        "Added",
        "Reworded",
        "Retired",
        "Interpreters; WS1 clearer",
        "National starter set, version 1",
        "An interpreter was offered for every meeting.",
        "Book through the language line.",
    ]:
        assert words in version_page

    index = client.get(url("index")).content.decode()
    assert "Interpreters; WS1 clearer" in index
    assert "In use" in index
    assert "Ada Administrator (admin)" in index


def test_an_invalid_new_consideration_shows_the_error_summary_and_saves_nothing(
    organisation, admin, draft, signed_in
):
    response = signed_in(admin).post(
        url("add", org_slug=organisation.slug), {"principle": "values", "text": "", "code": "WS1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose one of the five Principles" in page
    assert "Enter the consideration" in page
    assert Consideration.objects.filter(version=draft).count() == 33


def test_a_duplicate_code_is_shown_beside_the_code_field(organisation, admin, draft, signed_in):
    response = signed_in(admin).post(
        url("add", org_slug=organisation.slug), {"principle": "welfare", "text": "x", "code": "ws1"}
    )
    assert "WS1 is already used in this version" in response.content.decode()


def test_starting_twice_through_the_page_says_why(organisation, admin, draft, signed_in):
    response = signed_in(admin).post(url("start", org_slug=organisation.slug), follow=True)
    assert "already has a draft adaptation" in response.content.decode()


def test_discarding_through_the_page(organisation, admin, draft, signed_in):
    client = signed_in(admin)
    assert (
        "Discard draft version 1?" in client.get(url("discard", org_slug=organisation.slug)).content.decode()
    )
    response = client.post(url("discard", org_slug=organisation.slug))
    assert response.status_code == 302
    assert selectors.draft_version(organisation) is None
    assert client.get(url("draft", org_slug=organisation.slug)).status_code == 302


def test_members_read_published_versions_but_only_administrators_read_drafts(
    organisation, admin, draft, signed_in, national
):
    case_manager = member(organisation, "case_manager")
    client = signed_in(case_manager)
    assert client.get(url("version", version_id=national.pk)).status_code == 200
    assert client.get(url("version", version_id=draft.pk)).status_code == 404
    assert client.get(url("export", version_id=draft.pk)).status_code == 404
    services.add_consideration(version=draft, principle="welfare", text="x", by=admin)
    services.publish_draft(version=draft, change_note="n", by=admin)
    assert client.get(url("version", version_id=draft.pk)).status_code == 200
    outsider = member(OrganisationFactory(), "case_manager")
    assert signed_in(outsider).get(url("version", version_id=draft.pk)).status_code == 404
    assert signed_in(outsider).get(url("version", version_id=national.pk)).status_code == 200


def test_a_version_downloads_as_yaml_that_imports_again(organisation, admin, signed_in, national):
    response = signed_in(admin).get(url("export", version_id=national.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="faircase-framework-national-v1.yaml"'
    spec = parse(response.content.decode())
    assert [c.code for c in spec.considerations] == codes(national)


def test_uploading_a_valid_file_publishes_a_new_version(organisation, admin, signed_in, national):
    text = presenters_admin.export_text(national).replace(
        "title: faircase national starter set", "title: Riverside official wording"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "riverside.yaml"
    response = signed_in(admin).post(
        url("upload", org_slug=organisation.slug), {"file": upload, "change_note": "Official wording"}
    )
    assert response.status_code == 302
    version = selectors.current_version(organisation)
    assert version.organisation == organisation
    assert version.title == "Riverside official wording"
    assert version.change_note == "Official wording"
    assert version.based_on == national
    event = last_event("framework.version_imported")
    assert event.summary["detail"] == {"source": "upload", "file": "riverside.yaml"}


def test_uploading_a_bad_file_shows_the_line_and_field_and_saves_nothing(organisation, admin, signed_in):
    upload = io.BytesIO(b"format: faircase-framework/1\ntitle: Bad\nprinciples: five\n")
    upload.name = "bad.yaml"
    versions, considerations, events = (
        FrameworkVersion.objects.count(),
        Consideration.objects.count(),
        AuditEvent.objects.count(),
    )
    response = signed_in(admin).post(url("upload", org_slug=organisation.slug), {"file": upload})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The file was not imported: line 3, field 'principles': must be a list" in page
    assert (FrameworkVersion.objects.count(), Consideration.objects.count(), AuditEvent.objects.count()) == (
        versions,
        considerations,
        events,
    )


def test_uploading_a_file_that_is_not_utf8_is_refused(organisation, admin, signed_in):
    upload = io.BytesIO("title: caf\u00e9".encode("latin-1"))
    upload.name = "latin.yaml"
    response = signed_in(admin).post(url("upload", org_slug=organisation.slug), {"file": upload})
    assert "saved as UTF-8" in response.content.decode()


# Files that crashed the upload (a 500) before PyYAML's composer was bounded: a key that is itself a list, and
# lists nested deeper than Python's recursion limit.
HOSTILE_FRAMEWORK_FILES = {
    "a complex key": "? [a, b]\n: c\n",
    "a complex key inside a principle": (
        "format: faircase-framework/1\ntitle: T\nprinciples:\n  - ? [principle]\n    : Welfare\n"
    ),
    "lists nested 20,000 deep": "principles: " + "[" * 20_000 + "]" * 20_000 + "\n",
    "block lists nested 20,000 deep": "principles:\n" + "- " * 20_000 + "x\n",
}


@pytest.mark.parametrize("content", HOSTILE_FRAMEWORK_FILES.values(), ids=HOSTILE_FRAMEWORK_FILES.keys())
def test_uploading_a_file_that_cannot_be_read_is_refused_and_saves_nothing(
    organisation, admin, signed_in, national, content
):
    upload = io.BytesIO(content.encode())
    upload.name = "hostile.yaml"
    before = (FrameworkVersion.objects.count(), Consideration.objects.count(), AuditEvent.objects.count())
    response = signed_in(admin).post(url("upload", org_slug=organisation.slug), {"file": upload})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The file could not be read: " in page
    assert (
        FrameworkVersion.objects.count(),
        Consideration.objects.count(),
        AuditEvent.objects.count(),
    ) == before
    assert selectors.current_version(organisation) == national


def test_uploading_with_nothing_chosen_asks_for_a_file(organisation, admin, signed_in):
    response = signed_in(admin).post(url("upload", org_slug=organisation.slug), {})
    assert "Choose a framework file to upload" in response.content.decode()


def test_uploading_while_a_draft_is_open_is_refused(organisation, admin, draft, signed_in, national):
    upload = io.BytesIO(presenters_admin.export_text(national).encode())
    upload.name = "f.yaml"
    response = signed_in(admin).post(url("upload", org_slug=organisation.slug), {"file": upload})
    assert "Publish or discard it before importing a file" in response.content.decode()
    assert selectors.current_version(organisation) == national
