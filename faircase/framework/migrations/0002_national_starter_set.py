"""Ship the national starter set of considerations as version 1, so every installation has it."""

from pathlib import Path

from django.db import migrations
from django.utils import timezone

STARTER = Path(__file__).resolve().parents[2] / "data" / "framework" / "national.yaml"


def load(apps, schema_editor):
    from faircase.framework.yamlformat import parse

    FrameworkVersion = apps.get_model("framework", "FrameworkVersion")
    Consideration = apps.get_model("framework", "Consideration")
    if FrameworkVersion.objects.filter(organisation__isnull=True).exists():
        return
    spec = parse(STARTER.read_text(encoding="utf-8"))
    now = timezone.now()
    version = FrameworkVersion.objects.create(
        organisation=None, number=1, title=spec.title, created_by_label="faircase (national starter set)",
        change_note="The starter set that faircase ships.", created_at=now, published_at=now,
    )
    Consideration.objects.bulk_create(
        Consideration(
            version=version, code=c.code, principle=c.principle, position=i, text=c.text, guidance=c.guidance,
            review_points=c.review_points, retired=c.retired,
        )
        for i, c in enumerate(spec.considerations, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
