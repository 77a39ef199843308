import pytest
from django.core.files.storage import storages

from faircase.accounts.tests.factories import member
from faircase.documents.storage import STORAGE_ALIAS


@pytest.fixture(autouse=True)
def fresh_document_storage():
    """Each test starts with an empty documents storage (the test settings keep it in memory)."""
    storages._storages.pop(STORAGE_ALIAS, None)
    yield
    storages._storages.pop(STORAGE_ALIAS, None)


@pytest.fixture
def investigator(organisation):
    return member(organisation, "case_investigator", username="ci", full_name="Indira Investigator")
