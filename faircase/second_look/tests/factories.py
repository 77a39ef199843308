"""Set-up for the blind second look tests: a named practitioner, reviewers, and requests made through the services."""

import datetime as dt

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.second_look import services

PRACTITIONER_NAME = "Dr Adaeze O'Neill-Okafor"

DESCRIPTION = (
    "Dr Okafor's discharge summary on ward 7 omitted a change of anticoagulant dose. She said her rota was "
    "short that week. Mrs O'Neill-Okafor, a 67-year-old Nigerian woman who qualified in Nigeria, was the only "
    "locum on shift. A. O'Neill-Okafor later told the ward sister that he had not been shown the system."
)


def named_case(organisation, case_manager, *, description: str = DESCRIPTION, **practitioner_fields):
    fields = {
        "full_name": PRACTITIONER_NAME,
        "grade": "Specialty doctor",
        "specialty": "Acute medicine",
        "contract_type": "locum",
        "qualification_region": "rest_of_world",
        "qualification_country": "Nigeria",
        "registration_number": "7012345",
        **practitioner_fields,
    }
    practitioner = PractitionerFactory(organisation=organisation, **fields)
    concern = concern_fields(
        occurred_on=dt.date(2025, 3, 1), raised_on=dt.date(2025, 3, 22), description=description
    )
    return open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        concern=concern,
        summary="Locum specialty doctor, first concern.",
    )


def reviewer(organisation, **fields):
    """A designated board member: someone who cannot open the organisation's cases unless named on one."""
    fields.setdefault("username", "rev")
    fields.setdefault("full_name", "Robin Reviewer")
    return member(organisation, "board_member", **fields)


def drafted(
    case, case_manager, person, *, decision="formal_investigation", proposed_route="formal_investigation"
):
    return services.draft_second_look(
        case=case, decision=decision, proposed_route=proposed_route, reviewer=person, by=case_manager
    )


def sent(case, case_manager, person, **kwargs):
    return services.send_second_look(
        second_look=drafted(case, case_manager, person, **kwargs), by=case_manager
    )


def answered(case, case_manager, person, *, route="informal_resolution", **kwargs):
    second_look = sent(case, case_manager, person, **kwargs)
    return services.answer_second_look(
        second_look=second_look, route=route, reasons="A first, isolated lapse.", by=person
    )
