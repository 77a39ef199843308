"""What the documents tests look at: the files in the storage."""

from faircase.documents.storage import document_storage


def stored_files(top: str = "") -> list[str]:
    """Every file in the documents storage."""
    storage = document_storage()
    folders, names = storage.listdir(top)
    found = [f"{top}/{name}".lstrip("/") for name in names]
    for folder in folders:
        found += stored_files(f"{top}/{folder}".lstrip("/"))
    return found
