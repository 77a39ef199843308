"""The two kinds of disclosure bundle and the states of one: asked for, being made by the task worker (ADR 39),
a draft preview once made (or failed), then released."""

from django.db import models


class Kind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", "Subject access bundle"
    TRIBUNAL = "tribunal", "Tribunal bundle"


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    MAKING = "making", "Being made"
    FAILED = "failed", "Could not be made"
    DRAFT = "draft", "Draft preview"
    RELEASED = "released", "Released"


# The states in which the bundle's file exists and may be downloaded.
MADE = (Status.DRAFT, Status.RELEASED)
