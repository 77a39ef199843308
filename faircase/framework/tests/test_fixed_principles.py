"""The five Principles are fixed. No screen, API, import or admin path can rename, reorder, add or remove one,
and every attempt is refused with a message that says so."""

import html
import io

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.accounts.tests.factories import UserFactory, member
from faircase.core.models import AuditEvent
from faircase.framework import admin as framework_admin
from faircase.framework import presenters_admin, selectors, services
from faircase.framework.models import Consideration, FrameworkVersion
from faircase.framework.principles import (
    FIXED_PRINCIPLES_MESSAGE,
    PRINCIPLES_IN_ORDER,
    FixedPrincipleError,
    Principle,
)
from faircase.framework.yamlformat import FrameworkFileError

NAMES = [
    "Ensuring welfare and support",
    "Understanding the issues",
    "Ensuring the practitioner is heard",
    "Adherence to process",
    "Equity and proportionality",
]


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="admin", full_name="Ada Administrator")


@pytest.fixture
def national(db):
    return FrameworkVersion.objects.get(organisation__isnull=True)


def counts():
    return FrameworkVersion.objects.count(), Consideration.objects.count(), AuditEvent.objects.count()


def national_text(national) -> str:
    return presenters_admin.export_text(national)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ---- in code ----------------------------------------------------------------------------------------------


def test_the_five_principles_are_the_frameworks_names_in_its_order():
    assert [p.label for p in PRINCIPLES_IN_ORDER] == NAMES
    assert list(Principle) == list(PRINCIPLES_IN_ORDER)


def test_there_is_no_principle_model_to_edit():
    assert not [m for m in apps.get_models() if m.__name__.lower() == "principle"]


def test_the_message_names_all_five_in_order():
    positions = [FIXED_PRINCIPLES_MESSAGE.index(f"{i}. {name}") for i, name in enumerate(NAMES, start=1)]
    assert positions == sorted(positions)
    assert "cannot be renamed, reordered, added or removed" in FIXED_PRINCIPLES_MESSAGE


# ---- import: the file's Principles must be exactly the five ---------------------------------------------


def renamed(text: str) -> tuple[str, int]:
    changed = text.replace("principle: Understanding the issues", "principle: Understanding the concern")
    return changed, line_of(changed, "principle: Understanding the concern")


def reordered(text: str) -> tuple[str, int]:
    welfare = text.index("- principle: Ensuring welfare and support")
    understanding = text.index("- principle: Understanding the issues")
    heard = text.index("- principle: Ensuring the practitioner is heard")
    changed = text[:welfare] + text[understanding:heard] + text[welfare:understanding] + text[heard:]
    return changed, line_of(changed, "principle: Understanding the issues")


def sixth(text: str) -> tuple[str, int]:
    changed = text + "- principle: Value for money\n  considerations:\n  - code: VM1\n    text: Cheap.\n"
    return changed, line_of(changed, "principle: Value for money")


def missing(text: str) -> tuple[str, int]:
    changed = text[: text.index("- principle: Equity and proportionality")]
    return changed, line_of(changed, "- principle: Ensuring welfare and support")  # where the list starts


