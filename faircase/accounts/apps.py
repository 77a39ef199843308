from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "faircase.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
