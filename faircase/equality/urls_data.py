"""Equality data and imports: pages for equality analysts and organisation administrators."""

urlpatterns: list = []
