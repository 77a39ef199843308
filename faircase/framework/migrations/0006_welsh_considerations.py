"""Welsh beside the English of each consideration (ADR 41), and the national starter set's Welsh filled in."""

from pathlib import Path

from django.db import migrations, models

STARTER = Path(__file__).resolve().parents[2] / "data" / "framework" / "national.yaml"


def add_national_welsh(apps, schema_editor):
    """Give the considerations already stored the starter set's Welsh: the national version's, and any
    organisation's whose English is still the national wording word for word (an adaptation copies the
    national text, so the same words deserve the same Welsh). Welsh already written is never replaced."""
    from faircase.framework.yamlformat import parse

    Consideration = apps.get_model("framework", "Consideration")
    spec = parse(STARTER.read_text(encoding="utf-8"))
    for item in spec.considerations:
        if item.text_cy:
            Consideration.objects.filter(code=item.code, text=item.text, text_cy="").update(
                text_cy=item.text_cy
            )
        if item.guidance and item.guidance_cy:
            Consideration.objects.filter(code=item.code, guidance=item.guidance, guidance_cy="").update(
                guidance_cy=item.guidance_cy
            )


class Migration(migrations.Migration):
    dependencies = [("framework", "0005_one_open_follow_up_per_consideration")]

    operations = [
        migrations.AddField(
            model_name="consideration",
            name="guidance_cy",
            field=models.TextField(blank=True, help_text="The local guidance in Welsh"),
        ),
        migrations.AddField(
            model_name="consideration",
            name="text_cy",
            field=models.TextField(blank=True, help_text="The consideration in Welsh"),
        ),
        migrations.RunPython(add_national_welsh, migrations.RunPython.noop),
    ]
