"""Rows holding case content are named by kind and key only, so their content never reaches logs or the admin."""

from faircase.core.models import NamedByKeyModel
from faircase.practitioners.models import DistressEvent


def test_a_row_with_case_content_is_named_only_by_its_kind_and_key():
    event = DistressEvent(pk=7, what_happened="A private account of distress", action_taken="Called the GP")
    assert isinstance(event, NamedByKeyModel)
    assert str(event) == "distress event 7"
