"""The two kinds of disclosure bundle and the two states of one."""

from django.db import models


class Kind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", "Subject access bundle"
    TRIBUNAL = "tribunal", "Tribunal bundle"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft preview"
    RELEASED = "released", "Released"
