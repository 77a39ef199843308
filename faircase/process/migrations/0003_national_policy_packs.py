"""Ship the national policy packs of release 1 (faircase/data/policy_packs/national/1/*.yaml) as version 1 of each,
so every installation has them. A pack already present (for example from an earlier run) is left alone."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from faircase.policy.packs import parse_pack, released_keys, shipped_text

    PolicyPackVersion = apps.get_model("process", "PolicyPackVersion")
    now = timezone.now()
    for key in released_keys(1):
        if PolicyPackVersion.objects.filter(organisation__isnull=True, key=key).exists():
            continue
        content = parse_pack(shipped_text(key, release=1))
        PolicyPackVersion.objects.create(
            organisation=None,
            key=key,
            number=1,
            title=content["title"],
            content=content,
            change_note="The national pack that faircase ships.",
            created_at=now,
            created_by_label="faircase (national policy packs)",
        )


class Migration(migrations.Migration):
    dependencies = [("process", "0002_reminders_title")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
