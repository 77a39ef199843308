"""The support directory and letters as their sources say (checked December 2026, see
../shared/domain/process-rules-review.md "Support data"), and installed as shipped."""

from faircase.practitioners.letters import national_templates
from faircase.practitioners.models import LetterTemplate, SupportEntry
from faircase.practitioners.support_data import NATIONAL_FIELDS, directory_entries


def _entry(key):
    return next(e for e in directory_entries() if e["key"] == key)


def test_practitioner_performance_advice_also_talks_with_practitioners():
    assert "talks with practitioners" in _entry("practitioner-performance-advice")["description"]


def test_freedom_to_speak_up_guardians_are_listed_for_england_only():
    assert _entry("freedom-to-speak-up")["nations"] == ["england"]


def test_each_profession_is_pointed_to_a_defence_body_that_names_its_own_kind():
    medical = _entry("defence-organisations")
    assert set(medical["professions"]) == {"doctor", "dentist"}
    pharmacy = _entry("pharmacy-defence")
    assert pharmacy["professions"] == ["pharmacist"] and "pharmacists" in pharmacy["description"]


def test_the_meeting_invitation_names_a_defence_organisation_representative():
    from faircase.practitioners.letters import library

    body = next(t for t in national_templates() if t.kind == "meeting_invitation").body
    assert "{accompanied}" in body
    for pack in ("mhps_england", "mhps_hpss", "upsw"):
        assert "representative of a defence organisation" in library().values[pack]["accompanied"]


def test_the_installed_national_entries_and_templates_are_the_shipped_ones(db):
    for entry in directory_entries():
        installed = SupportEntry.objects.get(organisation__isnull=True, key=entry["key"])
        assert {name: getattr(installed, name) for name in NATIONAL_FIELDS} == {
            name: entry[name] for name in NATIONAL_FIELDS
        }
    for template in national_templates():
        installed = LetterTemplate.objects.get(organisation__isnull=True, kind=template.kind)
        assert (installed.title, installed.body) == (template.title, template.body)
