import pytest
from django.core.files.storage import storages

from faircase.documents.storage import STORAGE_ALIAS


@pytest.fixture(autouse=True)
def fresh_document_storage():
    """Each test starts with an empty documents storage (the test settings keep it in memory)."""
    storages._storages.pop(STORAGE_ALIAS, None)
    yield
    storages._storages.pop(STORAGE_ALIAS, None)
