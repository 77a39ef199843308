"""How the crawl tells English interface text on a Welsh page (faircase/core/tests/welsh_pages.py): the checks
the crawl relies on, each shown to catch what it must and to pass what it must."""

import pytest

from faircase.core.tests.welsh_pages import data_text, untranslated, visible_texts
from faircase.framework.models import Consideration

PAGE = """<!doctype html><html lang="cy"><head><title>{title}</title></head><body>
<main><h1>{heading}</h1><p>{text}</p>
<button lang="en-GB"><span>Change the language to </span>English</button>
<a href="/x" aria-label="{label}">x</a><script>const english = "the case";</script></main></body></html>"""


def page(title="Achosion - faircase", heading="Eich achosion", text="Dim achosion.", label="Agor"):
    return PAGE.format(title=title, heading=heading, text=text, label=label)


def test_a_welsh_page_has_nothing_untranslated():
    assert untranslated(page(), data="") == []


@pytest.mark.parametrize(
    "english",
    [
        {"heading": "Your cases"},
        {"title": "Add a concern - faircase"},
        {"label": "Open the case"},
        {"text": "Dim achosion. There is nothing to review."},
    ],
)
def test_english_in_a_heading_title_label_or_sentence_is_found(english):
    assert untranslated(page(**english), data="")


def test_text_marked_as_english_and_scripts_are_not_read():
    texts = list(visible_texts(page()))
    assert "English" not in " ".join(texts)
    assert "the case" not in " ".join(texts)


def test_data_people_entered_is_not_interface_text():
    typed = "The practitioner was late for five night shifts."
    assert untranslated(page(text=typed), data=f"something\n{typed}\nelse") == []
    assert untranslated(page(text=f"Disgrifiad: {typed}"), data=typed) == []


@pytest.mark.django_db
def test_the_english_of_data_with_welsh_beside_it_is_not_counted_as_data():
    english = Consideration.objects.exclude(text_cy="").values_list("text", flat=True).first()
    assert english, "the national framework has Welsh considerations"
    assert english not in data_text()
    assert untranslated(page(text=english), data=data_text())
