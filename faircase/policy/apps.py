from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """Policy packs, workflows and the working-day calendar: the rules a case follows. Below `cases`: it imports
    no app that holds case data."""

    name = "faircase.policy"
    label = "policy"
    verbose_name = "Policies and timescales"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from faircase.policy.models import PolicyPackVersion
        from faircase.policy.packs import forget_cached_packs

        def forget(**_: object) -> None:
            forget_cached_packs()

        # Versions never change once saved, but an id can come back after a rollback or a flush and restore (as
        # between tests): any save or delete, a raw restore included, empties the cache of packs read by id.
        post_save.connect(forget, sender=PolicyPackVersion, weak=False, dispatch_uid="policy-pack-saved")
        post_delete.connect(forget, sender=PolicyPackVersion, weak=False, dispatch_uid="policy-pack-deleted")
