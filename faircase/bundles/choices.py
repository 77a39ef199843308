"""The two kinds of disclosure bundle and the states of one: asked for, being made by the task worker (ADR 39),
a draft preview once made (or failed), then released."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", _("Subject access bundle")
    TRIBUNAL = "tribunal", _("Tribunal bundle")


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    MAKING = "making", _("Being made")
    FAILED = "failed", _("Could not be made")
    DRAFT = "draft", _("Draft preview")
    RELEASED = "released", _("Released")


# The states in which the bundle's file exists and may be downloaded.
MADE = (Status.DRAFT, Status.RELEASED)
