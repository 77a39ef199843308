"""Where document files are kept: never where the web server serves files, and in an S3-compatible object store
when production settings name one (tested with moto, which answers the S3 API inside this process: no network)."""

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from faircase.config.settings import base
from faircase.documents import services
from faircase.documents.storage import document_storage
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document

BUCKET = "faircase-fictional-documents"


def test_the_default_storage_is_a_private_folder_outside_everything_the_web_server_serves():
    options = base.STORAGES["documents"]["OPTIONS"]
    location = Path(options["location"]).resolve()
    served = [base.STATIC_ROOT, base.WHITENOISE_ROOT, *base.STATICFILES_DIRS]
    assert base.STORAGES["documents"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert all(not location.is_relative_to(Path(folder).resolve()) for folder in served)
    assert (options["file_permissions_mode"], options["directory_permissions_mode"]) == (0o600, 0o700)


@pytest.mark.django_db
def test_a_document_path_is_not_served_as_a_static_file(case, case_manager, signed_in):
    document = add_document(case, case_manager)
    name = document.versions.get().storage_name
    client = signed_in(case_manager)
    for url in (
        f"/{name}",
        f"/static/{name}",
        f"/assets/{name}",
        f"/documents/{name}",
        f"/no-public-url/{name}",
    ):
        assert client.get(url).status_code == 404


@pytest.fixture
def s3(settings, monkeypatch):
    moto = pytest.importorskip("moto", reason="moto is a development dependency")
    pytest.importorskip("storages.backends.s3", reason="faircase's s3 extra (django-storages, boto3)")
    for name, value in {
        "AWS_ACCESS_KEY_ID": "fictional-key",
        "AWS_SECRET_ACCESS_KEY": "fictional-secret",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        import boto3

        client = boto3.client("s3", region_name="eu-west-2")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        # As production.py names it when FAIRCASE_DOCUMENTS_S3_BUCKET is set.
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-west-2",
                    "location": "documents",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        yield client


@pytest.mark.django_db
def test_documents_go_to_an_s3_bucket_by_settings_alone_and_come_back_through_the_download(
    s3, case, case_manager, signed_in
):
    content = files.pdf("Kept in object storage")
    document = services.add_document(
        case=case, file=files.upload("statement.pdf", content), name="statement.pdf", kind="statement",
        dated=dt.date(2026, 3, 2), marking="disclosable", by=case_manager,
    )  # fmt: skip
    version = document.versions.get()
    stored = s3.get_object(Bucket=BUCKET, Key=f"documents/{version.storage_name}")
    assert stored["Body"].read() == content
    assert type(document_storage()).__name__ == "S3Storage"

    url = reverse(
        "documents:download",
        kwargs={"case_id": case.pk, "document_id": document.pk, "version_id": version.pk},
    )
    response = signed_in(case_manager).get(url)
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == version.sha256


@pytest.mark.django_db
def test_a_refused_file_leaves_nothing_in_the_bucket(s3, case, case_manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_document(
            case=case, file=files.upload("s.pdf", files.windows_executable()), name="s.pdf", kind="statement",
            dated=dt.date(2026, 3, 2), marking="disclosable", by=case_manager,
        )  # fmt: skip
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0


def test_the_production_settings_name_the_bucket_from_the_environment(monkeypatch):
    import importlib
    import sys

    from faircase.config.tests.test_settings import MINIMAL_ENV

    for name, value in MINIMAL_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FAIRCASE_DOCUMENTS_S3_BUCKET", BUCKET)
    monkeypatch.setenv("FAIRCASE_DOCUMENTS_S3_ENDPOINT_URL", "https://objects.example.invalid")
    monkeypatch.setenv("FAIRCASE_CLAMD_SOCKET", "/run/clamav/clamd.ctl")
    sys.modules.pop("faircase.config.settings.production", None)
    production = importlib.import_module("faircase.config.settings.production")
    try:
        storage = production.STORAGES["documents"]
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        assert storage["OPTIONS"]["bucket_name"] == BUCKET
        assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example.invalid"
        assert storage["OPTIONS"]["default_acl"] == "private"
        assert production.FAIRCASE_CLAMD_SOCKET == "/run/clamav/clamd.ctl"
        assert settings.STORAGES["documents"]["BACKEND"] != storage["BACKEND"]  # the test run is untouched
        assert base.STORAGES["documents"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    finally:
        sys.modules.pop("faircase.config.settings.production", None)
