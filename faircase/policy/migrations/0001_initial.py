"""PolicyPackVersion moves from the process app to policy, below cases. The table stays as it is
(process_policypackversion): only Django's record of which app owns the model changes."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("process", "0003_national_policy_packs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PolicyPackVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "key",
                            models.CharField(
                                help_text="Which policy: mhps_england, mhps_hpss, upsw, ...", max_length=40
                            ),
                        ),
                        ("number", models.PositiveIntegerField()),
                        ("title", models.CharField(max_length=200)),
                        (
                            "content",
                            models.JSONField(help_text="The checked pack: stages, moves, rules, notifications"),
                        ),
                        ("change_note", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("created_by_label", models.CharField(max_length=200)),
                        (
                            "based_on",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="policy.policypackversion",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="policy_packs",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "process_policypackversion",
                        "ordering": ["key", "organisation_id", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("organisation", "key", "number"), name="pack_version_number_unique"
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("organisation__isnull", True)),
                                fields=("key", "number"),
                                name="national_pack_version_unique",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
