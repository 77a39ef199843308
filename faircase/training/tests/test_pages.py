"""The training pages: a learner works through a study, a facilitator runs a session, and what others may not see
answers 404."""

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.training.models import Attempt, StageAnswer
from faircase.training.rules import MINIMUM_GROUP
from faircase.training.tests.factories import STUDY_KEY, a_study, completed, session_with_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(organisation):
    return member(organisation, "case_investigator", username="learner", full_name="Lena Learner")


@pytest.fixture
def facilitator(organisation):
    return member(organisation, "case_manager", username="facilitator", full_name="Faye Facilitator")


def _stage_post(stage, answer="unknown", decision=None):
    data = {f"consideration_{code}": answer for code in stage.considerations}
    data["decision"] = decision or stage.options[0].key
    return data


def test_a_learner_answers_each_step_then_sees_the_authors_view(client, organisation, learner):
    client.force_login(learner)
    study = a_study()
    assert client.get(reverse("training:index")).url == reverse("training:home", args=["riverside"])
    home = client.get(reverse("training:home", args=["riverside"]))
    assert study.title in home.content.decode() and "Not started" in home.content.decode()

    started = client.post(reverse("training:study", args=["riverside", STUDY_KEY]))
    first = study.stages[0]
    assert started.url == reverse("training:stage", args=["riverside", STUDY_KEY, first.key])
    # The authors' view waits for the learner's own answers.
    view_url = reverse("training:stage_view", args=["riverside", STUDY_KEY, first.key])
    assert client.get(view_url).url == started.url

    page = client.get(started.url).content.decode()
    assert first.facts[0][:40] in page and first.question in page

    answered = client.post(started.url, _stage_post(first))
    assert answered.url == view_url
    feedback = client.get(view_url).content.decode()
    assert first.discussion[0].replace("'", "&#39;")[:30] in feedback
    assert "further inquiry" in feedback

    second = study.stages[1]
    client.post(reverse("training:stage", args=["riverside", STUDY_KEY, second.key]), _stage_post(second))
    assert Attempt.objects.get(user=learner).completed_at is not None
    assert "Completed" in client.get(reverse("training:home", args=["riverside"])).content.decode()


def test_a_step_with_answers_missing_says_what_is_wrong_and_saves_nothing(client, organisation, learner):
    client.force_login(learner)
    client.post(reverse("training:study", args=["riverside", STUDY_KEY]))
    first = a_study().stages[0]
    response = client.post(reverse("training:stage", args=["riverside", STUDY_KEY, first.key]), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Answer {first.considerations[0]}: yes, no or unknown" in page
    assert "Choose the decision you would make" in page
    assert not StageAnswer.objects.exists()


def test_a_facilitator_runs_a_session_and_sees_answers_without_names(client, organisation, facilitator):
    learners = [
        member(organisation, "case_investigator", username=f"l{n}", full_name=f"Named Learner {n}")
        for n in range(MINIMUM_GROUP)
    ]
    session = session_with_answers(organisation, facilitator, learners)
    client.force_login(facilitator)
    page = client.get(reverse("training:session", args=["riverside", session.pk])).content.decode()
    assert session.join_code in page
    assert "the group&#39;s answers to the considerations" in page
    assert "Named Learner" not in page
    # A facilitator does not answer in their own session.
    stage_url = reverse("training:session_stage", args=["riverside", session.pk, a_study().stages[0].key])
    assert client.get(stage_url).status_code == 302


def test_a_learner_in_a_session_sees_only_their_own_answers(client, organisation, facilitator):
    learners = [member(organisation, "case_investigator", username=f"l{n}") for n in range(MINIMUM_GROUP)]
    session = session_with_answers(organisation, facilitator, learners)
    client.force_login(learners[1])
    page = client.get(reverse("training:session", args=["riverside", session.pk])).content.decode()
    assert "the group" not in page and session.join_code not in page
    first = a_study().stages[0]
    view = client.get(reverse("training:session_stage_view", args=["riverside", session.pk, first.key]))
    assert view.status_code == 200


def test_joining_by_code_on_the_page(client, organisation, facilitator, learner):
    session = session_with_answers(organisation, facilitator, [])
    client.force_login(learner)
    wrong = client.post(reverse("training:session_join", args=["riverside"]), {"code": "ZZZZZZ"})
    assert "No session of your organisation has that code" in wrong.content.decode()
    joined = client.post(reverse("training:session_join", args=["riverside"]), {"code": session.join_code})
    assert joined.url == reverse("training:session", args=["riverside", session.pk])


def test_other_organisations_and_people_not_in_a_session_get_404(client, organisation, facilitator, learner):
    session = session_with_answers(organisation, facilitator, [])
    elsewhere = OrganisationFactory(slug="elsewhere")
    outsider = member(elsewhere, "org_admin", username="outsider")
    urls = [
        reverse("training:home", args=["riverside"]),
        reverse("training:study", args=["riverside", STUDY_KEY]),
        reverse("training:session", args=["riverside", session.pk]),
        reverse("training:record", args=["riverside"]),
        reverse("training:session_join", args=["riverside"]),
    ]
    client.force_login(outsider)
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    # Their own organisation's path does not reach another's session either.
    assert client.get(reverse("training:session", args=["elsewhere", session.pk])).status_code == 404
    client.force_login(learner)
    assert client.get(reverse("training:session", args=["riverside", session.pk])).status_code == 404
    assert client.get(reverse("training:record", args=["riverside"])).status_code == 404
    assert client.get(reverse("training:session_new", args=["riverside"])).status_code == 404


def test_the_training_record_page_lists_completions_for_the_administrator(client, organisation, learner):
    completed(organisation, learner)
    admin = member(organisation, "org_admin", username="admin")
    client.force_login(admin)
    page = client.get(reverse("training:record", args=["riverside"])).content.decode()
    assert "Lena Learner" in page and a_study().title in page


def test_staff_see_training_in_the_header_and_someone_with_no_organisation_does_not(
    organisation, learner, rf
):
    from faircase.accounts.tests.factories import UserFactory
    from faircase.core.navigation import navigation

    def texts(user):
        request = rf.get("/")
        request.user = user
        return [item["text"] for item in navigation(request)]

    assert "Training" in texts(learner)
    assert "Training" not in texts(UserFactory(username="nobody"))


def test_an_organisations_own_study_is_offered_and_marked_as_its_own(
    client, organisation, learner, tmp_path, settings
):
    import yaml

    from faircase.training.studies import NATIONAL_DIR

    own = yaml.safe_load((NATIONAL_DIR / f"{STUDY_KEY}.yaml").read_text(encoding="utf-8"))
    own |= {"key": "riverside-own", "title": "A study of Riverside's own"}
    (tmp_path / "own.yaml").write_text(yaml.safe_dump(own), encoding="utf-8")
    settings.FAIRCASE_TRAINING_STUDY_DIRS = {"riverside": str(tmp_path)}
    client.force_login(learner)
    page = client.get(reverse("training:home", args=["riverside"])).content.decode()
    assert "A study of Riverside&#39;s own" in page and "Your organisation's own study." in page
    assert client.get(reverse("training:study", args=["riverside", "riverside-own"])).status_code == 200