ATTEMPTS = {
    "rename": (renamed, "would rename 'Understanding the issues'"),
    "reorder": (reordered, "is out of order (expected 'Ensuring welfare and support')"),
    "add": (sixth, "would add a sixth Principle"),
    "remove": (missing, "'Equity and proportionality' is missing"),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_an_import_that_would_change_a_principle_is_refused_whole(organisation, admin, national, attempt):
    change, words = ATTEMPTS[attempt]
    text, line = change(national_text(national))
    before = counts()
    with pytest.raises(FixedPrincipleError) as error:
        services.import_version_file(organisation=organisation, text=text, by=admin, source="test")
    message = str(error.value)
    assert f"line {line}, field 'principle" in message
    assert words in message
    assert FIXED_PRINCIPLES_MESSAGE in message
    assert counts() == before
    assert selectors.current_version(organisation) == national


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_an_upload_that_would_change_a_principle_shows_why_and_saves_nothing(
    organisation, admin, national, signed_in, attempt
):
    change, words = ATTEMPTS[attempt]
    text, line = change(national_text(national))
    upload = io.BytesIO(text.encode())
    upload.name = "framework.yaml"
    before = counts()
    response = signed_in(admin).post(
        reverse("framework:upload", kwargs={"org_slug": organisation.slug}), {"file": upload}
    )
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert f"line {line}, field 'principle" in page
    assert words in page
    assert FIXED_PRINCIPLES_MESSAGE in page
    assert counts() == before


def test_an_import_may_not_leave_a_principle_with_nothing_to_ask(organisation, admin, national):
    text = national_text(national)
    for code in ["EP1", "EP2", "EP3", "EP4", "EP5", "EP6"]:
        text = text.replace(f"  - code: {code}\n", f"  - code: {code}\n    retired: true\n")
    before = counts()
    with pytest.raises(FrameworkFileError) as error:
        services.import_version_file(organisation=organisation, text=text, by=admin, source="test")
    message = str(error.value)
    assert f"line {line_of(text, 'principle: Equity and proportionality')}, field 'considerations'" in message
    assert "'Equity and proportionality' has no consideration in use" in message
    assert counts() == before


# ---- the adaptation screens only ever offer the five ----------------------------------------------------


def test_the_add_form_offers_exactly_the_five_principles_to_choose_from(organisation, admin, signed_in):
    services.start_adaptation(organisation=organisation, by=admin)
    page = (
        signed_in(admin)
        .get(reverse("framework:add", kwargs={"org_slug": organisation.slug}))
        .content.decode()
    )
    assert page.count('type="radio"') == 5
    for i, (principle, name) in enumerate(zip(PRINCIPLES_IN_ORDER, NAMES, strict=True), start=1):
        assert f'value="{principle.value}"' in page
        assert f"{i}. {name}" in page


def test_a_principle_that_is_not_one_of_the_five_is_refused_by_the_service(organisation, admin):
    draft = services.start_adaptation(organisation=organisation, by=admin)
    with pytest.raises(ValidationError) as error:
        services.add_consideration(version=draft, principle="value_for_money", text="Cheap.", by=admin)
    assert FIXED_PRINCIPLES_MESSAGE in error.value.message_dict["principle"][0]
    assert Consideration.objects.filter(version=draft).count() == 33


def test_retiring_the_last_consideration_of_a_principle_is_refused(organisation, admin):
    draft = services.start_adaptation(organisation=organisation, by=admin)
    for code in ["EP1", "EP2", "EP3", "EP4", "EP5"]:
        services.retire_consideration(
            consideration=Consideration.objects.get(version=draft, code=code), by=admin
        )
    last = Consideration.objects.get(version=draft, code="EP6")
    with pytest.raises(
        ValidationError, match="'Equity and proportionality' would have no consideration in use"
    ):
        services.retire_consideration(consideration=last, by=admin)
    last.refresh_from_db()
    assert not last.retired


def test_narrowing_review_points_may_not_leave_a_principle_silent_at_one(organisation, admin):
    draft = services.start_adaptation(organisation=organisation, by=admin)
    for code in ["EP1", "EP2", "EP3", "EP4", "EP5"]:
        services.retire_consideration(
            consideration=Consideration.objects.get(version=draft, code=code), by=admin
        )
    last = Consideration.objects.get(version=draft, code="EP6")
    with pytest.raises(ValidationError, match="at the 'Commencement of the case' review point"):
        services.change_consideration(consideration=last, review_points=["closure"], by=admin)


def test_the_retire_page_explains_the_refusal(organisation, admin, signed_in):
    draft = services.start_adaptation(organisation=organisation, by=admin)
    for code in ["EP1", "EP2", "EP3", "EP4", "EP5"]:
        services.retire_consideration(
            consideration=Consideration.objects.get(version=draft, code=code), by=admin
        )
    response = signed_in(admin).post(
        reverse("framework:retire", kwargs={"org_slug": organisation.slug, "code": "EP6"})
    )
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert "The five Principles are fixed" in page


def test_every_framework_page_shows_all_five_principles_in_order(organisation, admin, signed_in, national):
    draft = services.start_adaptation(organisation=organisation, by=admin)
    client = signed_in(admin)
    for address in [
        reverse("framework:draft", kwargs={"org_slug": organisation.slug}),
        reverse("framework:version", kwargs={"version_id": draft.pk}),
        reverse("framework:version", kwargs={"version_id": national.pk}),
    ]:
        page = client.get(address).content.decode()
        positions = [page.index(f"{i}. {name}</h") for i, name in enumerate(NAMES, start=1)]
        assert positions == sorted(positions), address


# ---- the API: read the Principles, never write them -----------------------------------------------------


def test_the_api_lists_the_five_principles_in_order(organisation, signed_in):
    response = signed_in(member(organisation, "case_manager")).get("/api/v1/principles")
    assert response.status_code == 200
    assert response.json() == [
        {"code": p.value, "name": p.label, "position": i} for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1)
    ]


