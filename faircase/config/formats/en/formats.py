"""faircase's English is British English: Django's en_GB formats under the language code `en` (ADR 41)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
