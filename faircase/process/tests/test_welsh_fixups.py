"""The process app's English left on Welsh pages: periods in words, key-date events, case page section titles."""

from types import SimpleNamespace

from django.utils import translation

from faircase.cases.sections import registered
from faircase.policy.events import KEY_DATE_EVENTS
from faircase.policy.packs import Rule


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
    return SimpleNamespace(**{**defaults, **values})


def period_in_words(rule):
    return Rule.period_in_words(rule)


def test_a_period_reads_in_welsh():
    with translation.override("cy"):
        assert period_in_words(_rule()) == "4 wythnos ar ôl penodi'r ymchwilydd achos"
        counted = period_in_words(_rule(starts_on="period_started", amount=2, first_day_counts=True))
        assert counted == "2 wythnos ar ôl i bob cyfnod ddechrau, gan gynnwys y diwrnod hwnnw"


def test_the_english_period_reads_as_before():
    with translation.override("en"):
        assert period_in_words(_rule()) == "4 weeks after the case investigator was appointed"
        counted = period_in_words(_rule(starts_on="period_started", amount=2, first_day_counts=True))
        assert counted == "2 weeks from the day each period starts, that day counted"


def test_when_a_rule_applies_reads_in_welsh():
    rule = SimpleNamespace(
        restriction_kinds=["formal_exclusion"], only_when=["capability"], not_when=[], repeats=False
    )
    with translation.override("en"):
        assert Rule.applies_text.fget(rule) == (
            "formal exclusion; only in a capability case (a capability hearing date is recorded)"
        )
    with translation.override("cy"):
        assert "only" not in Rule.applies_text.fget(rule)


def test_key_date_events_read_in_welsh_and_keep_their_english():
    with translation.override("cy"):
        welsh = {value: str(label) for value, label in KEY_DATE_EVENTS}
    assert welsh["concern_came_to_notice"] == "Daeth y pryder i sylw'r sefydliad"
    with translation.override("en"):
        assert (
            str(dict(KEY_DATE_EVENTS)["concern_came_to_notice"])
            == "Concern came to the organisation's notice"
        )


def test_the_restrictions_section_title_is_welsh():
    titles = {section.key: section.title for section in registered()}
    with translation.override("cy"):
        assert str(titles["restrictions"]) == "Cyfyngiadau, gwaharddiadau ac ataliadau dros dro"
    with translation.override("en"):
        assert str(titles["restrictions"]) == "Restrictions, exclusions and suspensions"


def test_the_exclusions_return_reads_in_welsh_and_its_files_stay_english():
    import datetime as dt

    from faircase.process import returns

    document = returns.ExclusionsReturn(
        organisation=SimpleNamespace(name="Bro Derwen", ods_code="7A0"),
        month=returns.Month(2026, 12),
        as_of=dt.date(2026, 12, 3),
        generated_at=dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC),
        generated_by="Rhodri Tal (rhodri)",
    )
    with translation.override("cy"):
        assert document.month.label == "Rhagfyr 2026"
        assert document.share_text == "Nid oedd unrhyw adolygiadau'n ddyledus"
        assert " gan Rhodri Tal" in document.generated
    with translation.override("en"):
        assert document.month.label == "December 2026"
        assert document.target_text == "Not applicable: no reviews fell due in the month up to the as-of date"
    with translation.override("cy"):
        content = returns.render_csv(document).decode("utf-8-sig")
    assert "No reviews fell due" in content and "December 2026" in content
