"""Where document files are kept: Django's storage API, the named storage "documents" (settings.STORAGES).

The file system under var/documents by default (outside the web root: WhiteNoise serves only static files and
var/assets-root); an S3-compatible object store in production by settings alone (docs/adr/0014). Names in the
storage are made here from identifiers faircase chose; nothing a person typed or a file was called reaches them.
"""

from __future__ import annotations

import uuid

from django.core.files.storage import Storage, storages

STORAGE_ALIAS = "documents"


def document_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def storage_name(*, case_id: uuid.UUID, document_id: uuid.UUID, version_id: uuid.UUID) -> str:
    return f"cases/{case_id}/{document_id}/{version_id}"
