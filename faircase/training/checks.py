"""A Django system check that reads every study file at start-up (manage.py check, migrate, runserver), so a fault
in an organisation's own study is met by whoever put it there, with the file and field, not by a learner."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from faircase.training.studies import StudyFileError, studies_for


@register()
def study_files_are_sound(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    owners = sorted(set(settings.FAIRCASE_TRAINING_STUDY_DIRS) | {""})
    errors = []
    for owner in owners:
        try:
            studies_for(owner)
        except StudyFileError as error:
            errors.append(
                Error(
                    str(error),
                    hint="Put the study file right, then start faircase again.",
                    id="training.E001",
                )
            )
    return errors
