"""Lists of people offered as choices are in the order of the reader's alphabet (issue 16, item 5): in Welsh, "Ll"
is a letter of its own after "L", so Lowri comes before Llinos; in English the order stays the database's."""

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import member


def _order_on_page(client, case, names):
    page = client.get(reverse("cases:name_person", kwargs={"case_id": case.pk})).content.decode()
    assert all(name in page for name in names)
    return sorted(names, key=page.index)


@pytest.mark.django_db
def test_people_to_name_on_a_case_are_in_welsh_alphabetical_order_for_a_welsh_reader(
    case, organisation, case_manager, signed_in
):
    names = ["Llinos Evans", "Lowri Jones", "Cadi Owen", "Chris Hughes"]
    for n, name in enumerate(names):
        member(organisation, "hr_adviser", username=f"person-{n}", full_name=name)
    client = signed_in(case_manager)

    assert _order_on_page(client, case, names) == ["Cadi Owen", "Chris Hughes", "Llinos Evans", "Lowri Jones"]

    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    assert _order_on_page(client, case, names) == ["Cadi Owen", "Chris Hughes", "Lowri Jones", "Llinos Evans"]
