"""The disproportionality report: pages and exports."""

urlpatterns: list = []
