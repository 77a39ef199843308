"""PolicyPackVersion leaves the process app's state for the policy app's (same table, nothing in the database
changes); the pack changes of a case point at it there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("process", "0003_national_policy_packs"),
        ("policy", "0001_initial"),
        ("cases", "0004_case_pack_version_in_policy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="packchange",
                    name="from_version",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="policy.policypackversion",
                    ),
                ),
                migrations.AlterField(
                    model_name="packchange",
                    name="to_version",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="policy.policypackversion"
                    ),
                ),
                migrations.RemoveConstraint(model_name="policypackversion", name="pack_version_number_unique"),
                migrations.RemoveConstraint(model_name="policypackversion", name="national_pack_version_unique"),
                migrations.DeleteModel(name="PolicyPackVersion"),
            ],
            database_operations=[],
        ),
    ]
