"""`faircase bundle`: prepares the bundle as the web page does and writes its PDF, or says what is wrong and
writes nothing."""

import pytest
from django.core.management import CommandError, call_command

from faircase.bundles.models import Bundle
from faircase.bundles.tests import factories as F
from faircase.bundles.tests.reading import pages
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_command_writes_a_redacted_subject_access_bundle(tmp_path):
    world = F.world(documents=False)
    out = tmp_path / "bundle.pdf"
    call_command(
        "bundle", "subject-access", "--practitioner", world.practitioner.registration_number,
        "--org", "kernow", "--out", str(out), "--redact", F.WITNESS,
    )  # fmt: skip
    bundle = Bundle.objects.get()
    whole = " ".join(pages(out.read_bytes()))
    assert F.PRACTITIONER in whole and "Penhallow" not in whole
    assert bundle.redacted_terms == [F.WITNESS] and bundle.prepared_by_label.startswith("faircase bundle")
    assert AuditEvent.objects.filter(action="bundle.prepared", actor_label=bundle.prepared_by_label).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["subject-access", "--practitioner", "0000000", "--org", "kernow"],
            "No practitioner with the registration number '0000000'",
        ),
        (["tribunal", "KER-9999", "--org", "kernow"], "No case with the reference 'KER-9999'"),
        (["tribunal", "KER-0001", "--org", "nowhere"], "No organisation with the short name 'nowhere'"),
        (["tribunal", "KER-0001", "--org", "kernow", "--redact", "x"], "'x' is too short to redact"),
    ],
)
def test_bad_input_says_what_is_wrong_and_writes_nothing(tmp_path, arguments, message):
    F.world(documents=False)
    out = tmp_path / "bundle.pdf"
    with pytest.raises(CommandError, match=message) as refused:
        call_command("bundle", *arguments, "--out", str(out))
    assert "Nothing was written." in str(refused.value)
    assert not out.exists() and Bundle.objects.count() == 0
