from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """Policy packs, workflows and the working-day calendar: the rules a case follows. Below `cases`: it imports
    no app that holds case data."""

    name = "faircase.policy"
    label = "policy"
    verbose_name = "Policies and timescales"