def test_the_api_reads_one_principle_by_its_code(organisation, signed_in):
    client = signed_in(member(organisation, "case_manager"))
    assert client.get("/api/v1/principles/heard").json() == {
        "code": "heard",
        "name": "Ensuring the practitioner is heard",
        "position": 3,
    }
    assert client.get("/api/v1/principles/value_for_money").status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/principles", "/api/v1/principles/welfare", "/api/v1/principles/sixth"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_any_write_to_the_principles_answers_405_with_the_fixed_message(
    organisation, signed_in, path, method
):
    client = signed_in(member(organisation, "org_admin"))
    before = counts()
    response = getattr(client, method)(
        path, data={"name": "Value for money"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert response.json() == {"message": FIXED_PRINCIPLES_MESSAGE}
    assert response["Allow"] == "GET"
    assert counts() == before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_refusal_is_the_same_for_someone_not_signed_in(client, method, db):
    response = getattr(client, method)("/api/v1/principles", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"message": FIXED_PRINCIPLES_MESSAGE}


# ---- Django's admin: look, never touch ------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_the_admin_shows_versions_and_considerations_read_only_with_the_reason(
    signed_in, superuser, national
):
    client = signed_in(superuser)
    for address in [
        reverse("admin:framework_frameworkversion_changelist"),
        reverse("admin:framework_consideration_changelist"),
        reverse("admin:framework_frameworkversion_change", args=[national.pk]),
    ]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert FIXED_PRINCIPLES_MESSAGE in html.unescape(response.content.decode()), address


def test_the_admin_shows_the_reason_beside_a_considerations_principle(signed_in, superuser, national):
    ws1 = Consideration.objects.get(version=national, code="WS1")
    response = signed_in(superuser).get(reverse("admin:framework_consideration_change", args=[ws1.pk]))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert 'name="principle"' not in page  # shown, not editable
    assert page.count(FIXED_PRINCIPLES_MESSAGE) >= 2  # the message at the top and the help beside the field


def test_the_admin_refuses_to_add_change_or_delete(signed_in, superuser, national):
    client = signed_in(superuser)
    ws1 = Consideration.objects.get(version=national, code="WS1")
    before = counts()
    attempts = [
        client.get(reverse("admin:framework_consideration_add")),
        client.post(reverse("admin:framework_consideration_add"), {"code": "X1", "principle": "welfare"}),
        client.post(
            reverse("admin:framework_consideration_change", args=[ws1.pk]),
            {"principle": "equity", "text": "Renamed"},
        ),
        client.post(reverse("admin:framework_consideration_delete", args=[ws1.pk]), {"post": "yes"}),
        client.post(reverse("admin:framework_frameworkversion_delete", args=[national.pk]), {"post": "yes"}),
    ]
    # Refused: permission denied (which faircase answers as "not found", like everything a user may not do).
    assert {response.status_code for response in attempts} <= {403, 404}
    ws1.refresh_from_db()
    assert (ws1.principle, ws1.text) != ("equity", "Renamed")
    assert counts() == before


@pytest.mark.parametrize(
    ("model", "model_admin"),
    [
        (FrameworkVersion, framework_admin.FrameworkVersionAdmin),
        (Consideration, framework_admin.ConsiderationAdmin),
    ],
)
def test_the_admin_permissions_are_off_for_everyone(rf, superuser, model, model_admin):
    request = rf.get("/")
    request.user = superuser
    registered = django_admin.site._registry[model]
    assert isinstance(registered, model_admin)
    assert not registered.has_add_permission(request)
    assert not registered.has_change_permission(request)
    assert not registered.has_delete_permission(request)
    assert registered.has_view_permission(request)
