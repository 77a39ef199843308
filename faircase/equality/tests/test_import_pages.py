"""The import pages: a workforce baseline uploaded and imported, historic cases uploaded, previewed (a dry run)
and imported only on confirming, problems listed by line and column, the organisation chosen among the user's,
and 404 for anyone who may not handle equality data."""

import html
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

import faircase
from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.equality import services_import
from faircase.equality.importers import CASE_COLUMNS
from faircase.equality.models import HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.tests import hostile_files as hostile
from faircase.equality.tests.factories import HistoricCaseFactory

pytestmark = pytest.mark.django_db

EXAMPLES = Path(faircase.__file__).parent / "data" / "examples"
PAGES = ["import_index", "import_workforce", "import_cases", "data_baselines"]


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.FAIRCASE_IMPORT_DIR = str(tmp_path / "staged")
    return tmp_path / "staged"


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


def token_in(response) -> str:
    """The preview's token, from the hidden field of its confirm form."""
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the preview page has no confirm form"
    return match.group(1)


def _staged_files(staging):
    return list(staging.glob("*.upload")) if staging.exists() else []


# ---- who may import ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["case_manager", "board_member", "responsible_officer", "auditor"])
def test_the_import_pages_answer_404_to_anyone_who_may_not_handle_equality_data(
    organisation, signed_in, name, role
):
    assert signed_in(member(organisation, role)).get(reverse(f"equality:{name}")).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_the_import_pages_open_for_an_organisation_administrator(organisation, signed_in, name):
    assert signed_in(member(organisation, "org_admin")).get(reverse(f"equality:{name}")).status_code == 200


def test_a_case_manager_cannot_post_a_file(organisation, signed_in):
    client = signed_in(member(organisation, "case_manager"))
    response = client.post(
        reverse("equality:import_workforce"), {"file": upload(EXAMPLES / "workforce-example.csv")}
    )
    assert response.status_code == 404
    assert not WorkforceBaseline.objects.exists()


def test_the_organisation_is_chosen_among_those_where_the_user_handles_equality_data(
    organisation, other_organisation, analyst, signed_in
):
    third = type(organisation).objects.create(
        slug="brookside", name="Brookside Fictional Trust", ods_code="ZB1"
    )
    Membership.objects.create(user=analyst, organisation=other_organisation, role="equality_analyst")
    Membership.objects.create(user=analyst, organisation=third, role="case_manager")  # no equality role there
    client = signed_in(analyst)

    page = client.get(reverse("equality:import_workforce")).content.decode()
    assert "Hillside Fictional Health Board" in page and "Riverside Fictional NHS Trust" in page
    assert "Brookside Fictional Trust" not in page

    refused = client.post(
        reverse("equality:import_workforce"),
        {"organisation": "brookside", "file": upload(EXAMPLES / "workforce-example.csv")},
    )
    assert (
        refused.status_code == 200 and "Choose the organisation the file is for" in refused.content.decode()
    )
    assert not WorkforceBaseline.objects.exists()

    client.post(
        reverse("equality:import_workforce"),
        {"organisation": "hillside", "file": upload(EXAMPLES / "workforce-example.csv")},
    )
    assert set(WorkforceBaseline.objects.values_list("organisation__slug", flat=True)) == {"hillside"}


# ---- workforce baselines ---------------------------------------------------------------------------------


