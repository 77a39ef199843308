"""The process app's English left on Welsh pages: periods in words, key-date events, case page section titles."""

from types import SimpleNamespace

from django.utils import translation

from faircase.cases.sections import registered
from faircase.policy.events import KEY_DATE_EVENTS
from faircase.process.event_labels import key_date_choices
from faircase.process.period_words import period_in_words


def _rule(**values):
    defaults = {
        "starts_on": "investigator_appointed",
        "restriction_kinds": [],
        "period_number": None,
        "amount": 4,
        "unit": "weeks",
        "first_day_counts": False,
        "direction": "after",
    }
    return SimpleNamespace(**{**defaults, **values}, period_in_words=lambda: "the policy app's English")


def test_a_period_reads_in_welsh():
    with translation.override("cy"):
        assert period_in_words(_rule()) == "4 wythnos ar ôl penodi'r ymchwilydd achos"
        counted = period_in_words(_rule(starts_on="period_started", amount=2, first_day_counts=True))
        assert counted == "2 wythnos ar ôl i bob cyfnod ddechrau, gan gynnwys y diwrnod hwnnw"


def test_the_english_period_is_the_policy_apps_own():
    with translation.override("en"):
        assert period_in_words(_rule()) == "the policy app's English"


def test_key_date_events_read_in_welsh_and_keep_their_english():
    with translation.override("cy"):
        welsh = dict(key_date_choices())
    assert welsh["concern_came_to_notice"] == "Daeth y pryder i sylw'r sefydliad"
    with translation.override("en"):
        assert key_date_choices() == [(value, str(label)) for value, label in KEY_DATE_EVENTS]


def test_the_restrictions_section_title_is_welsh():
    titles = {section.key: section.title for section in registered()}
    with translation.override("cy"):
        assert str(titles["restrictions"]) == "Cyfyngiadau, gwaharddiadau ac ataliadau dros dro"
    with translation.override("en"):
        assert str(titles["restrictions"]) == "Restrictions, exclusions and suspensions"
