"""Ship release 2 of the national policy packs (faircase/data/policy_packs/national/2/), corrected against their
sources: a new national version of every pack whose content changed, and version 1 of the packs that release
adds (performers lists in Wales, family practitioners in Northern Ireland). Cases keep the version they started
under; moving one to the new version takes a reason (faircase.process.services_packs.move_case_to_pack_version).
A pack whose latest national version already has this content is left alone, so the migration can run twice."""

from django.db import migrations
from django.utils import timezone

RELEASE = 2
NOTE = (
    "Release 2: corrected against the sources listed in the outside review of December 2026 "
    "(faircase/data/policy_packs/README.md says what changed)."
)


def load(apps, schema_editor):
    from faircase.policy.packs import parse_pack, released_keys, shipped_text

    PolicyPackVersion = apps.get_model("policy", "PolicyPackVersion")
    now = timezone.now()
    for key in released_keys(RELEASE):
        content = parse_pack(shipped_text(key, release=RELEASE))
        latest = PolicyPackVersion.objects.filter(organisation__isnull=True, key=key).order_by("-number").first()
        if latest is not None and {**latest.content, "change_note": ""} == {**content, "change_note": ""}:
            continue
        content = {**content, "change_note": NOTE if latest is not None else "The national pack that faircase ships."}
        PolicyPackVersion.objects.create(
            organisation=None,
            key=key,
            number=latest.number + 1 if latest is not None else 1,
            title=content["title"],
            content=content,
            based_on=latest,
            change_note=content["change_note"],
            created_at=now,
            created_by_label="faircase (national policy packs)",
        )


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