def test_an_analyst_imports_a_workforce_baseline_and_sees_it_held(organisation, analyst, signed_in):
    client = signed_in(analyst)
    response = client.post(
        reverse("equality:import_workforce"), {"file": upload(EXAMPLES / "workforce-example.csv")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("equality:data_baselines")
    assert WorkforceBaseline.objects.filter(organisation=organisation).count() == 46
    batch = ImportBatch.objects.get()
    assert batch.imported_by == analyst and batch.filename == "workforce-example.csv"
    assert (
        AuditEvent.objects.get(action="equality.workforce_imported").summary["detail"]["source"] == "upload"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Imported 46 workforce headcounts for Riverside Fictional NHS Trust" in page
    assert "2025-26" in page and "428 in 6 groups" in page and "428 in 3 groups" in page
    assert "nhsuk-tag--orange" not in page  # no "Totals differ" tag


def test_the_baselines_page_flags_dimensions_whose_totals_differ(organisation, analyst, signed_in):
    text = "period,profession,dimension,group,headcount\n2025-26,dentist,sex,male,12\n2025-26,dentist,disability,no,11\n"
    client = signed_in(analyst)
    client.post(reverse("equality:import_workforce"), {"file": SimpleUploadedFile("b.csv", text.encode())})
    page = client.get(reverse("equality:data_baselines")).content.decode()
    assert "Dentist" in page and "12 in 1 group" in page and "11 in 1 group" in page
    assert "nhsuk-tag--orange" in page and "Totals differ" in page
    assert page.count("Not imported") == 3  # ethnicity, place of qualification and age band


def test_a_bad_workforce_file_lists_each_problem_and_imports_nothing(organisation, analyst, signed_in):
    text = "period,profession,dimension,group,headcount\n2025-26,doctor,sex,male,12\n2025-26,doctor,sex,female,-3\n"
    response = signed_in(analyst).post(
        reverse("equality:import_workforce"), {"file": SimpleUploadedFile("bad.csv", text.encode())}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The file was not imported: 1 problem in 1 row, listed below" in page
    assert "&#39;-3&#39; is not a whole number, 0 or more" in page
    assert not WorkforceBaseline.objects.exists()


def test_a_workforce_file_with_the_wrong_header_says_what_is_missing(organisation, analyst, signed_in):
    response = signed_in(analyst).post(
        reverse("equality:import_workforce"),
        {
            "file": SimpleUploadedFile(
                "bad.csv", b"period,profession,dimension,headcount\n2025-26,doctor,sex,3\n"
            )
        },
    )
    assert "In this file, missing: group." in response.content.decode()


def test_no_file_chosen_is_an_error(organisation, analyst, signed_in):
    response = signed_in(analyst).post(reverse("equality:import_workforce"), {})
    assert "Choose a file to upload" in response.content.decode()


# ---- historic cases: preview, then confirm ------------------------------------------------------------------


def test_historic_cases_are_previewed_then_imported_on_confirming(organisation, analyst, signed_in, staging):
    client = signed_in(analyst)

    preview = client.post(reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Check the historic cases before importing" in page
    assert (
        "cases-example.csv holds 24 historic cases for Riverside Fictional NHS Trust, with no problems. Nothing "
        "has been imported yet" in page
    )
    for period in ("2023-24", "2024-25", "2025-26"):
        assert period in page
    assert "Import these cases" in page
    assert not HistoricCase.objects.exists()
    assert len(_staged_files(staging)) == 1
    token = token_in(preview)

    response = client.post(reverse("equality:import_cases_confirm"), {"token": token, "action": "import"})

    assert response.status_code == 302
    assert HistoricCase.objects.filter(organisation=organisation).count() == 24
    assert ImportBatch.objects.get(kind="cases").imported_by == analyst
    assert _staged_files(staging) == []
    page = client.get(response["Location"]).content.decode()
    assert "Imported 24 historic cases for Riverside Fictional NHS Trust (2023-24 to 2025-26)" in page
    # The same token cannot import twice.
    assert client.post(reverse("equality:import_cases_confirm"), {"token": token}).status_code == 404
    assert HistoricCase.objects.count() == 24


def test_cancelling_the_preview_imports_nothing_and_removes_the_file(
    organisation, analyst, signed_in, staging
):
    client = signed_in(analyst)
    token = token_in(
        client.post(reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")})
    )

    response = client.post(reverse("equality:import_cases_confirm"), {"token": token, "action": "cancel"})

    assert response.status_code == 302
    assert not HistoricCase.objects.exists()
    assert _staged_files(staging) == []


def test_an_xlsx_workbook_is_previewed_and_imported(organisation, analyst, signed_in):
    workbook = Workbook()
    workbook.active.append(list(CASE_COLUMNS))
    workbook.active.append(
        [
            "W-1",
            "P-1",
            "dentist",
            "2024-07-01",
            "mixed",
            "eea",
            "male",
            "30_39",
            "no",
            "yes",
            "yes",
            "no",
            "no",
        ]
    )
    content = io.BytesIO()
    workbook.save(content)
    client = signed_in(analyst)

    preview = client.post(
        reverse("equality:import_cases"), {"file": SimpleUploadedFile("historic.xlsx", content.getvalue())}
    )
    assert "historic.xlsx holds 1 historic case for Riverside Fictional NHS Trust" in preview.content.decode()
    client.post(reverse("equality:import_cases_confirm"), {"token": token_in(preview)})
    assert HistoricCase.objects.get().exclusion is True


def test_a_bad_cases_file_is_refused_at_the_preview_with_every_problem(
    organisation, analyst, signed_in, staging
):
    HistoricCaseFactory(organisation=organisation, reference="HIST-2024-003")
    response = signed_in(analyst).post(
        reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")}
    )

    page = response.content.decode()
    assert "The file was not imported: 1 problem in 1 row, listed below" in page
    assert "is already held for Riverside Fictional NHS Trust" in page
    assert "Import these cases" not in page
    assert HistoricCase.objects.count() == 1
    assert _staged_files(staging) == []


@pytest.mark.parametrize(
    "hostile_file",
    [hostile.cut_short, hostile.billion_laughs, hostile.cell_of_256_mb],
    ids=["a sheet cut short", "billion laughs", "a cell of 256 MB"],
)
def test_a_workbook_that_cannot_be_read_is_refused_at_the_preview_and_not_kept(
    organisation, analyst, signed_in, staging, hostile_file
):
    response = signed_in(analyst).post(
        reverse("equality:import_cases"), {"file": SimpleUploadedFile("historic.xlsx", hostile_file())}
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert "The file could not be read: " in page
    assert "The file was not imported: The file" not in page
    assert "Import these cases" not in page
    assert not HistoricCase.objects.exists()
    assert _staged_files(staging) == []


def test_a_staged_file_is_removed_even_when_checking_it_fails_unexpectedly(
    organisation, analyst, signed_in, staging, monkeypatch
):
    def fails(**kwargs):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(services_import, "import_cases", fails)
    with pytest.raises(RuntimeError):
        signed_in(analyst).post(
            reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")}
        )
    assert _staged_files(staging) == []


def test_a_staged_file_is_removed_even_when_the_import_fails_unexpectedly(
    organisation, analyst, signed_in, staging, monkeypatch
):
    client = signed_in(analyst)
    token = token_in(
        client.post(reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")})
    )
    assert len(_staged_files(staging)) == 1

    def fails(**kwargs):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(services_import, "import_cases", fails)
    with pytest.raises(RuntimeError):
        client.post(reverse("equality:import_cases_confirm"), {"token": token})
    assert _staged_files(staging) == []


def test_a_workforce_workbook_that_cannot_be_read_is_refused_and_audited(organisation, analyst, signed_in):
    response = signed_in(analyst).post(
        reverse("equality:import_workforce"),
        {"file": SimpleUploadedFile("baseline.xlsx", hostile.billion_laughs())},
    )

    assert response.status_code == 200
    assert "The file could not be read: " in html.unescape(response.content.decode())
    assert not WorkforceBaseline.objects.exists()
    refused = AuditEvent.objects.get(action="equality.import_refused")
    assert refused.summary["detail"]["reason"].startswith("The file could not be read: ")


def test_a_file_imported_elsewhere_between_preview_and_confirm_is_refused_then(
    organisation, analyst, signed_in, staging
):
    client = signed_in(analyst)
    token = token_in(
        client.post(reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")})
    )
    HistoricCaseFactory(organisation=organisation, reference="HIST-2025-008")

    response = client.post(reverse("equality:import_cases_confirm"), {"token": token})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "&#39;HIST-2025-008&#39; is already held" in page
    assert HistoricCase.objects.count() == 1
    assert _staged_files(staging) == []


def test_a_preview_of_another_session_cannot_be_confirmed(organisation, analyst, signed_in, client):
    token = token_in(
        signed_in(analyst).post(
            reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")}
        )
    )
    client.logout()
    other = member(organisation, "org_admin", username="other-admin")
    client.force_login(other)
    assert client.post(reverse("equality:import_cases_confirm"), {"token": token}).status_code == 404
    assert not HistoricCase.objects.exists()


def test_an_expired_preview_asks_for_the_file_again(organisation, analyst, signed_in, staging):
    client = signed_in(analyst)
    token = token_in(
        client.post(reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")})
    )
    for path in _staged_files(staging):
        path.unlink()

    response = client.post(reverse("equality:import_cases_confirm"), {"token": token}, follow=True)

    assert (
        "The preview had expired and nothing was imported: upload the file again."
        in response.content.decode()
    )
    assert not HistoricCase.objects.exists()


def test_the_imports_page_lists_the_files_imported(organisation, analyst, signed_in):
    client = signed_in(analyst)
    client.post(reverse("equality:import_workforce"), {"file": upload(EXAMPLES / "workforce-example.csv")})
    page = client.get(reverse("equality:import_index")).content.decode()
    assert "workforce-example.csv" in page and "Workforce baseline" in page and "Ana Lyst" in page


def test_a_kept_file_that_changed_after_the_preview_is_not_imported(
    organisation, analyst, signed_in, staging
):
    client = signed_in(analyst)
    token = token_in(
        client.post(reverse("equality:import_cases"), {"file": upload(EXAMPLES / "cases-example.csv")})
    )
    (staged,) = _staged_files(staging)
    staged.write_bytes(staged.read_bytes().replace(b"HIST-2023-001", b"HIST-2023-999"))

    response = client.post(reverse("equality:import_cases_confirm"), {"token": token}, follow=True)

    assert "The preview had expired and nothing was imported" in response.content.decode()
    assert not HistoricCase.objects.exists()
