"""Policy pack versions: the rules a case follows, kept as checked data."""

from django.db import models
from django.utils import timezone


class PolicyPackVersion(models.Model):
    """One version of a policy pack: stages, moves, timescale rules and notifications, as data.

    The shipped national versions have no organisation. An organisation adapts a pack as a new version; a case
    stays on the version it started under unless someone moves it, with a reason.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="policy_packs"
    )
    key = models.CharField(max_length=40, help_text="Which policy: mhps_england, mhps_hpss, upsw, ...")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    content = models.JSONField(help_text="The checked pack: stages, moves, rules, notifications")
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    change_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_label = models.CharField(max_length=200)

    class Meta:
        # Made in the process app before policies had their own; the table keeps its name.
        db_table = "process_policypackversion"
        ordering = ["key", "organisation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "number"], name="pack_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["key", "number"],
                condition=models.Q(organisation__isnull=True),
                name="national_pack_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"
