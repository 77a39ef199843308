"""What the `faircase` management commands share: finding an organisation by its slug, with a clear error, and
the actor that the audit trail names for a change made on the command line."""

import getpass
import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from faircase.accounts.models import Organisation
from faircase.core.audit import Actor


def organisation_by_slug(slug: str) -> Organisation:
    """The organisation with this slug, or a CommandError that lists the slugs there are."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = (
            ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none yet"
        )
        raise CommandError(f"No organisation with the slug '{slug}'. Organisations: {known}.")
    return organisation


def command_line_actor(command: str) -> Actor:
    """The audit trail's actor for `faircase <command>`: the command and the operating-system user who ran it."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown user"
    return Actor(label=f"faircase {command} (command line, {who})")


def refused(error: ValidationError) -> CommandError:
    """A service's refusal as a command's error: its own words, then that nothing was changed."""
    said = ". ".join(message.rstrip(".") for message in error.messages)
    return CommandError(f"{said}. Nothing was changed.")


def write_whole_file(path: Path, content: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
