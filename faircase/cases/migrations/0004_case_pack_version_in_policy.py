"""The case's policy pack version now belongs to the policy app; the column and its table are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_case_pack_version"),
        ("policy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="pack_version",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The policy pack version the case is handled under; it stays unless moved with a reason",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="policy.policypackversion",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
