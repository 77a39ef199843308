"""The practitioner's side of the case page (faircase.cases.sections): their own view, welfare, voice,
letters and communications, and surveys."""

from django.utils.translation import gettext_lazy

from faircase.cases.sections import CaseSection, register
from faircase.practitioners.presenters_comms import case_comms_context
from faircase.practitioners.presenters_portal import case_portal_context
from faircase.practitioners.presenters_surveys import case_surveys_context
from faircase.practitioners.presenters_voice import case_voice_context, case_welfare_context


def register_sections() -> None:
    for section in (
        CaseSection(
            "practitioner-account",
            gettext_lazy("The practitioner's own view"),
            "practitioners/_case_portal.jinja",
            80,
            lambda case, user, today: {"portal": case_portal_context(case, user, today)},
        ),
        CaseSection(
            "welfare",
            gettext_lazy("Welfare and support"),
            "practitioners/_case_welfare.jinja",
            90,
            lambda case, user, today: {"welfare": case_welfare_context(case, user, today)},
        ),
        CaseSection(
            "voice",
            gettext_lazy("The practitioner's voice"),
            "practitioners/_case_voice.jinja",
            100,
            lambda case, user, today: {"voice": case_voice_context(case, user, today)},
        ),
        CaseSection(
            "communications",
            gettext_lazy("Letters and communications"),
            "practitioners/_case_comms.jinja",
            110,
            case_comms_context,
        ),
        CaseSection(
            "surveys", gettext_lazy("Surveys"), "practitioners/_case_surveys.jinja", 120, case_surveys_context
        ),
    ):
        register(section)


def register_record_sections() -> None:
    from faircase.practitioners.presenters_comms import communication_record_entries, letter_record_entries
    from faircase.records.sections import RecordSectionSpec
    from faircase.records.sections import register as register_record

    register_record(
        RecordSectionSpec(
            "letters",
            gettext_lazy("Letters sent to the practitioner"),
            130,
            lambda case, generated_on: letter_record_entries(case),
            gettext_lazy("No letter has been sent to the practitioner."),
        )
    )
    register_record(
        RecordSectionSpec(
            "communications",
            gettext_lazy("Communications with the practitioner"),
            132,
            lambda case, generated_on: communication_record_entries(case),
            gettext_lazy("No communication with the practitioner is logged."),
        )
    )
