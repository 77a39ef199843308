"""A framework file refused on import names its fault in the language in use (issue 16): whole sentences for the
line and field, in English word for word as before."""

import html
import io

import pytest
from django.urls import reverse
from django.utils import translation

from faircase.accounts.tests.factories import member
from faircase.framework.principles import FIXED_PRINCIPLES_MESSAGE, FixedPrincipleError
from faircase.framework.yamlformat import FrameworkFileError, parse

NO_TITLE = "format: faircase-framework/1\nprinciples: []\n"
SIXTH = "format: faircase-framework/1\ntitle: T\nprinciples:\n" + "".join(
    f"  - principle: {name}\n    considerations: []\n"
    for name in [
        "Ensuring welfare and support",
        "Understanding the issues",
        "Ensuring the practitioner is heard",
        "Adherence to process",
        "Equity and proportionality",
        "A sixth",
    ]
)


def _refusal(text, kind=FrameworkFileError) -> str:
    with pytest.raises(kind) as refused:
        parse(text)
    return str(refused.value)


def test_a_framework_file_is_refused_in_english_as_before():
    with translation.override("en"):
        assert _refusal(NO_TITLE) == "line 1, field 'title': is missing"
        assert (
            _refusal("format: other\n")
            == "line 1, field 'format': must be 'faircase-framework/1', not 'other'"
        )
        assert _refusal("") == "the file is empty"
        sixth = _refusal(SIXTH, FixedPrincipleError)
        assert sixth.startswith("line 14, field 'principle': 'A sixth' would add a sixth Principle.")
        assert sixth.endswith(FIXED_PRINCIPLES_MESSAGE)


def test_a_framework_file_is_refused_in_welsh_for_a_welsh_reader():
    with translation.override("cy"):
        assert _refusal(NO_TITLE) == "llinell 1, maes 'title': ar goll"
        assert _refusal("format: other\n") == (
            "llinell 1, maes 'format': rhaid iddo fod yn 'faircase-framework/1', nid 'other'"
        )
        assert _refusal("") == "mae'r ffeil yn wag"
        sixth = _refusal(SIXTH, FixedPrincipleError)
        assert sixth.startswith(
            "llinell 14, maes 'principle': byddai 'A sixth' yn ychwanegu chweched Egwyddor."
        )
        # The Principles are named as files name them, in a Welsh sentence.
        assert "1. Ensuring welfare and support" in sixth and "The five Principles" not in sixth


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "shown"),
    [
        ("? [a, b]\n: c\n", "Nid oedd modd darllen y ffeil: mae gan linell 1 restr neu set o feysydd"),
        (NO_TITLE, "Ni fewnforiwyd y ffeil: llinell 1, maes 'title': ar goll"),
    ],
)
def test_a_welsh_administrator_uploading_a_bad_file_reads_why_in_welsh(
    organisation, signed_in, content, shown
):
    admin = member(
        organisation, "org_admin", username="gweinyddwr", full_name="Gwen Gweinyddwr", language="cy"
    )
    upload = io.BytesIO(content.encode())
    upload.name = "fframwaith.yaml"
    response = signed_in(admin).post(
        reverse("framework:upload", kwargs={"org_slug": organisation.slug}), {"file": upload}
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert shown in page
    assert "could not be read" not in page and "is missing" not in page
