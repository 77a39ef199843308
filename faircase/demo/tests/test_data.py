import dataclasses
import shutil

import pytest
from django.contrib.auth.password_validation import validate_password

from faircase.accounts.models import Organisation, User
from faircase.cases.models import Case, validate_registration
from faircase.core.models import AuditEvent
from faircase.demo.data import DATA_DIR, DemoDataError, demo_data, read_demo_data
from faircase.demo.services import DEMO_EMAIL_DOMAIN, load_demo


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the shipped demo data that a test may spoil."""
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def spoil(directory, name, old, new):
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_demo_password_passes_the_password_rules():
    for person in demo_data().accounts:
        user = User(
            username=person.username,
            full_name=person.full_name,
            email=f"{person.username}@{DEMO_EMAIL_DOMAIN}",
        )
        validate_password(person.password, user)
        assert len(person.password) >= 12


def test_every_registration_number_has_its_regulators_format():
    for story in demo_data().all_stories:
        validate_registration(story.practitioner["regulator"], story.practitioner["registration_number"])


def test_a_field_the_loader_does_not_know_is_refused_naming_the_file_and_case(data_copy):
    spoil(
        data_copy,
        "cases-riverside.yaml",
        "    policy: mhps_england\n",
        "    policy: mhps_england\n    polcy: x\n",
    )
    with pytest.raises(DemoDataError, match=r"cases-riverside\.yaml, case RIV-0147: 1 unknown field: polcy"):
        read_demo_data(data_copy)


def test_a_no_answer_without_a_follow_up_is_refused(data_copy):
    spoil(
        data_copy,
        "cases-northvale.yaml",
        "          PH1:\n",
        "          PH2:\n            answer: unknown\n          PH1:\n",
    )
    with pytest.raises(DemoDataError, match="PH2: a 'unknown' answer needs a follow_up"):
        read_demo_data(data_copy)


def test_steps_out_of_order_are_refused(data_copy):
    spoil(
        data_copy,
        "cases-bro-derwen.yaml",
        "      - close_follow_up: AP1\n        day: 3\n",
        "      - close_follow_up: AP1\n        day: 30\n",
    )
    with pytest.raises(DemoDataError, match="BD-0124, step 2: day 30 is before"):
        read_demo_data(data_copy)


def test_an_organisation_without_someone_in_every_role_is_refused(data_copy):
    spoil(
        data_copy,
        "organisations.yaml",
        "role: auditor,\n         password: walrus",
        "role: org_admin,\n         password: walrus",
    )
    with pytest.raises(DemoDataError, match="northvale: nobody holds the role"):
        read_demo_data(data_copy)


def test_a_story_that_skips_the_review_a_move_asks_for_is_refused_and_nothing_is_saved(db):
    data = demo_data()
    story = next(s for s in data.stories if s.reference == "RIV-0147")
    without_route_review = tuple(s for s in story.steps if s.values.get("review") != "route")
    broken = dataclasses.replace(
        data, stories=(dataclasses.replace(story, steps=without_route_review),), closed_cases=()
    )
    with pytest.raises(DemoDataError, match=r"RIV-0147.*asks for a route review"):
        load_demo(data=broken)
    assert not Organisation.objects.exists()
    assert not Case.objects.exists()
    assert not User.objects.filter(is_demo=True).exists()
    assert not AuditEvent.objects.exists()


def test_a_story_refused_by_a_service_names_the_case_and_step(db):
    data = demo_data()
    story = next(s for s in data.stories if s.reference == "RIV-0147")
    steps = list(story.steps)
    move = next(i for i, s in enumerate(steps) if s.kind == "move")
    values = {**steps[move].values, "open_follow_ups_reason": ""}
    steps[move] = dataclasses.replace(steps[move], values=values)
    broken = dataclasses.replace(
        data, stories=(dataclasses.replace(story, steps=tuple(steps)),), closed_cases=()
    )
    with pytest.raises(DemoDataError, match=rf"case RIV-0147, step {move + 1} \(move\): .*open follow-up"):
        load_demo(data=broken)
    assert not Case.objects.exists()


def test_an_existing_account_that_is_not_a_demo_login_is_never_taken_over(db):
    person = demo_data().accounts[0]
    User.objects.create_user(username=person.username, password="a real person's own password")
    with pytest.raises(DemoDataError, match="is not a demo account"):
        load_demo()
    assert not User.objects.get(username=person.username).is_demo


def test_welsh_guidance_for_a_consideration_without_english_guidance_is_refused(data_copy):
    spoil(data_copy, "framework.yaml", "    guidance_cy:\n      AP1:", "    guidance_cy:\n      PH1:")
    with pytest.raises(
        DemoDataError, match="guidance_cy: Welsh for guidance that is not given in English: PH1"
    ):
        read_demo_data(data_copy)


def test_the_adaptation_carries_the_welsh_of_what_it_adds_and_of_its_guidance():
    [adaptation] = demo_data().adaptations
    [added] = adaptation.add
    assert added.text_cy and added.guidance_cy
    assert set(adaptation.guidance_cy) == set(adaptation.guidance)
